"""``python -m streamkit.cli``: the ``streamkit`` command."""

import sys

from streamkit.cli import main

sys.exit(main())
