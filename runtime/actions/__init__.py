"""An action and what every call of it passes through.

``@action`` (:mod:`.decorator`) turns a typed function into a tool; each call goes through the
run's control (:mod:`.control`: time, cost and request limits, cancellation, progress; prices in
:mod:`.costs`, rate limits and retries in :mod:`.limits`) and is written down by the recorder
(:mod:`.recorder`). The bottom of the runtime: it imports only :mod:`runtime.errors` and the
compiler's IR, so the agent, the browser, replays and tasks can all build on it.
"""
