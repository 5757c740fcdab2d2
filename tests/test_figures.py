"""Pages a reader can follow: the text names every figure by its number, names no figure the page does not
hold, and no chapter page puts more than about 5,000 words in front of a reader (disclosures closed)."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from bookbuild.project import chapters
from evidence.paths import ROOT

pytestmark = pytest.mark.slow  # runs notebooks or builds, or reads the built book

PAGES = sorted((ROOT / "_build" / "html" / "book").glob("*.html"))
FIGURE_REF = re.compile(r"\bFigure (\d+(?:\.\d+)?)\b")
MAX_VISIBLE_WORDS = 5000
# The word limit is for chapter pages; the appendix's reference pages (the bibliography, the data catalog)
# are lists a reader looks things up in, shown in full.
CHAPTER_PAGES = [p for p in PAGES if p.stem in {nb.stem for nb in chapters(ROOT)} or p.stem == "intro"]


def _article(markup: str):
    article = BeautifulSoup(markup, "html.parser").select_one("article.bd-article")
    assert article is not None, "no article.bd-article on the page"
    for tag in article.find_all(["script", "style"]):
        tag.decompose()
    return article


def figure_problems(markup: str) -> list[str]:
    """What is wrong with a page's figure references: a figure its prose never names, a number its prose
    names that no figure on the page has, and a reference link that does not lead to its figure."""
    article = _article(markup)
    figures = {f["data-figure"].removeprefix("Figure "): f.get("id") for f in article.select("figure[data-figure]")}
    links = [(a.get_text(), a.get("href", "")) for a in article.select("a.figure-ref")]
    for figure in article.find_all("figure"):
        figure.decompose()
    named = set(FIGURE_REF.findall(article.get_text(" ")))
    problems = [f"Figure {n} is never named in the text" for n in sorted(set(figures) - named)]
    problems += [f"the text names Figure {n}, which is not on this page" for n in sorted(named - set(figures))]
    for text, href in links:
        number = FIGURE_REF.fullmatch(text)
        if not number or figures.get(number.group(1)) != href.removeprefix("#"):
            problems.append(f"the link {text!r} leads to {href!r}, not to its figure")
    return problems


def visible_words(markup: str) -> int:
    """Words a reader reads in the article: no scripts or styles, no chart drawings (their labels are not
    running text), and of a closed <details> disclosure only its summary line."""
    article = _article(markup)
    for drawing in article.select(".book-chart-still"):
        drawing.decompose()
    for details in article.find_all("details"):
        if details.has_attr("open"):
            continue
        for child in list(details.children):
            if getattr(child, "name", None) != "summary":
                child.extract()
    return len(article.get_text(" ").split())


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_the_text_names_every_figure_and_only_the_figures_on_the_page(site, page):
    assert figure_problems(page.read_text(encoding="utf-8")) == []


def test_the_word_limit_covers_every_chapter():
    assert len(CHAPTER_PAGES) == len(chapters(ROOT)) + 1 >= 10


@pytest.mark.parametrize("page", CHAPTER_PAGES, ids=lambda p: p.stem)
def test_no_chapter_page_shows_more_than_5000_words(site, page):
    words = visible_words(page.read_text(encoding="utf-8"))
    assert words <= MAX_VISIBLE_WORDS, f"{page.name}: {words:,} visible words (at most {MAX_VISIBLE_WORDS:,})"


def _page(body: str) -> str:
    return f'<html><body><article class="bd-article">{body}</article></body></html>'


FIGURE = '<figure class="book-chart" data-figure="Figure 2.1" id="chart-abc"><figcaption>Figure 2.1. A chart.</figcaption></figure>'


def test_the_checks_catch_a_wrong_reference_a_missing_one_and_a_long_page():
    right = _page(f'<p>As <a class="figure-ref" href="#chart-abc">Figure 2.1</a> shows.</p>{FIGURE}')
    assert figure_problems(right) == []
    assert figure_problems(_page(f"<p>As the chart shows.</p>{FIGURE}")) == ["Figure 2.1 is never named in the text"]
    wrong = figure_problems(_page(f"<p>As Figure 2.1 and Figure 2.2 show.</p>{FIGURE}"))
    assert wrong == ["the text names Figure 2.2, which is not on this page"]
    astray = _page(f'<p>As <a class="figure-ref" href="#chart-def">Figure 2.1</a> shows.</p>{FIGURE}')
    assert figure_problems(astray) == ["the link 'Figure 2.1' leads to '#chart-def', not to its figure"]
    words = " ".join(["word"] * 10)
    closed = _page(f"<p>{words}</p><details><summary>Show more</summary><p>{words}</p></details>")
    assert visible_words(closed) == 12
    assert visible_words(closed.replace("<details>", "<details open>")) == 22
