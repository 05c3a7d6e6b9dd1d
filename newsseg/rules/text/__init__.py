"""The stages of the text pipeline, one a module (``blocks`` lives in
:mod:`~newsseg.rules.text.blocks` with the run-on line cutting of
:mod:`~newsseg.rules.text.runon`)."""
