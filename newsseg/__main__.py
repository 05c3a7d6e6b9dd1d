"""``python -m newsseg`` runs the command line (see :mod:`newsseg.cli`)."""

import sys

from newsseg.cli import main

if __name__ == "__main__":
    sys.exit(main())
