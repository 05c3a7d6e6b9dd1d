"""Reading HTML: :mod:`~newsseg.formats.html.dom` parses the page and finds
its visible lines, :mod:`~newsseg.formats.html.head` its ``<head>`` facts,
:mod:`~newsseg.formats.html.vocab` the class-name vocabulary, and
:mod:`~newsseg.formats.html.reader` makes the draft the HTML pipeline runs on.
"""
