"""A field that appears on a choice, in real Chromium: an agent types a name, chooses Canada
(no State field shows) and saves. Replayed for the United States the page now asks for a State:
the recipe leaves through a side exit before Save instead of saving an address with no state;
for France (the same form as recorded) it saves at 0 model calls. A trace recorded before the
form fields were kept compiles as it did, with no guard."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from browser_kit import LocalSite, OutlineReader, ref_of

from compiler import compile_trace
from compiler.ir import LocatorExpr, load_trace
from runtime import SideExit, Task, ToolCall
from runtime.browser import BROWSER_ACTIONS, BrowserSession, same_form

pytestmark = pytest.mark.slow

ADDRESS = """<!doctype html><title>Address</title><h1>Address</h1>
<p><label>Name <input id="name"></label></p>
<p><label>Country <select id="country"><option value="">Choose…</option>
<option>Canada</option><option>France</option><option>United States</option></select></label></p>
<p id="staterow" hidden><label>State <select id="state"><option value="">Choose…</option>
<option>Ohio</option><option>Texas</option></select></label></p>
<p><label>Internal <input id="internal" disabled></label></p>
<button type="button" id="save">Save address</button>
<script>
const c = document.getElementById("country");
c.addEventListener("change", () => {
  document.getElementById("staterow").hidden = c.value !== "United States"; });
document.getElementById("save").addEventListener("click", () => {
  const x = new XMLHttpRequest();
  x.open("GET", "/save?country=" + encodeURIComponent(c.value) + "&state="
    + encodeURIComponent(document.getElementById("state").value), false);
  x.send();
});
</script>"""


def _task(tmp_path: Path, **options: Any) -> Task[Any]:
    return Task(
        "Open the address form at form_url, type name into Name, choose country in Country "
        "(and the state when the form asks for one), then press Save address.",
        name="address",
        inputs={"form_url": str, "name": str, "country": str},
        outputs={"saved": bool},
        actions=list(BROWSER_ACTIONS),
        recipe_dir=tmp_path,
        **options,
    )


def _saved(site: LocalSite) -> list[str]:
    return [r for r in site.requests if r.startswith("/save?")]


def _record(site: LocalSite, tmp_path: Path) -> Task[Any]:
    model = OutlineReader(
        ToolCall("navigate", {"url": {"$ref": "form_url"}}),
        lambda o: ToolCall(
            "fill", {"target": ref_of(o, 'textbox "Name"'), "value": {"$ref": "name"}}
        ),
        lambda o: ToolCall(
            "select_option",
            {"target": ref_of(o, 'combobox "Country"'), "option": {"$ref": "country"}},
        ),
        lambda o: ToolCall("click", {"target": ref_of(o, 'button "Save address"')}),
        ToolCall("finish", {"saved": True}),
    )
    task = _task(tmp_path, provider=model)
    task.run_agent(form_url=site.add("/address/ana", ADDRESS), name="Ana", country="Canada")
    assert _saved(site) == ["/save?country=Canada&state="]
    site.requests.clear()
    return task


def test_a_field_that_appears_on_a_choice_stops_the_recipe_before_save(
    session: BrowserSession, site: LocalSite, tmp_path: Path
) -> None:
    _record(site, tmp_path)
    folder = tmp_path / "address"
    source = (folder / "recipe.py").read_text("utf-8")
    unticked = 'left alone: every other checkbox = "not checked"'  # (before any submitting click)
    assert (
        'same_form(\n        page,\n        (\n            \'textbox "Name" = ""\',\n'
        '            \'combobox "Country" = ""\',\n'
        f"            '{unticked}',\n        ),\n    )" in source
    )
    assert "from runtime.browser import current_page, find, same_form" in source
    # Only the click after typing recorded the form (the disabled field is no form field).
    trace = load_trace((folder / "trace.json").read_text("utf-8"))
    forms = [
        (s.action.name, a.form_fields)
        for s in trace.steps
        for a in s.args.values()
        if isinstance(a, LocatorExpr)
    ]
    assert forms == [
        ("fill", None),
        ("select_option", None),
        ("click", ('textbox "Name" = ""', 'combobox "Country" = ""', unticked)),
    ]

    replay = _task(tmp_path, mock_responses=[])
    got = replay.run(form_url=site.add("/address/ben", ADDRESS), name="Ben", country="France")
    assert got.saved and _saved(site) == ["/save?country=France&state="]
    assert replay.last_run is not None and replay.last_run.model_calls == 0
    site.requests.clear()

    # The United States: a State drop-down appears, which the recording never filled.
    with pytest.raises(Exception, match="form shows other fields, or other values before typing"):
        replay.run(form_url=site.add("/address/cy", ADDRESS), name="Cy", country="United States")
    assert _saved(site) == []


def test_same_form_names_fields_that_appear_or_go_away(
    session: BrowserSession, site: LocalSite
) -> None:
    page = session.page
    page.goto(site.add("/address/di", ADDRESS))
    recorded = ('textbox "Name"', 'combobox "Country"')
    assert same_form(page, recorded) and same_form(page, tuple(reversed(recorded)))
    page.select_option("#country", "United States")
    assert not same_form(page, recorded)
    assert same_form(page, (*recorded, 'combobox "State"'))
    page.evaluate("document.getElementById('name').remove()")
    assert not same_form(page, (*recorded, 'combobox "State"'))


def test_a_trace_without_form_fields_compiles_as_before(
    session: BrowserSession, site: LocalSite, tmp_path: Path
) -> None:
    _record(site, tmp_path)
    trace = load_trace((tmp_path / "address" / "trace.json").read_text("utf-8"))
    old = trace.model_copy(
        update={
            "steps": tuple(
                s.model_copy(
                    update={
                        "args": {
                            k: (
                                a.model_copy(update={"form_fields": None})
                                if isinstance(a, LocatorExpr)
                                else a
                            )
                            for k, a in s.args.items()
                        }
                    }
                )
                for s in trace.steps
            )
        }
    )
    source = compile_trace(old).source
    assert "same_form" not in source and "SideExit" not in source
    guarded = compile_trace(trace)
    assert "same_form" in guarded.source
    assert any("form guard" in line for p in guarded.explain for line in p.changes)


def test_side_exit_is_what_the_guard_raises(
    session: BrowserSession, site: LocalSite, tmp_path: Path
) -> None:
    """The guard is a side exit (the runtime's fallback starts there), not a failed step."""
    _record(site, tmp_path)
    module: dict[str, Any] = {}
    exec(compile((tmp_path / "address" / "recipe.py").read_text("utf-8"), "recipe", "exec"), module)
    from runtime.browser import current_page

    session.page.goto(site.add("/address/ed", ADDRESS))
    with pytest.raises(SideExit):
        # The recipe navigates itself; run it on the US form with no fallback.
        module["address"](form_url=site.url("/address/ed"), name="Ed", country="United States")
    assert current_page() is session.page and _saved(site) == []
