"""Input formats: :mod:`~newsseg.formats.decode` turns bytes into text, and
:mod:`newsseg.formats.html` reads HTML (plain text needs no reader of its own:
:meth:`newsseg.Draft.from_text`)."""
