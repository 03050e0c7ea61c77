"""Pass ``locator_data``: an element whose text is data is found by that data, and by nothing
that does not carry it (no id, CSS path or XPath that would find the recorded element)."""

from __future__ import annotations

from typing import Any

from trace_kit import STR, action, compute, finish, trace

from compiler import compile_trace
from compiler.codegen import expr_source
from compiler.ir import (
    LocatorCandidate,
    LocatorExpr,
    OutputSpec,
    Step,
    Trace,
    TypeRef,
    load_trace,
)
from compiler.locators import render_candidate

CLICK = action("click", module="runtime.browser")
CHECK = action("check", module="runtime.browser")


def element(role: str, name: str, *, label: str | None = None) -> LocatorExpr:
    candidates = [LocatorCandidate(strategy="role", value=role, name=name)]
    if label is not None:
        candidates.append(LocatorCandidate(strategy="label", value=label))
    candidates += [
        LocatorCandidate(strategy="css", value="#ch0"),
        LocatorCandidate(strategy="xpath", value="/html/body/div[2]/label[1]/input"),
    ]
    return LocatorExpr(candidates=tuple(candidates), description=f'{role} "{name}"')


def _trace(
    *steps: Step,
    inputs: dict[str, Any],
    types: dict[str, TypeRef] | None = None,
    secret: tuple[str, ...] = (),
) -> Trace:
    return trace(
        *steps,
        finish(len(steps), result=None),
        name="pick",
        inputs=types or dict.fromkeys(inputs, STR),
        values=inputs,
        outputs=OutputSpec(single=TypeRef(annotation="None")),
        secret=secret,
    )


def _body(t: Trace) -> str:
    source = compile_trace(t).source
    return source.split('"""\n', 2)[2].split("\n\n\nif __name__")[0]


def _beside(t: Trace) -> list[str]:
    """Every locator ``locators.json`` keeps beside the recipe, as recipe source."""
    elements = compile_trace(t).alternates.elements.values()
    return [render_candidate(c, data=expr_source) for entry in elements for c in entry.locators]


def test_a_name_that_holds_an_input_is_an_f_string_of_it() -> None:
    t = _trace(
        Step(index=0, action=CLICK, args={"target": element("tab", "Tab #2")}),
        inputs={"tab_number": "2"},
    )
    assert 'find(page.get_by_role("tab", name=f"Tab #{tab_number}", exact=True))' in _body(t)


def test_a_data_bound_element_keeps_only_the_candidates_that_carry_the_data() -> None:
    t = _trace(
        Step(index=0, action=CHECK, args={"target": element("radio", "AU", label="AU")}),
        inputs={"option": "AU"},
    )
    body = _body(t)
    assert 'find(page.get_by_role("radio", name=option, exact=True))' in body
    # Its other locator, beside the recipe, is built from the same data; none that is not.
    beside = _beside(t)
    assert beside[1:] == ["page.get_by_label(option, exact=True)"]
    assert not any("#ch0" in b or "xpath=" in b for b in [body, *beside])


def test_fixed_elements_keep_their_fallbacks() -> None:
    t = _trace(
        Step(index=0, action=CLICK, args={"target": element("button", "Submit")}),
        inputs={"option": "AU"},
    )
    assert 'find(page.get_by_role("button", name="Submit"))' in _body(t)
    assert "page.locator('#ch0')" in _beside(t)


def test_a_name_part_of_a_longer_word_is_no_data() -> None:
    t = _trace(
        Step(index=0, action=CLICK, args={"target": element("tab", "Section #38")}),
        inputs={"n": "3", "word": "Sect"},
    )
    assert 'name="Section #38"' in _body(t)


def test_an_item_of_a_list_input_names_the_element_and_the_length_is_guarded() -> None:
    t = _trace(
        Step(index=0, action=CHECK, args={"target": element("checkbox", "XK")}),
        Step(index=1, action=CHECK, args={"target": element("checkbox", "HF2")}),
        inputs={"words": ["HF2", "XK"]},
        types={"words": TypeRef(annotation="list[str]")},
    )
    body = _body(t)
    assert body.index("if not (len(words) == 2):") < body.index("words[1]")
    assert 'page.get_by_role("checkbox", name=words[1], exact=True)' in body
    assert 'page.get_by_role("checkbox", name=words[0], exact=True)' in body
    assert body.count("len(words)") == 1


def test_a_computed_value_names_the_element_and_stays_in_the_recipe() -> None:
    pick = compute(0, "(int(rank) - 1) // 3 + 1", var="compute_1").model_copy(update={"result": 2})
    t = _trace(
        pick,
        Step(index=1, action=CLICK, args={"target": element("link", "2")}),
        inputs={"rank": "5"},
    )
    body = _body(t)
    assert "compute_1 = (int(rank) - 1) // 3 + 1" in body  # read by the locator: kept
    assert 'page.get_by_role("link", name=f"{compute_1}", exact=True)' in body


def test_secret_inputs_never_name_an_element() -> None:
    t = _trace(
        Step(index=0, action=CLICK, args={"target": element("button", "hunter22")}),
        inputs={"password": "hunter22"},
        secret=("password",),
    )
    body = _body(t)
    assert 'name="hunter22"' in body and "name=password" not in body


def test_a_trace_without_text_sources_loads_and_round_trips() -> None:
    t = _trace(
        Step(index=0, action=CLICK, args={"target": element("tab", "Tab #2")}),
        inputs={"tab_number": "2"},
    )
    assert load_trace(t.model_dump_json()) == t


def test_an_element_that_shows_the_data_is_looked_up_by_it_even_without_such_a_candidate() -> None:
    # The page showed the sender's name twice (its instructions repeat it), so only positions
    # were recorded: they would open whichever email sits there at replay.
    row = LocatorExpr(
        candidates=(
            LocatorCandidate(strategy="css", value="div:nth-of-type(2) > div.email-sender"),
            LocatorCandidate(strategy="xpath", value="/html/body/div[2]/div[1]"),
        ),
        description='div "Gerta"',
    )
    t = _trace(Step(index=0, action=CLICK, args={"target": row}), inputs={"sender": "Gerta"})
    body = _body(t)
    assert "click(target=find(page.get_by_text(sender, exact=True)))" in body
    assert "nth-of-type" not in body


def test_a_scoped_candidate_renders_inside_its_scope() -> None:
    row = LocatorExpr(
        candidates=(LocatorCandidate(strategy="text", value="Gerta", within="#main"),),
        description='div "Gerta"',
    )
    t = _trace(Step(index=0, action=CLICK, args={"target": row}), inputs={"sender": "Gerta"})
    assert 'find(page.locator("#main").get_by_text(sender, exact=True))' in _body(t)


def test_the_length_guard_is_known_to_a_pass_that_builds_the_loop() -> None:
    from compiler.passes import lower as lower_pass
    from compiler.passes._context import PassContext
    from compiler.passes.locator_data import length_guard_of, locator_data

    t = _trace(
        Step(index=0, action=CHECK, args={"target": element("checkbox", "HF2")}),
        inputs={"words": ["HF2"]},
        types={"words": TypeRef(annotation="list[str]")},
    )
    ir, _ = lower_pass(t, PassContext(trace=t))
    ir, _ = locator_data(ir, PassContext(trace=t))
    assert [length_guard_of(s) for s in ir.statements][:1] == ["words"]
