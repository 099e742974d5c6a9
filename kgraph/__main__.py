"""``python -m kgraph``: the command line."""

import sys

from kgraph.cli import main

sys.exit(main())
