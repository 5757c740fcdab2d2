"""The article the book tests: how to cite it, where to find it, and how to point at one of its paragraphs."""

import datetime as dt

from evidence.markup import link

TITLE = "Opinion – North Korea's Gambit in the Russo-Ukraine War"
PUBLISHER = "E-International Relations"
PUBLISHED = "November 2024"  # the publisher's month; the copy the book read is dated 2024-11-05
# The first day the book can be sure the article was public: the date of the copy it read. What happened
# since, and every prediction's judging date, come after it.
PUBLISHED_ON = dt.date(2024, 11, 5)
PUBLISHED_MONTH = "2024-11"  # the same, as an ISO 8601 date (ClaimReview's appearance)
# The article's author: the book never recorded the byline of the copy it read, and a name is never guessed,
# so citations and ClaimReview name the article by title, publisher and date only.
AUTHOR: str | None = None

# The copy of the text the book read and numbered: a republication of the article, not the
# publisher's own page. Its exact address was not kept with the stored text, so it is named
# by its site, date and title.
COPY_READ = "a republication on pulseofnews.com dated 5 November 2024, under the same title"

# The publisher's own address could NOT be checked: its page was not among the pages the
# book could read, and an address is never guessed. So the link opens E-International
# Relations' own search for the title, which is where a reader finds the article.
URL = "https://www.e-ir.info/?s=North+Korea%27s+Gambit+in+the+Russo-Ukraine+War"
URL_CHECKED = False

PARAGRAPHS = 10  # body paragraphs, numbered from 1 as they appear


def paragraph_link(paragraph: int) -> str:
    """An HTML link to the article, naming the paragraph (the page has no paragraph anchors)."""
    if not 1 <= int(paragraph) <= PARAGRAPHS:
        raise ValueError(f"the article has paragraphs 1-{PARAGRAPHS}, not {paragraph}")
    return link(URL, f"article, paragraph {int(paragraph)}")
