"""How the book is built: the execute step, validation, the Sphinx glue, citations, printing, the browser.

Nothing here is imported by a chapter: notebooks import ``evidence`` (the notebook API) only, so a change
to this package re-executes no notebook.
"""
