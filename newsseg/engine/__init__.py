"""The engine: the draft stages work on (:mod:`~newsseg.engine.draft`), the
pipeline that runs them (:mod:`~newsseg.engine.pipeline`) and the shape tests
they share (:mod:`~newsseg.engine.shape`)."""
