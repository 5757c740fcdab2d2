"""The article the book tests: where it is, and how to point at one of its paragraphs."""

TITLE = "Opinion – North Korea's Gambit in the Russo-Ukraine War"
PUBLISHER = "E-International Relations"
URL = "https://www.e-ir.info/"  # replaced once the article's own address is sourced
PARAGRAPHS = 10  # body paragraphs, numbered from 1 as they appear


def paragraph_link(paragraph: int) -> str:
    """A Markdown link to the article, naming the paragraph (the page has no paragraph anchors)."""
    if not 1 <= int(paragraph) <= PARAGRAPHS:
        raise ValueError(f"the article has paragraphs 1-{PARAGRAPHS}, not {paragraph}")
    return f"[article, paragraph {int(paragraph)}]({URL})"
