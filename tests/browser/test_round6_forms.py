"""Round 6: a form field that already holds a value when the page loads, in real Chromium.

The form guard keeps each field's value as it was before the agent typed into it (and the value
of a field it left alone): replayed where a Country the recording found "Germany" is "France",
or where a Phone the recording found empty (and typed) is on file, the recipe leaves through a
side exit before Save; where the form holds what the recording saw, it saves at 0 model calls.
A password's value is never recorded in clear."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from browser_kit import LocalSite, OutlineReader, ref_of

from compiler.ir import LocatorExpr, load_trace
from runtime import Task, ToolCall
from runtime.browser import BROWSER_ACTIONS, BrowserSession

pytestmark = pytest.mark.slow


def _form(country: str, phone: str = "", password: str = "") -> str:
    return f"""<!doctype html><title>Address</title><h1>Address</h1>
<p><label>Full name <input id="n"></label></p>
<p><label>Country <input id="c" value="{country}"></label></p>
<p><label>Phone <input id="p" value="{phone}"></label></p>
<p><label>Password <input id="w" type="password" value="{password}"></label></p>
<button type="button" id="save">Save</button>
<script>
document.getElementById("save").addEventListener("click", () => {{
  const x = new XMLHttpRequest(), v = (i) => encodeURIComponent(document.getElementById(i).value);
  x.open("GET", `/save?n=${{v("n")}}&c=${{v("c")}}&p=${{v("p")}}`, false);
  x.send();
}});
</script>"""


def _task(tmp_path: Path, **options: Any) -> Task[Any]:
    return Task(
        "Open the form at form_url, type name as the full name and phone as the phone, "
        "then press Save.",
        name="contact",
        inputs={"form_url": str, "name": str, "phone": str},
        outputs={"saved": bool},
        actions=list(BROWSER_ACTIONS),
        recipe_dir=tmp_path,
        **options,
    )


def _saved(site: LocalSite) -> list[str]:
    return [r for r in site.requests if r.startswith("/save?")]


def _record(site: LocalSite, tmp_path: Path) -> None:
    """Country pre-filled Germany (left alone), Phone empty (typed), a password on file."""
    site.requests.clear()
    model = OutlineReader(
        ToolCall("navigate", {"url": {"$ref": "form_url"}}),
        lambda o: ToolCall(
            "fill", {"target": ref_of(o, 'textbox "Full name"'), "value": {"$ref": "name"}}
        ),
        lambda o: ToolCall(
            "fill", {"target": ref_of(o, 'textbox "Phone"'), "value": {"$ref": "phone"}}
        ),
        lambda o: ToolCall("click", {"target": ref_of(o, 'button "Save"')}),
        ToolCall("finish", {"saved": True}),
    )
    url = site.add("/f/0", _form("Germany", password="hunter2-secret"))
    _task(tmp_path, provider=model).run_agent(form_url=url, name="Ana", phone="555-0142")
    assert _saved(site) == ["/save?n=Ana&c=Germany&p=555-0142"]
    site.requests.clear()


def test_the_click_records_each_field_value_before_typing_and_no_password(
    session: BrowserSession, site: LocalSite, tmp_path: Path
) -> None:
    _record(site, tmp_path)
    text = (tmp_path / "contact" / "trace.json").read_text("utf-8")
    assert "hunter2-secret" not in text
    trace = load_trace(text)
    forms = [
        a.form_fields
        for s in trace.steps
        for a in s.args.values()
        if isinstance(a, LocatorExpr) and a.form_fields is not None
    ]
    assert forms == [
        (
            'textbox "Full name" = ""',
            'textbox "Country" = "Germany"',
            'textbox "Phone" = ""',
            'textbox "Password" = (a secret)',
            'left alone: every other checkbox = "not checked"',  # before any submitting click
        )
    ]


@pytest.mark.parametrize(
    ("country", "phone", "saves"),
    [
        ("Germany", "", True),  # the form the recording saw
        ("France", "", False),  # a field left alone holds another value
        ("", "", False),
        ("Germany", "555-0101", False),  # a field the recording typed was not empty
    ],
)
def test_a_form_pre_filled_otherwise_stops_before_save(
    session: BrowserSession,
    site: LocalSite,
    tmp_path: Path,
    country: str,
    phone: str,
    saves: bool,
) -> None:
    _record(site, tmp_path)
    replay = _task(tmp_path, mock_responses=[])
    url = site.add(f"/f/{country}{phone}", _form(country, phone, password="other-secret"))
    if saves:
        assert replay.run(form_url=url, name="Ben", phone="555-0777").saved
        assert _saved(site) == ["/save?n=Ben&c=Germany&p=555-0777"]
        assert replay.last_run is not None and replay.last_run.model_calls == 0
        return
    with pytest.raises(Exception, match="other values before typing"):
        replay.run(form_url=url, name="Ben", phone="555-0777")
    assert _saved(site) == []
