// The book's charts: static first, interactive on demand (no network needed).
// - Each chart shows at once as its static drawings (wide, or narrow in a column under 560 px; CSS).
// - The first touch, hover or keyboard focus on a chart loads the vendored Vega bundle (once per page)
//   and the chart's specs (a small script the build wrote beside its CSV), and draws the interactive
//   chart in place of the drawing. A reader who only reads loads neither.
// - On a touch screen a tap shows the tooltip of the mark under the finger (or within TAP_REACH px);
//   a tap outside every chart closes it. The first tap brings in the interactive chart, whose labels are
//   measured in the reader's font, so its marks can sit a few pixels from where the drawing put them.
// - A chart with a narrow variant draws it where its view is narrower than data-below px.
(function () {
  var script = document.currentScript;
  var BUNDLE = script && script.dataset.vegaBundle;
  var TAP_REACH = 12; // px: a tap this close to a mark counts as on it (marks are smaller than a finger)
  var loading = {}; // script address -> its promise: each file is loaded once per page

  // A script file, by a <script> tag (which also works from file://, where fetch does not).
  function loadScript(src, what) {
    if (!loading[src]) {
      loading[src] = new Promise(function (resolve, reject) {
        var tag = document.createElement("script");
        tag.src = src;
        tag.onload = resolve;
        tag.onerror = function () { delete loading[src]; reject(new Error("could not load " + what + " " + src)); };
        document.head.appendChild(tag);
      });
    }
    return loading[src];
  }

  function loadVega() {
    return window.vegaEmbed ? Promise.resolve() : loadScript(BUNDLE, "the chart library");
  }

  // The figure's wide and narrow specs, from the file the build wrote beside its CSV (data-spec).
  function loadSpecs(figure) {
    var shelf = function () { return (window.bookChartSpecs || {})[figure.id]; };
    if (shelf()) return Promise.resolve(shelf());
    return loadScript(figure.dataset.spec, "the chart's spec").then(shelf);
  }

  function wantsNarrow(figure) {
    var view = figure.querySelector(".book-chart-view");
    return !!figure.dataset.narrowBelow && view.clientWidth < parseInt(figure.dataset.narrowBelow, 10);
  }

  function chosenSpec(figure, specs) {
    var narrow = wantsNarrow(figure) && !!specs.narrow;
    figure.dataset.layout = narrow ? "narrow" : "wide";
    return narrow ? specs.narrow : specs.wide;
  }

  // Draw the interactive chart out of sight, then show it in place of the drawing: the page never moves
  // while it draws, and the chart keeps at least the drawing's height.
  function draw(figure) {
    if (figure._drawing) return figure._drawing;
    var view = figure.querySelector(".book-chart-view");
    var live = document.createElement("div");
    live.className = "book-chart-live";
    live.style.cssText = "position:absolute;left:0;top:0;width:100%;visibility:hidden";
    view.style.position = "relative";
    view.appendChild(live);
    figure._drawing = Promise.all([loadSpecs(figure), loadVega()])
      .then(function (loaded) {
        return vegaEmbed(live, chosenSpec(figure, loaded[0]), { actions: false, renderer: "svg" });
      })
      .then(function (result) {
        if (figure._view) figure._view.finalize();
        figure._view = result.view;
        var old = view.querySelector(".book-chart-live.is-shown");
        if (old) old.remove();
        view.style.minHeight = view.offsetHeight + "px";
        live.style.cssText = "";
        live.classList.add("is-shown");
        view.style.position = "";
        figure.classList.add("is-live", "is-drawn");
        // A chart with its own controls (the map's menu) is a group a reader works in, not one image.
        if (live.querySelector("select, input, button")) view.setAttribute("role", "group");
        performance.mark("chart-drawn:" + figure.id);
      })
      .catch(function (error) {
        live.remove();
        figure.classList.add("has-error");
        console.error("chart " + figure.id + ": " + error);
      })
      .then(function () { figure._drawing = null; });
    return figure._drawing;
  }

  function markNear(x, y) {
    // The nearest drawn item that has a tooltip, within TAP_REACH px (sampled outward from the point).
    for (var r = 0; r <= TAP_REACH; r += 3) {
      for (var dx = -r; dx <= r; dx += 3) {
        for (var dy = -r; dy <= r; dy += 3) {
          if (Math.max(Math.abs(dx), Math.abs(dy)) !== r) continue;
          var el = document.elementFromPoint(x + dx, y + dy);
          var item = el && el.closest(".book-chart-live") && el.__data__;
          if (item && item.tooltip != null) {
            return { el: el, x: x + dx, y: y + dy };
          }
        }
      }
    }
    return null;
  }

  function hideTooltip() {
    var tip = document.getElementById("vg-tooltip-element");
    if (tip) tip.classList.remove("visible");
  }

  function showTooltipAt(x, y) {
    var hit = markNear(x, y);
    if (!hit) return hideTooltip();
    ["pointermove", "mousemove"].forEach(function (type) {
      var Event = type === "pointermove" && window.PointerEvent ? PointerEvent : MouseEvent;
      hit.el.dispatchEvent(new Event(type, { bubbles: true, cancelable: true, clientX: hit.x, clientY: hit.y,
        pointerType: "mouse", view: window }));
    });
  }

  function start() {
    var figures = Array.prototype.slice.call(document.querySelectorAll("figure.book-chart"));
    if (!figures.length) return;
    figures.forEach(function (figure) {
      var view = figure.querySelector(".book-chart-view");
      var wake = function () { draw(figure); };
      view.addEventListener("pointerenter", function (e) { if (e.pointerType === "mouse") wake(); });
      view.addEventListener("focusin", wake);
      view.addEventListener("pointerup", function (e) {
        if (e.pointerType === "mouse") return;
        var x = e.clientX, y = e.clientY;
        var ready = figure.classList.contains("is-live") ? Promise.resolve() : draw(figure);
        ready.then(function () { showTooltipAt(x, y); });
      });
    });
    // A tap outside every chart closes an open tooltip.
    document.addEventListener("pointerdown", function (e) {
      if (e.pointerType !== "mouse" && !e.target.closest("figure.book-chart")) hideTooltip();
    });
    // A resize that crosses a chart's narrow breakpoint redraws it in the other layout.
    var timer;
    window.addEventListener("resize", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        figures.forEach(function (f) {
          if (!f.classList.contains("is-live") || !f.dataset.narrowBelow) return;
          if ((f.dataset.layout === "narrow") !== wantsNarrow(f)) draw(f);
        });
      }, 200);
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
