"""What users run around the library: the command line
(:mod:`~newsseg.io.cli`), batch runs over files and WARCs
(:mod:`newsseg.io.batch`), the datatrove step
(:mod:`newsseg.io.integrations`), the HTML report
(:mod:`~newsseg.io.report`) and scoring against gold files
(:mod:`~newsseg.io.evaluate`)."""
