"""What a recipe folder keeps on disk: the folder itself (trace, recipe, pending heal), the runs
and history it holds, and the crash-safe file sets every write goes through. Imports only
``compiler.ir`` and :mod:`runtime.errors`."""
