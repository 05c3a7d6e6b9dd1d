"""``python -m newsseg`` runs the command line (see :mod:`newsseg.io.cli`)."""

import sys

from newsseg.io.cli import main

if __name__ == "__main__":
    sys.exit(main())
