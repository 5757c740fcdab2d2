// Draw the book's charts with the vendored Vega bundle (no network needed).
// - Charts draw as they scroll into view; the ones on the first screen draw at once. The Vega bundle
//   loads with the first chart drawn.
// - A chart with a narrow variant draws it where its view is narrower than data-below px.
// - Charts follow the page's colour mode (the theme's light/dark toggle) and redraw when it changes.
(function () {
  // The Vega bundle (about 300 kB compressed) loads with the first chart, not with the page.
  var script = document.currentScript;
  var BUNDLE = script && script.dataset.vegaBundle;
  var vegaLoading = null;
  function loadVega() {
    if (window.vegaEmbed) return Promise.resolve();
    if (!vegaLoading) {
      vegaLoading = new Promise(function (resolve, reject) {
        var tag = document.createElement("script");
        tag.src = BUNDLE;
        tag.onload = resolve;
        tag.onerror = function () { reject(new Error("could not load the chart library " + BUNDLE)); };
        document.head.appendChild(tag);
      });
    }
    return vegaLoading;
  }

  var DARK = {
    background: "transparent",
    axis: { labelColor: "#e0e0e0", titleColor: "#f0f0f0", gridColor: "#3a3a3a", domainColor: "#9a9a9a", tickColor: "#9a9a9a" },
    legend: { labelColor: "#e0e0e0", titleColor: "#f0f0f0" },
    header: { labelColor: "#e0e0e0", titleColor: "#f0f0f0" },
    title: { color: "#f0f0f0", subtitleColor: "#e0e0e0" },
    text: { color: "#e0e0e0" },
    view: { stroke: null }
  };

  function isDark() { return document.documentElement.dataset.theme === "dark"; }

  function greyToLight(value) {
    // A dark grey set on a mark (#333, #555555) becomes its light counterpart on a dark page.
    var m = /^#([0-9a-f])\1\1$/i.exec(value) || /^#([0-9a-f]{2})\1\1$/i.exec(value);
    if (!m) return value;
    var level = parseInt(m[1].length === 1 ? m[1] + m[1] : m[1], 16);
    if (level > 120) return value;
    var light = (255 - level).toString(16).padStart(2, "0");
    return "#" + light + light + light;
  }

  function forDark(node) {
    if (Array.isArray(node)) return node.map(forDark);
    if (node && typeof node === "object") {
      var out = {};
      Object.keys(node).forEach(function (key) {
        var value = node[key];
        out[key] = (typeof value === "string" && /^(color|fill|stroke)$/.test(key)) ? greyToLight(value) : forDark(value);
      });
      return out;
    }
    return node;
  }

  function merge(base, extra) {
    var out = Object.assign({}, base);
    Object.keys(extra).forEach(function (key) {
      out[key] = (extra[key] && typeof extra[key] === "object" && !Array.isArray(extra[key]))
        ? merge(base[key] || {}, extra[key]) : extra[key];
    });
    return out;
  }

  function chosenSpec(figure, view) {
    var narrow = figure.querySelector("script.book-chart-spec-narrow");
    var below = narrow ? parseInt(narrow.dataset.below || "560", 10) : 0;
    var useNarrow = narrow && view.clientWidth < below;
    var spec = JSON.parse((useNarrow ? narrow : figure.querySelector("script.book-chart-spec")).textContent);
    figure.dataset.layout = useNarrow ? "narrow" : "wide";
    if (isDark()) {
      spec = forDark(spec);
      spec.config = merge(spec.config || {}, DARK);
    }
    return spec;
  }

  function draw(figure) {
    var view = figure.querySelector(".book-chart-view");
    var key = (isDark() ? "dark" : "light") + ":" + view.clientWidth;
    figure.dataset.drawnFor = key;
    return loadVega()
      .then(function () { return vegaEmbed(view, chosenSpec(figure, view), { actions: false, renderer: "svg" }); })
      .then(function (result) {
        if (figure._view) figure._view.finalize();
        figure._view = result.view;
        figure.classList.add("is-drawn");
        figure.dataset.mode = isDark() ? "dark" : "light";
        // A chart wider than its column scrolls inside its own box, never the page; the box is then
        // reachable by keyboard.
        if (view.scrollWidth > view.clientWidth + 1) view.setAttribute("tabindex", "0");
        else view.removeAttribute("tabindex");
        performance.mark("chart-drawn:" + figure.id);
      })
      .catch(function (error) {
        figure.classList.add("has-error");
        view.textContent = "This chart could not be drawn here; the printed version is shown instead.";
        console.error("chart " + figure.id + ": " + error);
      });
  }

  function start() {
    var figures = Array.prototype.slice.call(document.querySelectorAll("figure.book-chart"));
    if (!figures.length) return;
    var visible = function (f) { var r = f.getBoundingClientRect(); return r.top < innerHeight && r.bottom > 0; };
    var observer = "IntersectionObserver" in window ? new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting) { observer.unobserve(entry.target); draw(entry.target); }
      });
    }, { rootMargin: "300px 0px" }) : null;
    figures.forEach(function (figure) {
      if (!observer || visible(figure)) draw(figure);
      else observer.observe(figure);
    });
    // Redraw drawn charts when the colour mode changes, or when a resize crosses a narrow breakpoint.
    new MutationObserver(function () {
      figures.forEach(function (f) { if (f.classList.contains("is-drawn") && f.dataset.mode !== (isDark() ? "dark" : "light")) draw(f); });
    }).observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme"] });
    var timer;
    window.addEventListener("resize", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        figures.forEach(function (f) {
          if (!f.classList.contains("is-drawn")) return;
          var narrow = f.querySelector("script.book-chart-spec-narrow");
          if (!narrow) return;
          var wantNarrow = f.querySelector(".book-chart-view").clientWidth < parseInt(narrow.dataset.below || "560", 10);
          if ((f.dataset.layout === "narrow") !== wantNarrow) draw(f);
        });
      }, 200);
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
