"""BrowserConfig limits, enforced the same way in agent runs and in replays."""

from __future__ import annotations

from pathlib import Path

import pytest
from browser_kit import LocalSite, ref_of
from pydantic import ValidationError

from runtime import AIResponse, Task, ToolCall, recording
from runtime.browser import (
    BROWSER_ACTIONS,
    BrowserConfig,
    BrowserLimitError,
    browser_session,
    click,
    current_session,
    navigate,
    snapshot_for_model,
)
from runtime.browser.limits import check_navigation, check_request, domain_matches

# --------------------------------------------------------------------------- rules (no browser


def test_domains_cover_subdomains_only() -> None:
    assert domain_matches("shop.example.com", ("example.com",)) == "example.com"
    assert domain_matches("EXAMPLE.com.", ("example.com",)) == "example.com"
    assert domain_matches("badexample.com", ("example.com",)) is None


def test_config_normalizes_and_rejects() -> None:
    config = BrowserConfig(allowed_domains=["*.Example.com", "example.com", ".b.org"])
    assert config.allowed_domains == ("b.org", "example.com")
    with pytest.raises(ValidationError, match="give a list of domains"):
        BrowserConfig(allowed_domains="example.com")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="not a URL"):
        BrowserConfig(blocked_domains=["https://ads.com/"])
    with pytest.raises(ValidationError):
        BrowserConfig(max_pages=0)
    with pytest.raises(ValidationError):
        BrowserConfig(headles=True)  # type: ignore[call-arg]


def test_rules_in_words() -> None:
    config = BrowserConfig(
        allowed_domains=["example.com"], blocked_domains=["ads.example.com"], require_https=True
    )
    assert check_request("https://www.example.com/a", config, navigation=True) is None
    assert "'ads.example.com' is in blocked_domains" in (
        check_request("https://ads.example.com/x.js", config, navigation=False) or ""
    )
    assert "require_https" in (check_request("http://example.com/", config, navigation=True) or "")
    assert "not in allowed_domains (example.com)" in (
        check_request("https://other.org/", config, navigation=True) or ""
    )
    # allowed_domains limits where pages go, not where their images come from
    assert check_request("https://cdn.other.org/i.png", config, navigation=False) is None
    assert check_request("about:blank", config, navigation=True) is None
    assert "max_pages=2" in (
        check_navigation("https://example.com/", BrowserConfig(max_pages=2), 2) or ""
    )


# --------------------------------------------------------------------------- in the browser

PAGE = """<!doctype html><title>Links</title><main>
<a href="http://localhost:{port}/other">Elsewhere</a>
<a href="/second">Second</a>
<img src="http://localhost:{port}/pixel.png" alt="">
</main>"""


@pytest.fixture
def links(site: LocalSite) -> str:
    port = site.url().split(":")[2].rstrip("/")
    site.add("/second", "<main><p>Second page</p></main>")
    return site.add("/links", PAGE.format(port=port))


@pytest.mark.slow
def test_navigation_outside_allowed_domains_is_refused(links: str, tmp_path: Path) -> None:
    with browser_session(BrowserConfig(allowed_domains=["127.0.0.1"]), artifacts_dir=tmp_path):
        navigate(links)
        with pytest.raises(BrowserLimitError) as info:
            navigate(links.replace("127.0.0.1", "localhost"))
        assert "localhost" in str(info.value) and "not in allowed_domains (127.0.0.1)" in str(
            info.value
        )
        # A click that follows a link out is refused too, and the page stays where it was.
        text = snapshot_for_model() or ""
        with pytest.raises(BrowserLimitError, match="not in allowed_domains"):
            click(ref_of(text, 'link "Elsewhere"'))
        assert current_session().page.url == links
        # The image from the other host was still allowed (only navigations are limited).
        assert not [url for url, _ in current_session().blocked if url.endswith("pixel.png")]


@pytest.mark.slow
def test_blocked_requests_and_max_pages(links: str, site: LocalSite) -> None:
    config = BrowserConfig(blocked_domains=["localhost"], max_pages=2)
    with browser_session(config) as session:
        navigate(links)
        assert any(url.endswith("/pixel.png") for url, _ in session.blocked)
        text = snapshot_for_model() or ""
        click(ref_of(text, 'link "Second"'))  # the second page: still fine
        with pytest.raises(BrowserLimitError, match=r"max_pages=2 pages were already loaded"):
            navigate(links)


@pytest.mark.slow
def test_https_required(links: str) -> None:
    with (
        browser_session(BrowserConfig(require_https=True)),
        pytest.raises(BrowserLimitError, match="require_https is on and the URL uses http:"),
    ):
        navigate(links)


@pytest.mark.slow
def test_limits_in_an_agent_run_and_in_a_replay(links: str, tmp_path: Path) -> None:
    outside = links.replace("127.0.0.1", "localhost")
    task = Task(
        "Open a page.",
        name="limits",
        outputs=str,
        actions=list(BROWSER_ACTIONS),
        recipe_dir=tmp_path / "recipes",
        mock_responses=[
            AIResponse(tool_calls=[ToolCall("navigate", {"url": outside})]),
            AIResponse(tool_calls=[ToolCall("navigate", {"url": links})]),
            AIResponse(tool_calls=[ToolCall("finish", {"result": "ok"})]),
        ],
    )
    with browser_session(BrowserConfig(allowed_domains=["127.0.0.1"])):
        assert task.run_agent() == "ok"
    assert task.last_run is not None
    failed, ok = task.last_run.steps[0], task.last_run.steps[1]
    assert failed.status == "error" and "not in allowed_domains" in (failed.error or "")
    assert ok.status == "ok"
    # Replay (or any recorded code) meets the same rule.
    with (
        browser_session(BrowserConfig(allowed_domains=["127.0.0.1"])),
        recording() as rec,
        pytest.raises(BrowserLimitError),
    ):
        navigate(outside)
    assert rec.steps[-1].status == "error" and "allowed_domains" in (rec.steps[-1].error or "")
