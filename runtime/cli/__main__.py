"""``python -m runtime.cli``: the ``recipe`` command (background runs start it this way)."""

from runtime.cli.main import main

raise SystemExit(main())
