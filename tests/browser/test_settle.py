"""What a replayed step waits for before it looks at the page, and what that costs: the page's
own scripts finish (requests chained on requests, renders after answers) before ``find`` or a
read looks, and on a page that is already still the wait costs one round trip. Only public
Playwright waits: nothing of the page is patched."""

from __future__ import annotations

from typing import Any

import pytest
from browser_kit import LocalSite

from runtime.browser import (
    BrowserSession,
    LocatorError,
    busy_report,
    click,
    extract_list,
    fill,
    find,
    navigate,
    read_text,
)
from runtime.browser.waits import LOOKUP_QUIET_MS, QUIET_JS
from tests.browser.driver_calls import driver_calls

pytestmark = pytest.mark.slow

ICON = '<link rel="icon" href="data:,">'
"""No favicon request: the round trips counted are the steps' own."""

CHAIN = ICON + """<title>Chain</title><main>
<p id="status">Loading…</p><ul id="items" aria-label="Items"></ul>
<button id="more">More</button></main>
<script>
  // Each answer names the next request; the list is rendered a moment after the last one.
  async function load(first) {
    let data = await (await fetch(first)).json();
    while (data.next) data = await (await fetch(data.next)).json();
    setTimeout(() => {
      document.getElementById("items").replaceChildren(...data.items.map((name) => {
        const item = document.createElement("li");
        item.innerHTML = `<a href="/items/${name}">${name}</a>`;
        return item;
      }));
      document.getElementById("status").textContent = data.items.length + " items";
    }, 5);
  }
  load("/chain/a.json");
  document.getElementById("more").onclick = () => load("/chain/c.json");
</script>"""


@pytest.fixture
def chain(site: LocalSite) -> str:
    site.add("/chain/a.json", '{"next": "/chain/b.json"}', delay_s=0.3)
    site.add("/chain/b.json", '{"items": ["cup", "mug"]}', delay_s=0.2)
    site.add("/chain/c.json", '{"next": "/chain/d.json"}', delay_s=0.2)
    site.add("/chain/d.json", '{"items": ["cup", "mug", "pot"]}', delay_s=0.2)
    return site.add("/chain", CHAIN)


def test_a_lookup_waits_for_the_pages_requests_and_render(
    session: BrowserSession, chain: str
) -> None:
    navigate(chain)
    page = session.page
    assert read_text(find(page.locator("#status"))) == "2 items"
    click(find(page.get_by_role("button", name="More")))
    items = extract_list(
        find(page.get_by_role("list", name="Items")),
        {"name": {"selectors": ["role=link"]}},
        ["role=listitem"],
    )
    assert [item.name for item in items] == ["cup", "mug", "pot"]
    assert read_text(find(page.locator("#status"))) == "3 items"


def test_a_failed_request_ends_the_wait_too(session: BrowserSession, site: LocalSite) -> None:
    url = site.add(
        "/offline",
        ICON + '<p id="status">Loading…</p><script>fetch("http://127.0.0.1:1/down")'
        '.catch(() => { document.getElementById("status").textContent = "offline"; });</script>',
    )
    navigate(url)
    assert read_text(find(session.page.locator("#status"))) == "offline"


STILL = ICON + """<main><label>Name <input id="name"></label><button id="save">Save</button>
<p id="out"></p><button id="add">Add</button><button class="buy">Buy</button></main>
<script>
  // A progress line ticks every 5 ms (the page is never still for long) until a second
  // "Buy" button shows up.
  document.getElementById("add").onclick = () => {
    let tick = 0;
    document.getElementById("out").textContent = "Adding";
    const timer = setInterval(() => {
      document.getElementById("out").textContent = "Adding" + ".".repeat(++tick);
      if (tick < 20) return;
      clearInterval(timer);
      document.querySelector("main").insertAdjacentHTML(
        "beforeend", '<button class="buy">Buy</button>');
    }, 5);
  };
</script>"""


def test_on_a_still_page_a_lookup_after_an_action_waits_one_round_trip(
    session: BrowserSession, site: LocalSite
) -> None:
    navigate(site.add("/still", STILL))
    page = session.page
    fill(find(page.get_by_label("Name")), "Ann")
    with driver_calls() as calls:
        save = find(
            page.get_by_role("button", name="Save", exact=True), page.locator("#save")
        ).resolve()
    # The wait (one evaluation that watches the DOM), then the lookup's count.
    assert calls == ["Frame.evaluateExpression", "Frame.queryCount"]
    assert save.tried == (('internal:role=button[name="Save"s]', 1),)


def _fetching(site: LocalSite, name: str) -> str:
    """A page whose ``#status`` says "Loading…" until its request (0.3 s) is answered."""
    site.add(f"/{name}.json", '{"text": "Loaded"}', delay_s=0.3)
    return site.add(
        f"/{name}",
        ICON + f'<p id="status">Loading…</p><script>fetch("/{name}.json").then((r) => r.json())'
        '.then((d) => { document.getElementById("status").textContent = d.text; });</script>',
    )


def test_while_the_page_fetches_the_lookup_is_prepared(
    session: BrowserSession, site: LocalSite
) -> None:
    navigate(_fetching(site, "fetching"))
    with driver_calls() as calls:
        status = find(session.page.locator("#status")).resolve()
    # The count that answers comes after the page settled (the wait is in between).
    assert calls[-1] == "Frame.queryCount" and "Frame.evaluateExpression" in calls
    assert read_text(status) == "Loaded"


def test_while_the_page_fetches_a_read_waits_then_looks_up_and_reads_at_once(
    session: BrowserSession, site: LocalSite
) -> None:
    navigate(_fetching(site, "fetching-read"))
    with driver_calls() as calls:
        text = read_text(find(session.page.locator("#status")))
    # The wait for the page, then one call that counts the locator and reads its element.
    assert calls[-1] == "Frame.evalOnSelectorAll"
    assert text == "Loaded"


def test_a_page_that_keeps_changing_is_waited_for(session: BrowserSession, site: LocalSite) -> None:
    navigate(site.add("/still", STILL))
    page = session.page
    click(find(page.get_by_role("button", name="Add")))
    # The page changes every 5 ms for a while, then shows a second "Buy" button: the lookup
    # waits until it is still, and then the locator is ambiguous.
    with pytest.raises(LocatorError, match=r"2 elements \(ambiguous"):
        find(page.get_by_role("button", name="Buy"), timeout_s=0.3).resolve()


DEFERRED = ICON + """<p id="status">Waiting</p>
<button id="timeout">Timeout</button><button id="frame">Frame</button>
<button id="message">Message</button>
<script>
  // Each button fetches, then shows the answer a moment later, as pages do: after a 45 ms
  // timeout, three animation frames later, or after slices of work scheduled through a
  // MessageChannel (how React's scheduler yields), none of which changes the DOM. Each takes
  // longer than the 20 ms the DOM must stay unchanged before a lookup.
  const show = (text) => { document.getElementById("status").textContent = text; };
  const later = {
    timeout: (fn) => setTimeout(fn, 45),
    frame: (fn) => {
      const frames = (n) => requestAnimationFrame(() => (n > 1 ? frames(n - 1) : fn()));
      frames(3);
    },
    message: (fn) => {
      const channel = new MessageChannel();
      let slices = 0;
      channel.port1.onmessage = () => {
        const end = performance.now() + 5;
        while (performance.now() < end);
        if (++slices < 8) channel.port2.postMessage(null);
        else fn();
      };
      channel.port2.postMessage(null);
    },
  };
  for (const [id, defer] of Object.entries(later)) {
    document.getElementById(id).onclick = async () => {
      const data = await (await fetch("/answer.json")).json();
      defer(() => show(data.text + " by " + id));
    };
  }
</script>"""


@pytest.mark.parametrize("how", ["timeout", "frame", "message"])
def test_a_render_the_page_puts_off_for_a_moment_is_waited_for(
    session: BrowserSession, site: LocalSite, how: str
) -> None:
    site.add("/answer.json", '{"text": "Answered"}', delay_s=0.05)
    navigate(site.add("/deferred", DEFERRED))
    page = session.page
    # A first read has Playwright set up what reads need, so the one that counts is quick.
    assert read_text(find(page.locator("#status"))) == "Waiting"
    click(find(page.get_by_role("button", name=how.capitalize())))
    assert read_text(find(page.locator("#status"))) == f"Answered by {how}"


LOOP = ICON + """<canvas id="c" width="50" height="1"></canvas><p id="status">Idle</p>
<button onclick="document.getElementById('status').textContent = 'Clicked'">Go</button>
<script>const canvas = document.getElementById("c").getContext("2d"); let x = 0;</script>"""
LOOPS = {
    "frames": "<script>const draw = () => { canvas.fillRect(x++ % 50, 0, 1, 1); "
    "requestAnimationFrame(draw); }; requestAnimationFrame(draw);</script>",
    "timeouts": "<script>const poll = () => { x++; setTimeout(poll, 10); }; poll();</script>",
    "sleeps": "<script>(async () => { for (;;) { x++; "
    "await new Promise((r) => setTimeout(r, 20)); } })();</script>",
    "messages": "<script>const channel = new MessageChannel(); channel.port1.onmessage = () => "
    "{ x++; channel.port2.postMessage(null); }; channel.port2.postMessage(null);</script>",
}


@pytest.mark.parametrize("loop", list(LOOPS))
def test_a_loop_that_never_ends_does_not_hold_a_lookup(
    session: BrowserSession, site: LocalSite, loop: str
) -> None:
    # Loops that never change the DOM: a canvas animation, polling, an async sleep loop, a
    # scheduler that never runs out of work. Each always has work put off, which must not be
    # waited for: the page settles (rather than running out of time).
    navigate(site.add(f"/loop-{loop}", LOOP + LOOPS[loop]))
    page = session.page
    click(find(page.get_by_role("button", name="Go")))
    assert session.settle(quiet_ms=LOOKUP_QUIET_MS) is True
    assert read_text(find(page.locator("#status"))) == "Clicked"


def test_a_wait_that_runs_out_of_time_is_reported(session: BrowserSession, site: LocalSite) -> None:
    site.add("/endless.json", "{}", delay_s=2)
    url = site.add("/endless", ICON + '<p>Waiting</p><script>fetch("/endless.json")</script>')
    navigate(url)
    assert session.settle(timeout_s=0.3) is False  # the request is still in flight
    assert session.settle(timeout_s=0.3) is False
    assert session.busy == [(url, 0.3), (url, 0.3)]
    assert busy_report() == [
        f"{url}: the page was still busy after 0.3 s (2 times): a request that never ends or a "
        "page that keeps changing; each of those looks at it waited that long"
    ]


def test_a_locator_inside_a_frame_is_found_after_an_action(
    session: BrowserSession, site: LocalSite
) -> None:
    url = site.add(
        "/framed",
        ICON + '<button id="outer" onclick="this.textContent = \'Clicked\'">Outer</button>'
        "<iframe srcdoc=\"<button onclick='this.textContent = &quot;Done&quot;'>Inner</button>\">"
        "</iframe>",
    )
    navigate(url)
    page = session.page
    click(find(page.locator("#outer")))
    with driver_calls() as calls:
        inner = find(
            page.frame_locator("iframe").get_by_role("button", name="Inner", exact=True)
        ).resolve()
    assert calls[-1] == "Frame.queryCount"  # the frame's locator is counted from the page
    click(inner)
    assert read_text(find(page.frame_locator("iframe").get_by_role("button"))) == "Done"
    click(find(page.locator("#outer")))
    # A locator made from the frame itself: the wait, then the count.
    with driver_calls() as calls:
        again = find(page.frames[1].get_by_role("button")).resolve()
    assert calls[0] == "Frame.evaluateExpression" and calls[-1] == "Frame.queryCount"
    assert read_text(again) == "Done"


def test_a_page_that_fetches_with_xmlhttprequest_is_waited_for(
    session: BrowserSession, site: LocalSite
) -> None:
    site.add("/xhr.json", '{"text": "Loaded by XHR"}', delay_s=0.3)
    url = site.add(
        "/xhr",
        ICON + '<p id="status">Loading…</p><script>const request = new XMLHttpRequest();'
        'request.onload = () => { document.getElementById("status").textContent = '
        "JSON.parse(request.responseText).text; };"
        'request.open("GET", "/xhr.json"); request.send();</script>',
    )
    navigate(url)
    assert read_text(find(session.page.locator("#status"))) == "Loaded by XHR"


LEAVING = ICON + """<p id="status">Leaving soon</p><button id="go">Go</button>
<a id="nothing" href="/nothing">Nothing</a>
<script>
  // The page asks its server first, then moves on by itself: no click waits for that.
  document.getElementById("go").onclick = async () => {
    await (await fetch("/leave.json")).json();
    location.href = "/arrived";
  };
</script>"""


def test_a_page_that_navigates_by_itself_is_not_taken_for_the_next_one(
    session: BrowserSession, site: LocalSite
) -> None:
    site.add("/leave.json", "{}", delay_s=0.1)
    site.add("/arrived", ICON + '<p id="status">Arrived</p>', delay_s=0.3)
    navigate(site.add("/leaving", LEAVING))
    page = session.page
    click(find(page.get_by_role("button", name="Go")))
    # The old page has a #status too: the lookup waits for the new document (once the
    # navigation has started, Playwright looks only in the document that replaces the old one).
    assert read_text(find(page.locator("#status"))) == "Arrived"


def test_a_navigation_that_brings_no_page_leaves_the_old_one_usable(
    session: BrowserSession, site: LocalSite
) -> None:
    site.add("/nothing", "", status=204)
    navigate(site.add("/leaving", LEAVING))
    page = session.page
    click(find(page.get_by_role("link", name="Nothing")))
    # A 204 answer keeps the page, and nothing tells the page so: the lookup must not wait
    # for a document that never comes.
    assert read_text(find(page.locator("#status"))) == "Leaving soon"


def test_the_page_keeps_its_own_functions(session: BrowserSession, site: LocalSite) -> None:
    navigate(site.add("/plain", ICON + "<p>Plain</p>"))
    page = session.page
    assert "[native code]" in page.evaluate("() => String(window.fetch)")
    for function in (
        "XMLHttpRequest.prototype.send",
        "setTimeout",
        "clearTimeout",
        "setInterval",
        "requestAnimationFrame",
        "MessagePort.prototype.postMessage",
    ):
        assert "[native code]" in page.evaluate(f"() => String({function})"), function
    assert not [k for k in page.evaluate("() => Object.keys(window)") if k.startswith("__rc")]


RENDERED = ICON + """<p id="status">Loading…</p><script>
  fetch("/rendered.json").then((r) => r.json()).then((d) => {
    document.getElementById("status").textContent = d.text;
  });
</script>"""
UNRENDERED = ICON + """<p id="status">Loading…</p><script>
  // The answer is rendered only after 30 s: a wait must not take it for rendered.
  fetch("/unrendered.json").then(() => setTimeout(() => {
    document.getElementById("status").textContent = "Loaded";
  }, 30000));
</script>"""


def _quiet(page: Any, *, since_answer: float | None, key: list[Any] | None) -> bool:
    """The wait's script itself: the action long past, an answer ``since_answer`` ms ago (as the
    session heard of it), a whole minute to wait for its render, but 1.5 s at most: ``True``
    means the script took the page for rendered, ``False`` that it waited for a render."""
    return bool(page.evaluate(QUIET_JS, [20, 60_000, since_answer, key, 60_000, 0, 1500]))


def test_an_answer_rendered_before_the_wait_is_known_by_the_pages_own_times(
    session: BrowserSession, site: LocalSite
) -> None:
    url = site.add("/rendered.json", '{"text": "Loaded"}')
    navigate(site.add("/rendered", RENDERED))
    page = session.page
    assert read_text(find(page.locator("#status"))) == "Loaded"
    # The session heard of the answer just now; the page had it (and rendered it) before.
    assert _quiet(page, since_answer=0, key=[url, 1]) is True
    # Another count for that URL: the page has not seen the answer the session means yet, so
    # the session's own (later) time holds, and nothing rendered after it.
    assert _quiet(page, since_answer=0, key=[url, 2]) is False
    # An answer the session heard of, unknown to the page (a frame's, a failed one): likewise.
    assert _quiet(page, since_answer=0, key=None) is False
    # An answer some time ago, rendered since: the page's changes before the wait count.
    assert _quiet(page, since_answer=None, key=None) is True


def test_an_answer_not_rendered_yet_is_waited_for(session: BrowserSession, site: LocalSite) -> None:
    url = site.add("/unrendered.json", "{}")
    navigate(site.add("/unrendered", UNRENDERED))
    page = session.page
    page.wait_for_function("() => performance.getEntriesByType('resource').length > 0")
    page.evaluate("() => new Promise((resolve) => setTimeout(resolve, 50))")
    # Whether the session heard of it or only the page saw it: no change came after it.
    assert _quiet(page, since_answer=0, key=[url, 1]) is False
    assert _quiet(page, since_answer=None, key=None) is False
    assert page.locator("#status").text_content() == "Loading…"
