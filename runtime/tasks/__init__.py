"""A task: ``Task`` and ``@task`` (:mod:`.task`), its definition checks and run ids
(:mod:`.definition`), its input and output fields (:mod:`.fields`), ``TaskConfig``
(:mod:`.config`), its memory (:mod:`.memory`), sub-tasks (:mod:`.compose`) and the steps a run
is expected to take (:mod:`.steps`). The package is ``tasks`` because ``runtime.task`` is the
public decorator. Sits above :mod:`runtime.run` and :mod:`runtime.agent`: a ``Task`` replays its
recipe, runs the agent, and falls back.
"""
