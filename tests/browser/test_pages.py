"""Result pages in real Chromium: an agent presses "Next" until the result it was asked for shows,
then opens it. The recipe turns pages until the result shows — on the first page, on a later page
than the recording's, past a longer title that holds the wanted one — with no model; when the
result is on no page it stops before opening anything."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from browser_kit import LocalSite

from runtime import AIResponse, Task, ToolCall
from runtime.agent.messages import Message
from runtime.browser import BROWSER_ACTIONS, BrowserSession, click, find, navigate, shows

pytestmark = pytest.mark.slow

TITLES = [
    ["Desk lamp", "Wall clock", "Oak stool"],
    ["Lamp shade", "Tea kettle", "Linen rug"],
    ["Lamp", "Copper vase", "Brass hook"],
    ["Oak shelf", "Glass jar", "Wool throw"],
    ["Slate tray", "Cork board", "Steel bin"],
]
"""Five pages of results; "Lamp" (page 3) is held in "Desk lamp" and "Lamp shade" before it."""

RESULTS = """<!doctype html><title>Results</title><h1>Results</h1>
<p id="where"></p><ol id="results"></ol><button type="button" id="next">Next</button>
<script>
let page = 1;
async function show() {
  const data = await (await fetch(`/api/p${page}.json`)).json();
  document.getElementById("results").replaceChildren(...data.items.map(([id, title]) => {
    const li = document.createElement("li"), a = document.createElement("a");
    a.href = `/item/${id}`; a.textContent = title; li.append(a); return li;
  }));
  document.getElementById("where").textContent = `Page ${page} of ${data.pages}`;
  document.getElementById("next").disabled = page >= data.pages;
}
document.getElementById("next").addEventListener("click", () => { page += 1; show(); });
show();
</script>"""


def _serve(site: LocalSite) -> str:
    """The results page; each page of results comes a moment after it is asked for."""
    for n, titles in enumerate(TITLES, start=1):
        items = [[f"{n}-{i}", t] for i, t in enumerate(titles)]
        site.add(f"/api/p{n}.json", json.dumps({"items": items, "pages": len(TITLES)}), delay_s=0.2)
        for id_, title in items:
            site.add(f"/item/{id_}", f"<!doctype html><title>{title}</title><h1>{title}</h1>")
    return site.add("/results", RESULTS)


def _opened(site: LocalSite) -> list[str]:
    titles = {f"/item/{n}-{i}": t for n, ts in enumerate(TITLES, 1) for i, t in enumerate(ts)}
    return [titles[r] for r in site.requests if r.startswith("/item/")]


class PageTurner:
    """A scripted model that reads the outline it is sent: it opens the results, presses "Next"
    while no link is named ``title``, opens the link when one is, then finishes."""

    name = "scripted"

    def __init__(self, title: str) -> None:
        self.title = title
        self.answers = 0
        self.opened = False

    def complete(self, messages: list[Message], tools: Any, *, turn: int) -> AIResponse:
        outline = next((m.content for m in reversed(messages) if "[ref=" in (m.content or "")), "")
        self.answers += 1
        if self.answers == 1:
            call = ToolCall("navigate", {"url": {"$ref": "results_url"}})
        elif self.opened:
            call = ToolCall("finish", {"opened": {"$ref": "title"}})
        else:
            link = _ref(outline, f'link "{self.title}"')
            self.opened = link is not None
            call = ToolCall("click", {"target": link or _ref(outline, 'button "Next"')})
        return AIResponse(content="", tool_calls=[call], input_tokens=0, output_tokens=0)


def _ref(outline: str, start: str) -> str | None:
    for line in outline.splitlines():
        body = line.strip().removeprefix("- ")
        if body.startswith(start + " ") and "[ref=" in body:
            return body.split("[ref=", 1)[1].split("]", 1)[0]
    return None


def _task(tmp_path: Path, **options: Any) -> Task[Any]:
    return Task(
        "Open the results at results_url, press Next until the result titled title shows, and "
        "open it. Report its title.",
        name="open_result",
        inputs={"results_url": str, "title": str},
        outputs={"opened": str},
        actions=list(BROWSER_ACTIONS),
        recipe_dir=tmp_path,
        **options,
    )


def test_the_recipe_turns_pages_until_the_result_shows(
    session: BrowserSession, site: LocalSite, tmp_path: Path
) -> None:
    url = _serve(site)
    _task(tmp_path, provider=PageTurner("Linen rug")).run_agent(results_url=url, title="Linen rug")
    assert _opened(site) == ["Linen rug"]  # on page 2: one turn would be no loop, so…
    site.requests.clear()
    _task(tmp_path, provider=PageTurner("Glass jar")).run_agent(results_url=url, title="Glass jar")
    assert _opened(site) == ["Glass jar"]  # …the recording that counts turned 3 pages
    source = (tmp_path / "open_result" / "recipe.py").read_text("utf-8")
    assert "for _ in range(12):" in source  # 3 × the 4 pages the recording went through
    assert 'shows(page.get_by_role("link",name=title,exact=True)' in "".join(source.split())

    replay = _task(tmp_path, mock_responses=[])
    for title in ["Wall clock", "Steel bin", "Lamp", "Oak shelf"]:
        site.requests.clear()
        assert replay.run(results_url=url, title=title).opened == title
        assert _opened(site) == [title]
        assert replay.last_run is not None and replay.last_run.model_calls == 0


def test_a_result_on_no_page_opens_nothing(
    session: BrowserSession, site: LocalSite, tmp_path: Path
) -> None:
    url = _serve(site)
    _task(tmp_path, provider=PageTurner("Copper vase")).run_agent(
        results_url=url, title="Copper vase"
    )
    site.requests.clear()
    with pytest.raises(Exception, match="Next"):  # the last page's Next is disabled
        _task(tmp_path, mock_responses=[]).run(results_url=url, title="Velvet sofa")
    assert _opened(site) == []


def test_shows_waits_for_the_page_turned_to(session: BrowserSession, site: LocalSite) -> None:
    """After a turn the old page's links are still there while the next page is asked for:
    the check answers for the page turned to."""
    navigate(_serve(site))
    page = session.page
    next_button = page.get_by_role("button", name="Next")
    assert shows(page.get_by_role("link", name="Desk lamp", exact=True), or_=next_button)
    assert not shows(page.get_by_role("link", name="Tea kettle", exact=True), or_=next_button)
    click(find(next_button))
    assert shows(page.get_by_role("link", name="Tea kettle", exact=True), or_=next_button)
    assert not shows(page.get_by_role("link", name="Desk lamp", exact=True), or_=next_button)
    assert not shows(page.get_by_role("link", name="Nowhere"))  # no control to wait for
