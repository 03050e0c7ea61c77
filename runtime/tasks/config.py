"""``TaskConfig``: the knobs of a task, validated (an unknown or mistyped option is an error)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator

from runtime.actions.costs import ModelPrice
from runtime.browser.limits import BrowserConfig


class TaskConfig(BaseModel):
    """How a task runs. Every field has a default; unknown fields are rejected."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    model: str | None = None
    """Model name; default from ``OPENAI_MODEL``, else ``gpt-4o-mini``."""
    base_url: str | None = None
    """Any OpenAI-compatible endpoint; default from ``OPENAI_BASE_URL``, else OpenAI's."""
    api_key: SecretStr | None = None
    """API key; default from ``OPENAI_API_KEY``. Never written to traces or recipes."""
    max_turns: int = Field(default=30, ge=1, le=1000)
    """Model turns before an agent run gives up."""
    max_result_repr_len: int = Field(default=1500, ge=40)
    """How much of an action result's repr the model sees in the tool message."""
    max_var_repr_len: int = Field(default=300, ge=20)
    """How much of each variable's repr the model sees when variables are listed."""
    request_timeout_s: float = Field(default=60.0, gt=0)
    """Timeout of one model request."""
    compute_time_limit_s: float = Field(default=1.0, gt=0)
    """Time limit of one ``compute`` expression at record time."""
    on_failure: Literal["fallback", "raise"] = "fallback"
    """When a recipe step fails: let the agent finish the task from there, or raise."""
    heal: Literal["auto", "ask", "never"] = "auto"
    """After a fallback: rewrite the recipe's failed region (``auto``), ask first on a terminal
    and otherwise keep a proposal for ``recipe heal`` (``ask``), or leave the recipe (``never``)."""
    save_cassette: Path | None = None
    """Save the model's answers of every agent run and fallback to this cassette file, to
    replay them later as ``mock_responses`` (``runtime.agent.cassettes.load_cassette``)."""
    max_duration_seconds: float | None = Field(default=None, gt=0)
    """Wall-clock limit of one run (an agent run; a replay with its fallback): past it the run
    stops before its next action or model request with ``TimeLimitExceeded``; the run log is
    kept in ``recipes/<task>/runs/``."""
    max_retries: int = Field(default=2, ge=0, le=20)
    """Retries of a model request that failed transiently (timeout, connection error, HTTP
    408/409/429/5xx), and of an action call that raised a transient error when the action is
    read-only or ``@action(idempotent=True)`` (never one that changes something)."""
    retry_delay_seconds: float = Field(default=1.0, ge=0)
    """Wait before the first retry; it doubles each retry, with jitter, capped at 60 s. A
    server's Retry-After wins."""
    requests_per_second: float | None = Field(default=None, gt=0)
    """At most this many model requests (and, separately, browser navigations) start per
    second, across every thread of the process."""
    concurrent_requests: int | None = Field(default=None, ge=1)
    """At most this many model requests (and, separately, browser navigations) at once, across
    every thread of the process."""
    max_memory_mb: int | None = Field(default=None, ge=64)
    """Address-space limit of a worker process (``recipe run --detach``): enforced there with
    ``resource.setrlimit``; not enforceable for a run in a thread of your own process."""
    prices: dict[str, ModelPrice] = {}
    """Model prices (dollars per million tokens) laid over ``runtime/actions/prices.json``, e.g.
    ``{"my-model": {"input": 0.5, "output": 1.5}}``."""
    browser: Any = None
    """Browser limits and options (``runtime.browser.BrowserConfig``: allowed/blocked domains,
    require_https, max_pages, viewport, user agent, headless, chromium path); a dict works too.
    Enforced in agent runs and replays alike."""

    @field_validator("browser")
    @classmethod
    def _browser_config(cls, value: Any) -> Any:
        if value is None:
            return None

        return value if isinstance(value, BrowserConfig) else BrowserConfig.model_validate(value)
