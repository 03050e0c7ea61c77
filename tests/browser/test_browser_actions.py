"""Each browser action against a local page, called the way the agent calls it (refs) and the
way a recipe calls it (``find``), plus what a failed step leaves behind."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from browser_kit import LocalSite, ref_of

from runtime.browser import (
    BrowserError,
    BrowserSession,
    Row,
    check,
    click,
    extract_list,
    extract_table,
    fill,
    find,
    hover,
    locator_report,
    navigate,
    press,
    read_text,
    read_value,
    recording_args,
    screenshot,
    scroll,
    select_option,
    snapshot_for_model,
    uncheck,
    upload_file,
    wait_for_text,
    wait_for_url,
)
from runtime.errors import ActionError
from tests.browser.driver_calls import driver_calls

pytestmark = pytest.mark.slow

FORM = """<!doctype html><title>Form</title>
<main>
  <label for="name">Name</label><input id="name">
  <label><input type="checkbox" id="news"> News</label>
  <label for="size">Size</label>
  <select id="size"><option value="s">Small</option><option value="l">Large</option></select>
  <label for="file">Photo</label><input type="file" id="file">
  <button id="hi" onclick="out.textContent = 'Hello ' + document.getElementById('name').value">
    Greet</button>
  <p id="out"></p>
  <div id="menu" onmouseenter="tip.hidden = false">Menu</div><p id="tip" hidden>Tip shown</p>
  <div style="height: 3000px"></div>
  <button id="bottom" onclick="location.hash = 'done'">Bottom</button>
</main>"""


@pytest.fixture
def form(session: BrowserSession, site: LocalSite) -> str:
    navigate(site.add("/form", FORM))
    return snapshot_for_model() or ""


def test_fill_click_read(session: BrowserSession, form: str) -> None:
    fill(ref_of(form, 'textbox "Name"'), "Ann")
    assert read_value(ref_of(form, 'textbox "Name"')) == "Ann"
    click(ref_of(form, 'button "Greet"'))
    page = session.page
    assert read_text(find(page.locator("#out"))) == "Hello Ann"


def test_check_uncheck_select(session: BrowserSession, form: str) -> None:
    box = ref_of(form, 'checkbox "News"')
    check(box)
    assert session.page.locator("#news").is_checked()
    uncheck(box)
    assert not session.page.locator("#news").is_checked()
    assert select_option(ref_of(form, 'combobox "Size"'), "Large") == "Large"
    assert select_option(ref_of(form, 'combobox "Size"'), "s") == "Small"  # by value
    with pytest.raises(BrowserError, match="no option 'Huge'; the options are 'Small', 'Large'"):
        select_option(ref_of(form, 'combobox "Size"'), "Huge")


def test_press_hover_scroll(session: BrowserSession, form: str) -> None:
    name = ref_of(form, 'textbox "Name"')
    fill(name, "abc")
    press("End", name)
    press("Backspace")
    assert read_value(name) == "ab"
    hover(find(session.page.locator("#menu")))
    assert "Tip shown" in (snapshot_for_model() or "")
    scroll("bottom")
    assert session.page.evaluate("window.scrollY") > 1000
    scroll("top")
    assert session.page.evaluate("window.scrollY") == 0
    scroll(target=find(session.page.locator("#bottom")))
    assert session.page.evaluate("window.scrollY") > 1000


def test_upload_and_screenshot(session: BrowserSession, form: str, tmp_path: Path) -> None:
    photo = tmp_path / "photo.txt"
    photo.write_text("not really a photo")
    upload_file(ref_of(form, 'button "Photo"'), str(photo))
    assert session.page.locator("#file").evaluate("e => e.files[0].name") == "photo.txt"
    with pytest.raises(BrowserError, match="no file at"):
        upload_file(ref_of(form, 'button "Photo"'), str(tmp_path / "missing.png"))
    shot = Path(screenshot(str(tmp_path / "shots" / "page.png")))
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_waits(session: BrowserSession, site: LocalSite) -> None:
    url = site.add(
        "/later",
        "<main><p>Loading</p></main><script>setTimeout(() => {"
        "document.body.insertAdjacentHTML('beforeend', '<p>Ready now</p>');"
        "history.pushState({}, '', '/later?step=2')}, 400)</script>",
    )
    navigate(url)
    wait_for_text("Ready now", timeout_s=3)
    assert wait_for_url("step=2", timeout_s=3).endswith("/later?step=2")
    with pytest.raises(BrowserError, match="wait_for_text"):
        wait_for_text("Never shown", timeout_s=0.2)


def test_a_read_waits_for_an_element_being_rendered_again(
    session: BrowserSession, site: LocalSite
) -> None:
    url = site.add(
        "/again",
        '<p id="x">old</p><button onclick="x.remove(); setTimeout(() => document.body.'
        "insertAdjacentHTML('beforeend', '<p id=x>new</p>'), 300)\">Refresh</button>",
    )
    navigate(url)
    page = session.page
    shown = find(page.locator("#x"))
    click(find(page.get_by_role("button", name="Refresh")))
    assert read_text(shown) == "new"


LIST = """<!doctype html><title>Shop</title><main>
<ul id="products" aria-label="Products">
  <li class="card" data-testid="product"><h3><a href="/p/1">Blue Mug</a></h3>
      <span class="price">$12.00</span><span class="stock">In stock</span></li>
  <li class="card" data-testid="product"><h3><a href="/p/2">Red Mug</a></h3>
      <span class="price">$1,299.50</span><span class="stock">Sold out</span></li>
  <li class="card" data-testid="product"><h3><a href="/p/3">Green Mug</a></h3>
      <span class="stock">In stock</span></li>
</ul>
<table aria-label="Orders"><thead><tr><th>Order</th><th>Unit price</th><th>Qty</th></tr></thead>
<tbody><tr><td>A-1</td><td>€1.50</td><td>3</td></tr><tr><td>A-2</td><td>€2</td><td>10</td></tr>
</tbody></table></main>"""


def test_extract_list_from_refs_then_from_recorded_selectors(
    session: BrowserSession, site: LocalSite
) -> None:
    navigate(site.add("/list", LIST))
    text = snapshot_for_model() or ""
    fields = {
        "name": ref_of(text, 'link "Blue Mug"'),
        "price": {
            "ref": ref_of(text, "generic [ref=e") if False else _price_ref(text),
            "type": "number",
        },
        "url": {"ref": ref_of(text, 'link "Blue Mug"'), "type": "url"},
    }
    rows = extract_list(ref_of(text, 'list "Products"'), fields)
    assert [(r.name, r.price) for r in rows] == [
        ("Blue Mug", 12.0), ("Red Mug", 1299.5), ("Green Mug", None),
    ]  # fmt: skip
    assert rows[0].url.endswith("/p/1") and isinstance(rows[0], Row)
    recorded = recording_args("extract_list", {}, rows)
    assert recorded is not None
    spec = recorded["fields"].value  # type: ignore[union-attr]
    row_selectors = recorded["rows"].value  # type: ignore[union-attr]
    assert spec["price"]["type"] == "number" and "span.price" in spec["price"]["selectors"]
    assert row_selectors[0] == "role=listitem"

    # Replay on a changed page: rows reordered, every row wrapped, one more product.
    changed = LIST.replace("<li", '<div class="wrap"><li').replace("</li>", "</li></div>")
    changed = changed.replace(
        '<ul id="products" aria-label="Products">',
        '<ul id="products" aria-label="Products"><li class="card"><h3><a href="/p/4">Cup</a>'
        '</h3><span class="price">$3</span></li>',
    )
    navigate(site.add("/list2", changed))
    page = session.page
    again = extract_list(find(page.get_by_role("list", name="Products")), spec, row_selectors)
    assert [(r.name, r.price) for r in again][:2] == [("Cup", 3.0), ("Blue Mug", 12.0)]
    # No rows is an answer too (nothing matched the search), not an error.
    navigate(site.add("/empty", '<main><ul aria-label="Products"></ul></main>'))
    assert extract_list(find(page.get_by_role("list")), spec, row_selectors) == []


SPEC = {
    "name": {"selectors": ["role=link", "a"]},
    "price": {"selectors": ['[data-testid="price"]', "span.price"], "type": "number"},
    "url": {"selectors": [":scope > h3:nth-of-type(1) > a:nth-of-type(1)"], "type": "url"},
}
ROWS = ["role=row", '[data-testid="product"]', "li"]
EXPECTED = [("Blue Mug", 12.0, "/p/1"), ("Red Mug", 1299.5, "/p/2"), ("Green Mug", None, "/p/3")]


def _read(session: BrowserSession, spec: dict[str, Any], rows: list[str]) -> list[Any]:
    return _plain(session, extract_list(find(session.page.get_by_role("list")), spec, rows))


def _plain(session: BrowserSession, rows: list[Row]) -> list[Any]:
    origin = "/".join(session.page.url.split("/")[:3])
    return [(r.name, r.price, r.url.removeprefix(origin)) for r in rows]


def test_extract_list_reads_every_row_in_one_round_trip(
    session: BrowserSession, site: LocalSite
) -> None:
    navigate(site.add("/list", LIST))
    found = find(session.page.get_by_role("list", name="Products", exact=True))
    with driver_calls() as calls:
        rows = extract_list(found, SPEC, ROWS)
    # The wait for the page to settle (it was just loaded), then one call that looks the list
    # up (its locator matches exactly one element) and reads every row.
    assert calls == ["Frame.evaluateExpression", "Frame.evalOnSelectorAll"]
    assert _plain(session, rows) == EXPECTED
    assert found.tried == (('internal:role=list[name="Products"s]', 1),)
    assert locator_report()[-1].used == 0
    with driver_calls() as calls:
        assert _plain(session, extract_list(found, SPEC, ROWS)) == EXPECTED
    assert calls == ["Frame.evalOnSelectorAll"]  # (found already: not looked up again)


def test_extract_list_reads_playwright_only_selectors_through_playwright(
    session: BrowserSession, site: LocalSite
) -> None:
    navigate(site.add("/list", LIST))
    spec = {**SPEC, "price": {"selectors": ["span:has-text('$')"], "type": "number"}}
    with driver_calls() as calls:
        assert _read(session, spec, ["xpath=./li"]) == EXPECTED
    assert len(calls) > 2  # selector by selector
    # Prices inside shadow roots: Playwright's selectors look inside them, the page's do not.
    price = re.compile(r'<span class="price">(.*?)</span>')
    shadowed = price.sub(
        r'<x-price><template shadowrootmode="open"><span class="price">\1</span></template>'
        "</x-price>",
        LIST,
    )
    navigate(site.add("/shadow", shadowed))
    assert _read(session, SPEC, ROWS) == EXPECTED


def test_extract_list_waits_for_rows_still_coming(session: BrowserSession, site: LocalSite) -> None:
    rows = re.search(r'(?s)aria-label="Products">(.*?)</ul>', LIST)
    assert rows is not None
    late = LIST.replace(rows.group(1), "") + (
        f"<script>setTimeout(() => products.innerHTML = {json.dumps(rows.group(1))}, 300)</script>"
    )
    navigate(site.add("/late", late))
    assert _read(session, SPEC, ROWS) == EXPECTED


def _price_ref(text: str) -> str:
    line = next(ln for ln in text.splitlines() if "$12.00" in ln)
    return line.split("[ref=")[1].split("]")[0]


def test_extract_list_explains_bad_fields(session: BrowserSession, site: LocalSite) -> None:
    navigate(site.add("/list", LIST))
    text = snapshot_for_model() or ""
    with pytest.raises(BrowserError, match="is not inside the list element"):
        extract_list(ref_of(text, 'list "Products"'), {"x": ref_of(text, 'table "Orders"')})


def test_extract_table_by_header(session: BrowserSession, site: LocalSite) -> None:
    navigate(site.add("/list", LIST))
    text = snapshot_for_model() or ""
    rows = extract_table(ref_of(text, 'table "Orders"'))
    assert [r.model_dump() for r in rows] == [
        {"order": "A-1", "unit_price": 1.5, "qty": 3},
        {"order": "A-2", "unit_price": 2.0, "qty": 10},
    ]
    columns = recording_args("extract_table", {}, rows)["columns"].value  # type: ignore[index]
    assert columns == {"order": "text", "unit_price": "number", "qty": "integer"}
    # Columns are found by header, so a reordered table still reads right.
    swapped = LIST.replace("<th>Order</th><th>Unit price</th>", "<th>Unit price</th><th>Order</th>")
    swapped = swapped.replace("<td>A-1</td><td>€1.50</td>", "<td>€1.50</td><td>A-1</td>")
    swapped = swapped.replace("<td>A-2</td><td>€2</td>", "<td>€2</td><td>A-2</td>")
    navigate(site.add("/swapped", swapped))
    again = extract_table(find(session.page.get_by_role("table")), columns)
    assert [(r.order, r.unit_price) for r in again] == [("A-1", 1.5), ("A-2", 2.0)]


def test_a_failed_step_keeps_a_screenshot(
    session: BrowserSession, form: str, tmp_path: Path
) -> None:
    with pytest.raises(BrowserError) as info:
        click(
            find(session.page.locator("#hi")),
        )  # fine
        click("e999")
    assert "no element e999 on the current page" in str(info.value)
    assert "screenshot of the page:" in str(info.value)
    shots = list((tmp_path / "screenshots").glob("failure-*-click.png"))
    assert len(shots) == 1 and session.failure_screenshots == shots


def test_the_agent_gets_a_clear_error_for_a_bad_target() -> None:
    with pytest.raises(ActionError, match="target must be an element ref from the page snapshot"):
        click("#search-button")
