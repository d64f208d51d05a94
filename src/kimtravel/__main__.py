"""``python -m kimtravel``: the command line."""

from kimtravel.cli import main

raise SystemExit(main())
