"""``python -m repatcost``: the command line."""

import sys

from repatcost.cli import main

sys.exit(main())
