// Draw every chart on the page with the vendored Vega bundle (no network needed).
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("figure.book-chart").forEach(function (figure) {
    var view = figure.querySelector(".book-chart-view");
    var spec = JSON.parse(figure.querySelector("script.book-chart-spec").textContent);
    vegaEmbed(view, spec, { actions: false, renderer: "svg" })
      .then(function () {
        figure.classList.add("is-drawn");
        performance.mark("chart-drawn:" + figure.id);
      })
      .catch(function (error) {
        figure.classList.add("has-error");
        view.textContent = "This chart could not be drawn here; the printed version is shown instead.";
        console.error("chart " + figure.id + ": " + error);
      });
  });
});
