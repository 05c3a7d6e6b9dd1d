"""The DOM stages of the HTML pipeline, one a module, and the facts they share
(:mod:`~newsseg.rules.html.facts`)."""
