"""What happens to a recorded recipe: replay (:mod:`.replay`, a folder's in
:mod:`.replay_folder`, a browser's follow-ups in :mod:`.replay_browser`), the fallback to the
agent when a step fails (:mod:`.fallback`), heals and bridges (:mod:`.heal`, :mod:`.bridges`),
the recorded runs as regression tests (:mod:`.recorded_tests`, their pytest plugin
:mod:`.pytest_plugin`), background executions (:mod:`.execution`, :mod:`.registry`) and the
summary of a run (:mod:`.report`). Builds on :mod:`runtime.agent` and :mod:`runtime.browser`;
takes a ``Task`` as an argument but never imports :mod:`runtime.tasks`.
"""
