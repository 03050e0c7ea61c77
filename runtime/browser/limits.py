"""``BrowserConfig``: the browser's limits and settings (the Aesoperator ``TaskConfig`` fields).

The same rules hold in an agent run and in a replay, because both go through one
:class:`~runtime.browser.session.BrowserSession`: :func:`check_navigation` runs before
``navigate`` loads a URL, and a route on the browser context checks every request the page
makes (a click that follows a link, a form post, a script that loads an ad).

- ``blocked_domains`` and ``require_https`` apply to every request;
- ``allowed_domains`` applies to navigations (documents, frames included), because pages
  legitimately load images and scripts from other hosts;
- ``max_pages`` counts the documents loaded in the main frame.

A domain rule ``"example.com"`` also covers its subdomains (``shop.example.com``); the port is
ignored. ``about:``, ``data:`` and ``blob:`` URLs are always allowed.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, field_validator

__all__ = ["BrowserConfig", "check_navigation", "check_request", "domain_matches"]

_ALWAYS_ALLOWED_SCHEMES = frozenset({"about", "data", "blob"})


class BrowserConfig(BaseModel):
    """How the browser runs and what it may visit. Unknown fields are rejected."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    allowed_domains: tuple[str, ...] | None = None
    """Hosts the browser may navigate to (subdomains included); ``None`` allows any host."""
    blocked_domains: tuple[str, ...] = ()
    """Hosts no request may reach (subdomains included), whatever ``allowed_domains`` says."""
    require_https: bool = False
    """Refuse every request that is not ``https:`` (or ``wss:``)."""
    max_pages: int | None = Field(default=None, ge=1)
    """Most documents the main frame may load in one run; ``None`` for no limit."""
    viewport_width: int = Field(default=1280, ge=200, le=7680)
    """Viewport width in CSS pixels."""
    viewport_height: int = Field(default=800, ge=200, le=4320)
    """Viewport height in CSS pixels."""
    user_agent: str | None = None
    """User-Agent header and ``navigator.userAgent``; ``None`` keeps Chromium's."""
    headless: bool = True
    """Run Chromium without a window."""
    executable_path: str | None = None
    """Chromium binary; the ``RECIPE_CHROMIUM`` environment variable overrides it, and without
    either Playwright's own Chromium (if installed) or ``/usr/bin/chromium`` is used."""
    timeout_s: float = Field(default=10.0, gt=0, le=600)
    """How long an action (and ``find``) waits for the page before it fails."""
    snapshot_limit_chars: int = Field(default=8000, ge=500)
    """Largest page snapshot shown to the model, in characters."""

    @field_validator("allowed_domains", "blocked_domains", mode="before")
    @classmethod
    def _normalize_domains(cls, value: object) -> object:
        if value is None:
            return None
        if isinstance(value, str):
            raise ValueError("give a list of domains, e.g. ['example.com'], not one string")
        if not isinstance(value, list | tuple | set | frozenset):
            return value
        out = []
        for item in value:
            if not isinstance(item, str) or not item.strip():
                raise ValueError(f"a domain must be a non-empty string, got {item!r}")
            host = item.strip().lower().rstrip(".")
            host = host.removeprefix("*.").removeprefix(".")
            if "://" in host or "/" in host:
                raise ValueError(f"{item!r}: give a host name like 'example.com', not a URL")
            out.append(host)
        return tuple(sorted(set(out)))


def domain_matches(host: str, domains: tuple[str, ...]) -> str | None:
    """The entry of ``domains`` that covers ``host`` (itself or a parent domain), if any."""
    host = host.lower().rstrip(".")
    for domain in domains:
        if host == domain or host.endswith("." + domain):
            return domain
    return None


def check_request(url: str, config: BrowserConfig, *, navigation: bool) -> str | None:
    """The rule ``url`` breaks, in words, or ``None`` when the request may go ahead."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme in _ALWAYS_ALLOWED_SCHEMES:
        return None
    host = (parts.hostname or "").lower()
    if config.blocked_domains:
        hit = domain_matches(host, config.blocked_domains)
        if hit is not None:
            return f"the domain {hit!r} is in blocked_domains"
    if config.require_https and scheme not in ("https", "wss"):
        return f"require_https is on and the URL uses {scheme or 'no scheme'}:"
    if navigation and config.allowed_domains is not None:
        if not host:
            return f"{scheme}: URLs have no host, and allowed_domains is set"
        if domain_matches(host, config.allowed_domains) is None:
            allowed = ", ".join(config.allowed_domains) or "none"
            return f"the host {host!r} is not in allowed_domains ({allowed})"
    return None


def check_navigation(url: str, config: BrowserConfig, pages_loaded: int) -> str | None:
    """The rule a main-frame navigation to ``url`` breaks (domains, https, ``max_pages``)."""
    rule = check_request(url, config, navigation=True)
    if rule is not None:
        return rule
    if config.max_pages is not None and pages_loaded >= config.max_pages:
        return f"max_pages={config.max_pages} pages were already loaded in this run"
    return None


def needs_route(config: BrowserConfig) -> bool:
    """Whether requests must be intercepted at all (interception costs a round trip each)."""
    return bool(
        config.allowed_domains is not None
        or config.blocked_domains
        or config.require_https
        or config.max_pages is not None
    )
