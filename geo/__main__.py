"""``python -m geo``: see `geo.cli` (``ingest`` starts without the map's libraries)."""

import sys

if sys.argv[1:2] == ["ingest"]:
    from geo.ingest.cli import main
else:
    from geo.cli import main

if __name__ == "__main__":
    sys.exit(main())
