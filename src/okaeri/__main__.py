"""``python -m okaeri``: the same as the ``okaeri`` command."""

import sys

from okaeri.cli import main

sys.exit(main())
