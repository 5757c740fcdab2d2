"""The article the book tests: where it is, and how to point at one of its paragraphs."""

TITLE = "Opinion – North Korea's Gambit in the Russo-Ukraine War"
PUBLISHER = "E-International Relations"
# The article's own address was not found in the stored pages we could read, so the link
# opens E-International Relations' search for the title rather than a guessed address.
URL = "https://www.e-ir.info/?s=North+Korea%27s+Gambit+in+the+Russo-Ukraine+War"
PARAGRAPHS = 10  # body paragraphs, numbered from 1 as they appear


def paragraph_link(paragraph: int) -> str:
    """A Markdown link to the article, naming the paragraph (the page has no paragraph anchors)."""
    if not 1 <= int(paragraph) <= PARAGRAPHS:
        raise ValueError(f"the article has paragraphs 1-{PARAGRAPHS}, not {paragraph}")
    return f"[article, paragraph {int(paragraph)}]({URL})"
