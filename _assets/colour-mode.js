// The colour-mode button changes the page on a reader's first tap. The book opens light, and the theme
// keeps that as if the reader had chosen "light"; its button then steps light -> auto, which on a light
// system looks the same, so the first tap seemed to do nothing. A reader who has chosen nothing on a
// light system starts in "auto" instead: the same light page, and the first tap turns it dark. (On a dark
// system the book opens light, and the first tap already turns it dark.)
if (!localStorage.getItem("mode") && !matchMedia("(prefers-color-scheme: dark)").matches) {
  document.documentElement.dataset.mode = "auto";
}
