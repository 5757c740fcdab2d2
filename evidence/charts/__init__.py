"""The book's charts: house style, the one way a chart reaches a page, and the builders chapters share.

Chapters call ``charts.figure(...)`` with a chart from one of the builders below; the modules hold
the style (``style``), the figure machinery (``figure``, ``plain``) and the builders by kind.
"""

import altair as alt  # noqa: F401  (chapters use charts.alt for axis settings)

from evidence.charts.figure import Figure, caption_text, figure  # noqa: F401
from evidence.charts.ledger import ledger_figure, verdict_bars, verdict_summary  # noqa: F401
from evidence.charts.ranges import (  # noqa: F401
    bars_by_row,
    bars_summary,
    calculated_ranges,
    counter_figure,
    counter_summary,
    estimates_over_time,
    figures_by_counter,
    labelled_over_time,
    over_time_figure,
    over_time_summary,
    ranges_by_row,
    references_summary,
    rows_summary,
)
from evidence.charts.style import CLAIM_TYPES, MIN_FONT, VOTES  # noqa: F401
from evidence.charts.timelines import (  # noqa: F401
    developments_over_time,
    event_timeline,
    events_summary,
    status_summary,
    status_timeline,
)
from evidence.charts.votes import (  # noqa: F401
    grid_figure,
    grid_summary,
    share_bars,
    share_bars_summary,
    share_lines,
    share_lines_summary,
    vote_grid,
)
from evidence.labels import counted_by, who_and_when  # noqa: F401
