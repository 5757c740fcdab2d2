// Contrast of every chart's text (and its axis lines) against the colour actually painted behind it.
// Returns the failures: text under 4.5:1, axis lines under 3:1 (WCAG 1.4.3 and 1.4.11), and text a
// drawing cuts off at its edge. Colours are alpha-composited from the page's background up through every
// element under the point (HTML backgrounds, SVG fills), so a light panel or a faded cell counts.
async () => {
  const parse = c => {
    const m = /rgba?\(([^)]+)\)/.exec(c || '');
    if (!m) return null;
    const p = m[1].split(/[\s,\/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const over = (top, bottom) => [0, 1, 2].map(i => top[i] * top[3] + bottom[i] * (1 - top[3])).concat(1);
  const lum = c => {
    const [r, g, b] = c.slice(0, 3).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const ratio = (a, b) => { const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x); return (hi + 0.05) / (lo + 0.05); };
  const SHAPES = ['rect', 'path', 'circle', 'ellipse', 'polygon'];
  const opacity = e => { let o = 1; for (let n = e; n && n.nodeType === 1; n = n.parentNode) o *= parseFloat(getComputedStyle(n).opacity); return o; };
  // What is painted behind el at (x, y): the figure's own shapes under it and the figure's ancestors'
  // backgrounds (a sticky header passing over the point is not behind it).
  function behind(el, x, y, skip) {
    const f = el.closest('figure');
    const stack = document.elementsFromPoint(x, y)
      .filter(e => e.contains(f) || (f.contains(e) && e !== el && !el.contains(e) && !skip(e)));
    let colour = [255, 255, 255, 1];
    for (const e of stack.reverse()) {
      const s = getComputedStyle(e);
      let c = null;
      if (e instanceof SVGElement) {
        if (SHAPES.includes(e.tagName) && !e.closest('text')) {
          c = parse(s.fill);
          if (c) c[3] *= parseFloat(s.fillOpacity) * opacity(e);
        }
      } else {
        c = parse(s.backgroundColor);
      }
      if (c && c[3] > 0) colour = over(c, colour);
    }
    return colour;
  }
  const shown = e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0 && e.checkVisibility({opacityProperty: true, visibilityProperty: true}); };
  const rgb = c => `rgb(${c.slice(0, 3).map(Math.round).join(',')})`;
  const failures = [];
  const centre = async e => {
    let r = e.getBoundingClientRect();
    if (r.top < 0 || r.bottom > innerHeight) {
      e.scrollIntoView({block: 'center'});
      // A section off the screen is drawn a frame or two after it comes near (content-visibility: auto).
      for (let frames = 0; frames < 2 || (!e.checkVisibility({contentVisibilityAuto: true}) && frames < 20); frames++) await new Promise(requestAnimationFrame);
      r = e.getBoundingClientRect();
    }
    return [r.left + r.width / 2, r.top + r.height / 2, r];
  };
  for (const f of document.querySelectorAll('figure.book-chart')) {
    const svgs = [...f.querySelectorAll('.book-chart-view svg')].filter(shown);
    for (const svg of svgs) {
      const edge = svg.getBoundingClientRect();
      for (const t of svg.querySelectorAll('text')) {
        const words = t.textContent.trim();
        if (!words || !shown(t)) continue;
        const [x, y, r] = await centre(t);
        const s = getComputedStyle(t);
        const fill = parse(s.fill);
        if (!fill) continue;
        fill[3] *= parseFloat(s.fillOpacity) * opacity(t);
        const back = behind(t, x, y, e => e.tagName === 'text' || !!e.closest('text'));
        const ink = over(fill, back);
        const k = ratio(ink, back);
        if (k < 4.5) failures.push(`${f.id}: "${words}" ${rgb(ink)} on ${rgb(back)}: ${k.toFixed(2)}:1`);
        const e2 = svg.getBoundingClientRect();
        if (r.left < e2.left - 1 || r.right > e2.right + 1) failures.push(`${f.id}: "${words}" is cut off by the drawing's edge`);
      }
      for (const line of svg.querySelectorAll('.role-axis-domain path, .role-axis-domain line, .role-axis-tick path, .role-axis-tick line')) {
        if (!shown(line)) continue;
        const s = getComputedStyle(line);
        const stroke = parse(s.stroke);
        if (!stroke) continue;
        const [x, y] = await centre(line);
        const back = behind(line, x, y, e => e.closest('.role-axis') !== null || e.closest('.role-mark') !== null);
        const k = ratio(over(stroke, back), back);
        if (k < 3) failures.push(`${f.id}: an axis line ${rgb(stroke)} on ${rgb(back)}: ${k.toFixed(2)}:1`);
      }
    }
    for (const e of f.querySelectorAll('figcaption, .figure-number, .chart-data a')) {
      if (!shown(e)) continue;
      const [x, y] = await centre(e);
      const back = behind(e, x, y, () => false);
      const k = ratio(over(parse(getComputedStyle(e).color), back), back);
      if (k < 4.5) failures.push(`${f.id}: caption text "${e.textContent.trim().slice(0, 40)}" ${k.toFixed(2)}:1`);
    }
  }
  window.scrollTo(0, 0);
  return failures;
}
