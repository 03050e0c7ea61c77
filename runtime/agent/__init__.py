"""The agent: the loop that asks the model for the next tool call and runs it (:mod:`.loop`),
the typed messages it sends (:mod:`.messages`), the model providers (:mod:`.providers`, recorded
answers in :mod:`.cassettes`, which tell one request from another by :mod:`.conversation`), the
prompts (:mod:`.prompting`), the record-time ``compute`` interpreter (:mod:`.compute`) and
secret redaction (:mod:`.redaction`).
Imports :mod:`runtime.actions` and :mod:`runtime.store`, never a replay or a task.
"""
