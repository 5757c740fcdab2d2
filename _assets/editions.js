// Editions of the book, on every page of every edition (bookbuild/editions.py builds each edition once):
// - the version switcher, and on an older edition a notice naming the latest, both from the site's
//   versions.json, read at run time: an edition's own files never change after its release;
// - on an older edition, under each claim whose verdict a later edition changed, that change and a link to
//   the current verdict;
// - on a live page (the site's root or /latest/, not a permanent /v/<version>/ address), the day it was read
//   in every citation format, and a copy button on every citation.
(() => {
  'use strict';
  const script = document.currentScript;
  if (!script) return;
  const editionRoot = new URL('../', script.src);  // this script is <edition>/_static/editions.js
  const frozen = editionRoot.pathname.match(/^(.*\/)v\/([^/]+)\/$/);
  const latest = editionRoot.pathname.match(/^(.*\/)latest\/$/);
  const siteRoot = new URL(frozen ? frozen[1] : latest ? latest[1] : editionRoot.pathname, editionRoot);
  const live = !frozen;
  const page = decodeURIComponent(location.pathname.slice(editionRoot.pathname.length)) || 'index.html';

  const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September',
    'October', 'November', 'December'];
  const two = n => String(n).padStart(2, '0');
  // The accessed date in each format, as bookbuild/cite.py accessed_text writes it.
  const ACCESSED = {
    apa: d => `Retrieved ${MONTHS[d.getMonth()]} ${d.getDate()}, ${d.getFullYear()}, from `,
    bibtex: d => `  urldate   = {${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}},\n`,
    ris: d => `Y2  - ${d.getFullYear()}/${two(d.getMonth() + 1)}/${two(d.getDate())}\n`,
    csl: d => `,\n    "accessed": {"date-parts": [[${d.getFullYear()}, ${d.getMonth() + 1}, ${d.getDate()}]]}`,
  };
  const day = iso => {
    const [y, m, d] = iso.split('-').map(Number);
    return `${d} ${MONTHS[m - 1]} ${y}`;
  };
  const el = (tag, attrs, ...children) => {
    const node = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => node.setAttribute(k, v));
    children.forEach(c => node.append(c));
    return node;
  };

  function citations() {
    if (live) {
      const today = new Date();
      document.querySelectorAll('.cite-accessed').forEach(slot => {
        const write = ACCESSED[slot.dataset.format];
        if (write) slot.textContent = write(today);
      });
    }
    document.querySelectorAll('.cite-format').forEach(box => {
      const text = box.querySelector('.cite-text');
      const label = box.querySelector('.cite-label');
      if (!text || box.querySelector('.cite-copy')) return;
      const button = el('button', {type: 'button', class: 'cite-copy'}, `Copy ${label ? label.textContent : ''}`.trim());
      button.addEventListener('click', () => copy(text.textContent, button));
      (label || text).after(button);
    });
  }

  function copy(value, button) {
    const done = ok => {
      button.dataset.copied = ok ? 'yes' : 'no';
      button.textContent = ok ? 'Copied' : 'Select and copy the text';
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(value).then(() => done(true), () => done(false));
    } else {
      done(false);
    }
  }

  // An edition's address for a page: the same page if that edition has it, else its first page.
  function pageIn(edition) {
    const pages = edition.pages || [];
    const target = pages.includes(page) ? page : (pages[0] || '');
    return new URL(edition.path + target, siteRoot).href;
  }

  function switcher(versions, mine) {
    const items = versions.editions.slice().reverse().map(ed => {
      const name = `${ed.version}${ed.version === versions.latest ? ' (latest)' : ''}, ${day(ed.released)}`;
      if (ed.version === mine) return el('li', {'aria-current': 'page'}, el('strong', {}, name));
      return el('li', {}, el('a', {href: pageIn(ed)}, name));
    });
    const state = mine === versions.latest ? 'the latest' : 'an older edition';
    const summary = el('summary', {}, `Version ${mine} (${state})`);
    const more = el('p', {class: 'edition-about'}, 'Every version stays at its own permanent address. ',
      el('a', {href: new URL('versions.json', siteRoot).href}, 'All versions (JSON)'), '.');
    return el('nav', {class: 'edition-switcher', 'aria-label': 'Versions of this book'},
      el('details', {}, summary, el('ul', {}, ...items), more));
  }

  function notice(versions, mine) {
    const newest = versions.editions.find(ed => ed.version === versions.latest);
    const ed = versions.editions.find(e => e.version === mine);
    return el('div', {class: 'edition-notice', role: 'note'},
      `This is version ${mine} of the book${ed ? `, released ${day(ed.released)}` : ''}, kept unchanged at its ` +
      `permanent address. The latest version is ${versions.latest}: `,
      el('a', {href: pageIn(newest)}, `this page in version ${versions.latest}`), '.');
  }

  // A claim's verdict on this page: <li id="claim-C03"> from 0.3.0 on; "C03 — <verdict>" in bold before.
  function claimItems() {
    const found = new Map();
    document.querySelectorAll('li[id^="claim-C"]').forEach(li => found.set(li.id.slice(6), li));
    document.querySelectorAll('li > p > strong:first-child, li > strong:first-child').forEach(strong => {
      const m = strong.textContent.match(/^(C\d+) —/);
      const li = strong.closest('li');
      if (m && !found.has(m[1]) && li.querySelector('.verdict')) found.set(m[1], li);
    });
    return found;
  }

  function newerVerdicts(versions, mine) {
    const order = versions.editions.map(ed => ed.version);
    const later = order.slice(order.indexOf(mine) + 1);
    claimItems().forEach((li, id) => {
      const claim = versions.claims[id];
      if (!claim || !(mine in claim.verdicts)) return;
      let previous = claim.verdicts[mine];
      const changes = [];
      later.forEach(v => {
        const verdict = claim.verdicts[v];
        if (verdict && verdict !== previous) changes.push(`${verdict} in version ${v}`);
        if (verdict) previous = verdict;
      });
      if (!changes.length) return;
      const current = new URL(`${claim.page}#claim-${id}`, siteRoot).href;
      li.append(el('p', {class: 'claim-newer', role: 'note'},
        `A later version changed this verdict: ${changes.join('; then ')}. `,
        el('a', {href: current}, `The current verdict on ${id}`), '.'));
    });
  }

  function editions(versions) {
    const mine = frozen ? frozen[2] : versions.latest;
    const article = document.querySelector('article.bd-article') || document.querySelector('main') || document.body;
    const parts = [switcher(versions, mine)];
    if (mine !== versions.latest) parts.push(notice(versions, mine));
    article.prepend(...parts);
    if (mine !== versions.latest) newerVerdicts(versions, mine);
    document.documentElement.dataset.edition = mine;
  }

  function start() {
    citations();
    if (location.protocol === 'file:') return;  // opened from disk: there is no site around this edition
    fetch(new URL('versions.json', siteRoot), {cache: 'no-cache'})
      .then(r => (r.ok ? r.json() : null))
      .then(v => { if (v && v.editions) editions(v); })
      .catch(() => {});
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
