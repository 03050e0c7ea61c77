"""The agent: the loop that asks the model for the next tool call and runs it (:mod:`.loop`),
the model providers (:mod:`.providers`, recorded answers in :mod:`.cassettes`), the prompts
(:mod:`.prompting`), the conversation kept within a context budget (:mod:`.conversation`), the
record-time ``compute`` interpreter (:mod:`.compute`) and secret redaction (:mod:`.redaction`).
Imports :mod:`runtime.actions` and :mod:`runtime.store`, never a replay or a task.
"""
