"""A tool result the model reads is redacted before it is cut to the display limit: cut
first, half a secret showed (``hunter2-Zq`` of ``hunter2-Zq9``), which no redaction then
recognised (red team round 8)."""

from __future__ import annotations

from runtime.agent.prompting import tool_result_message


def test_a_secret_at_the_cut_shows_not_even_in_part() -> None:
    value = {"dsn": "postgres://bob:hunter2-Zq9@db.example/prod"}
    cut_inside = len(repr(value).split("hunter2")[0]) + 4  # the limit falls inside the secret
    shown = tool_result_message("conn", "Conn", value, limit=cut_inside, secrets=["hunter2-Zq9"])
    assert "hunt" not in shown
    whole = tool_result_message("conn", "Conn", value, limit=500, secrets=["hunter2-Zq9"])
    assert "hunter2" not in whole and "postgres://bob:" in whole


def test_without_secrets_the_message_is_as_before() -> None:
    shown = tool_result_message("n", "int", 41, limit=500)
    assert shown == "Stored as `n` (int): 41"
