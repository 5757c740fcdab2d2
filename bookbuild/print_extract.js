// Runs in each built page (tools/print_pdf.py): keep the article, drop what does not belong on paper,
// make ids unique across the book.
([stem, number, site]) => {
  const art = document.querySelector('article.bd-article') || document.querySelector('main');
  const root = art.cloneNode(true);
  // The printed chart is the wide drawing, with the description the chart has on screen (the PDF's alt text).
  root.querySelectorAll('figure.book-chart').forEach(f => {
    const view = f.querySelector('.book-chart-view[aria-label]'), still = f.querySelector('.book-chart-still.still-wide');
    if (view && still) {
      view.replaceWith(still);
      f.setAttribute('role', 'group');  // the drawing is the figure; the group holds it and its caption
      still.setAttribute('role', 'img');
      still.setAttribute('aria-label', view.getAttribute('aria-label'));
      still.removeAttribute('aria-hidden');
      // One figure with one description, not a figure per mark.
      still.querySelectorAll('*').forEach(e => [...e.attributes].forEach(a => {
        if (a.name === 'role' || a.name.startsWith('aria-')) e.removeAttribute(a.name);
      }));
    }
  });
  // Screen furniture: version switcher and notices (editions.js), copy buttons, the citation formats a reader
  // copies rather than reads (a claim's, and a chapter's RIS and CSL-JSON; the chapter's APA and BibTeX print).
  const drop = 'script, style, .headerlink, .cell_input, details.hide > summary, .book-chart-view, .book-pdf-links,'
             + ' .toggle-details, button.toggle-button, .copybtn, .edition-switcher, .edition-notice, .cite-copy,'
             + ' .cite-claim, .cite-more > summary, .cite-format[data-format="ris"], .cite-format[data-format="csl"],'
             + ' .cite-download';
  root.querySelectorAll(drop).forEach(e => e.remove());
  // A PDF is part of its edition: its citations are the frozen ones, without the day a live page adds.
  root.querySelectorAll('.cite-accessed').forEach(e => e.remove());
  // Code toggles: what they hid (outputs) stays, the toggle goes; other disclosures print open.
  root.querySelectorAll('details.hide, details.cite-more').forEach(d => d.replaceWith(...d.childNodes));
  root.querySelectorAll('details').forEach(d => d.setAttribute('open', ''));
  // A cell whose last line returns nothing prints "None": not text for a reader.
  root.querySelectorAll('.cell_output .output').forEach(o => { if (o.textContent.trim() === 'None') o.remove(); });
  // Instructions for the screen only (sorting, hovering) have nothing to act on in print.
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const screenOnly = /\s*(Click a column header[^.]*|Hover over or tap[^.]*)\.\s*/g;
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (screenOnly.test(n.data)) n.data = n.data.replace(screenOnly, ' ');
    screenOnly.lastIndex = 0;
  }
  // Sort buttons become their label; raw column names become words.
  root.querySelectorAll('button.sort-button').forEach(b => b.replaceWith(document.createTextNode(b.textContent)));
  root.querySelectorAll('th, td').forEach(c => {
    const t = c.textContent.trim();
    if (c.children.length === 0 && /^[a-z0-9]+(_[a-z0-9]+)+$/.test(t)) c.textContent = t.replace(/_/g, ' ');
    // Ids, dates and figures stay on one line; long text wraps.
    if (c.textContent.trim().length <= 11 && !/\s/.test(c.textContent.trim())) c.classList.add('print-short');
  });
  // Long-text columns (evidence, notes) get the width; ids, dates and figures take what they need.
  root.querySelectorAll('table').forEach(t => {
    const head = t.tHead && t.tHead.rows[0];
    if (!head || head.cells.length < 4) return;
    const rows = [...t.tBodies].flatMap(b => [...b.rows]).slice(0, 40);
    const avg = [...head.cells].map((_, i) => rows.reduce((n, r) => n + (r.cells[i] ? r.cells[i].textContent.length : 0), 0)
                                             / Math.max(rows.length, 1));
    const long = avg.map((a, i) => [a, i]).filter(([a]) => a > 28);
    const total = long.reduce((n, [a]) => n + a, 0);
    long.forEach(([a, i]) => { head.cells[i].style.width = `${Math.round(62 * a / total)}%`; });
  });
  // Ids unique in the whole book; links inside the page follow them.
  root.querySelectorAll('[id]').forEach(e => { e.id = `${stem}--${e.id}`; });
  root.querySelectorAll('a[href]').forEach(a => {
    const href = a.getAttribute('href');
    if (href.startsWith('#')) { a.setAttribute('href', `#${stem}--${href.slice(1)}`); return; }
    const url = new URL(href, location.href);
    if (url.origin === location.origin) {
      const path = url.pathname.replace(/^\//, '');
      const m = path.match(/^book\/([^/]+)\.html$/);
      if (m) { a.dataset.bookPage = m[1]; a.dataset.bookFrag = url.hash.slice(1); }
      a.setAttribute('href', site + path + url.hash);
      a.classList.remove('internal');
    } else {
      a.setAttribute('href', url.href);
    }
    if (a.textContent.trim().replace(/\/$/, '') === a.getAttribute('href').replace(/\/$/, '')) a.classList.add('print-no-url');
  });
  // An address prints once per chapter (the claims all link the same article).
  const printed = new Set();
  root.querySelectorAll('a[href^="http"]').forEach(a => {
    const href = a.getAttribute('href');
    if (printed.has(href)) a.classList.add('print-no-url'); else printed.add(href);
  });
  root.querySelectorAll('img[src]').forEach(i => i.setAttribute('src', i.src));
  // Figures are numbered (chapter.figure) unless the caption already carries its number.
  root.querySelectorAll('figure').forEach((f, i) => {
    const cap = f.querySelector('figcaption');
    if (cap && !/^\s*(Figure|Fig\.)\s/.test(cap.textContent)) {
      const n = document.createElement('span');
      n.className = 'figure-number';
      n.textContent = `Figure ${number}.${i + 1}. `;
      cap.prepend(n);
    }
  });
  // The chapter opens with its title, its key findings (when the page has them), then its citation.
  const h1 = root.querySelector('h1');
  const title = h1 ? h1.textContent.trim() : document.title;
  const cite = root.querySelector('.cite-this-chapter');
  if (h1 && cite) {
    const findings = root.querySelector('.key-findings, [class*="key-finding"], [id$="--key-findings"]');
    const anchor = findings && findings.compareDocumentPosition(h1) & Node.DOCUMENT_POSITION_PRECEDING ? findings : h1;
    anchor.after(cite);
    cite.classList.add('chapter-opening-cite');
  }
  const styles = [...document.querySelectorAll('link[rel="stylesheet"]')]
    .map(l => ({href: l.href, media: l.media || 'all'}));
  return {title, body: root.innerHTML, styles};
}
