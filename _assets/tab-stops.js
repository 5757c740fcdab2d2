// A region that scrolls (a wide code block, output or table) takes a keyboard stop, so a keyboard reader can
// scroll it. The theme measured every region when the page loaded, which made the phone lay out closed
// disclosures and the sections it had not drawn yet. Here each region is measured once it is laid out anyway:
// a ResizeObserver reports it when it first gets a box and whenever its size changes.
// bookbuild/site/tabstops.py checks this list against the theme's.
(() => {
  const REGIONS = ["pre", ".nboutput > .output_area", ".cell_output > .output", ".jp-RenderedHTMLCommon", ".pst-scrollable-table-container"].join(", ");
  const measure = (entries) => {
    for (const { target } of entries) {
      if (!target.checkVisibility({ contentVisibilityAuto: true })) continue; // measuring would lay it out
      target.tabIndex = target.scrollWidth > target.clientWidth || target.scrollHeight > target.clientHeight ? 0 : -1;
    }
  };
  const observer = new ResizeObserver(measure);
  const watch = (root) => {
    if (root.matches(REGIONS)) observer.observe(root);
    root.querySelectorAll(REGIONS).forEach((region) => observer.observe(region));
  };
  const start = () => {
    const main = document.getElementById("main-content");
    if (!main) return;
    watch(main);
    const added = (records) => records.forEach((record) => record.addedNodes.forEach((node) => node.nodeType === 1 && watch(node)));
    new MutationObserver(added).observe(main, { subtree: true, childList: true });
  };
  document.readyState === "loading" ? document.addEventListener("DOMContentLoaded", start) : start();
})();
