"""newsseg inside other data-processing engines.

* :mod:`newsseg.io.integrations.datatrove`: a datatrove pipeline step
  (``pip install 'newsseg[datatrove]'``).

For Spark, Dask, Ray or anything else that maps a function over records, use
:func:`newsseg.io.batch.process_record` / :func:`newsseg.io.batch.process_records`.
"""
