"""The ``recipe`` command line (:func:`main`) and its subcommands; ``python -m runtime.cli``
runs it too. The top of the runtime: nothing else imports it."""

from __future__ import annotations

from runtime.cli.main import main

__all__ = ["main"]
