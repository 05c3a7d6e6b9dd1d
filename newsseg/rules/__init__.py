"""The rules: one built-in stage a module, for plain text (:mod:`newsseg.rules.text`)
and for HTML (:mod:`newsseg.rules.html`). :mod:`newsseg.presets` orders them into
the default pipelines."""
