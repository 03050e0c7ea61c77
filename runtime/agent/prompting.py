"""The one place that decides what the model sees: the system prompt, the task message,
variable listings and tool-result messages, with their truncation limits.

Token cost is tuned here and nowhere else.
"""

from __future__ import annotations

import ast
import copy
import json
import sys
from collections.abc import Mapping, Sequence
from typing import Any

from runtime.actions.recorder import short_repr
from runtime.agent.redaction import redact_text

SYSTEM_PROMPT = """\
You complete a task by calling tools. Your run is recorded and compiled into a Python script \
that will later run WITHOUT you on NEW inputs, so work in a way that generalizes:

1. Every tool result is stored in a variable whose name the tool message gives you (for example \
`list_invoices_1`). Task inputs are variables too. To pass a variable (or one you computed) as \
an argument, write {"$ref": "variable_name"} instead of copying its value; a field or item \
works too: {"$ref": "find_customer_1.email"}, {"$ref": "rows.0.id"}, and so does a $ref inside \
a list or object at any depth: {"ids": [{"$ref": "rows.0.id"}, {"$ref": "rows.1.id"}]}. Never \
retype a value you read in a result or an input.
2. Do all reasoning with the `compute` tool, so it is repeated on new data: `compute` takes one \
Python expression over the variables and stores its value as `compute_N`. Use it for
   - filtering: [i for i in list_invoices_1 if not i.paid]
   - sorting and picking: sorted(p.price for p in products), \
min((f.price, f.code) for f in flights if f.stops <= max_stops)[1] (no lambdas: compare tuples)
   - arithmetic and counting: round(sum(i.amount for i in compute_1), 2), len(compute_1)
   - string formatting: f"Reminder for {customer}: {len(compute_1)} invoices"
   - date arithmetic: (date.fromisoformat(ticket.opened) + timedelta(days=days)).isoformat()
   - deciding whether to act (compute the condition first, so the script repeats the \
decision): get_order_1.total > 100
   Allowed: attribute/index access, arithmetic, comparisons, comprehensions, conditional \
expressions, f-strings, the functions sum len min max sorted round abs str int float bool any \
all enumerate zip range list dict set tuple date datetime timedelta and common str/list/dict \
methods; no lambdas, no imports. Never do arithmetic, compare or choose items in your head and \
type the answer as a constant: a constant stays the same on every future run.
3. When you are done, call `finish` with the task's outputs, passing variables with $ref \
wherever the value came from an input, a tool result or a computation.
4. If a tool returns an error, read it, fix the call and try again.
Before each tool call, say in one short sentence why you make it.\
"""


def task_message(
    description: str,
    inputs: Mapping[str, Any],
    input_types: Mapping[str, str],
    outputs_hint: str,
    *,
    secret_inputs: Sequence[str] = (),
    var_limit: int = 300,
) -> str:
    """The first user message: the task, its input variables and what ``finish`` expects."""
    lines = [f"Task: {description.strip()}", ""]
    if inputs:
        lines.append("Input variables:")
        for name, value in inputs.items():
            shown = (
                "<secret: pass it with $ref, never copy it>"
                if name in secret_inputs
                else (short_repr(value, var_limit))
            )
            lines.append(f"- {name} ({input_types.get(name, 'Any')}) = {shown}")
    else:
        lines.append("This task has no inputs.")
    lines += ["", f"When done, call finish({outputs_hint})."]
    return "\n".join(lines)


def variables_message(
    variables: Mapping[str, Any], *, var_limit: int = 300, secrets: Sequence[str] = ()
) -> str:
    """A listing of variables (used when the agent takes over from a recipe), with each of
    ``secrets`` redacted from the values before they are cut (no secret shows half)."""
    if not variables:
        return "No variables exist yet."
    return "\n".join(f"- {n} = {_listed(v, var_limit, secrets)}" for n, v in variables.items())


def _listed(value: Any, limit: int, secrets: Sequence[str] = ()) -> str:
    """A value in a variable listing: its repr, cut to ``limit``; a list or tuple too long to
    show whole shows its first item and how many follow, which tells more than a cut repr."""
    text = _shown_repr(value, limit, secrets)
    if type(value) in (list, tuple) and len(value) > 1 and len(text) > limit:
        opening, closing = ("[", "]") if type(value) is list else ("(", ")")
        first = _shown_repr(value[0], limit, secrets)
        return f"{opening}{first}, … {len(value) - 1} more{closing}"
    return text


def _shown_repr(value: Any, limit: int, secrets: Sequence[str]) -> str:
    if not any(secrets):
        return short_repr(value, limit)
    text = redact_text(short_repr(value, sys.maxsize), secrets)
    return text if len(text) <= limit else text[:limit] + f"… ({len(text) - limit} more characters)"


def tool_result_message(
    var: str, type_name: str, value: Any, *, limit: int, secrets: Sequence[str] = ()
) -> str:
    """What the model reads after a successful call, each of ``secrets`` redacted before the
    value is cut (no secret shows half)."""
    return f"Stored as `{var}` ({type_name}): {_shown_repr(value, limit, secrets)}"


def tool_error_message(action: str, error: str) -> str:
    """What the model reads after a failed call."""
    return f"ERROR calling {action}: {error}\nNothing was stored. Fix the call and try again."


def no_tool_call_message() -> str:
    """The nudge sent when the model answers without calling a tool."""
    return "Call a tool. When the task is complete, call finish with the outputs."


def compute_tool_schema() -> dict[str, Any]:
    """The built-in ``compute`` tool."""
    return {
        "type": "function",
        "function": {
            "name": "compute",
            "description": (
                "Evaluate one restricted Python expression over the stored variables and store "
                "the result as compute_N. Use it for all filtering, sorting, choosing, "
                "arithmetic, string formatting and date arithmetic."
            ),
            "parameters": {
                "type": "object",
                "properties": {
                    "expression": {
                        "type": "string",
                        "description": "e.g. sum(i.amount for i in list_invoices_1 if not i.paid)",
                    }
                },
                "required": ["expression"],
            },
        },
    }


def finish_tool_schema(output_schema: dict[str, Any], description: str) -> dict[str, Any]:
    """The built-in ``finish`` tool, whose arguments are the task's outputs."""
    return {
        "type": "function",
        "function": {
            "name": "finish",
            "description": description,
            "parameters": output_schema,
        },
    }


def dumps_args(arguments: Mapping[str, Any]) -> str:
    """Compact JSON for logs and errors."""
    return json.dumps(arguments, ensure_ascii=False, default=repr)


def fallback_message(
    description: str,
    variables: Mapping[str, Any],
    failure: str,
    remaining: Sequence[str],
    *,
    done: Sequence[str] = (),
    secret_inputs: Sequence[str] = (),
    secrets: Sequence[str] = (),
    var_limit: int = 300,
) -> str:
    """The first user message of a fallback: the task, what failed, the variables that exist
    now (under their names in the recipe, inputs included) and the recipe's statements from the
    failed one on as a hint (:func:`recipe_hint`).

    No secret input is in it in clear: the secret inputs show as ``<secret>``, and each of
    ``secrets`` (their clear texts) is redacted from every part made of the run's data (the
    failure, the changes made, the variables: a value may quote a secret,
    ``Conn(dsn='postgres://bob:…@…')``), as the agent loop redacts what it shows the model. The
    task and the recipe hint are the developer's text and a recipe already redacted.

    It is resent with every turn of the fallback, so it carries nothing the system prompt and
    the ``finish`` tool say already (how to finish), nothing the steps that ran did (their
    results are the variables), and its size grows with the variables and the remaining
    recipe, not with the whole run.
    """
    shown_vars = {n: ("<secret>" if n in secret_inputs else v) for n, v in variables.items()}
    failure = redact_text(failure, secrets)
    done = [redact_text(d, secrets) for d in done]
    lines = [
        f"Task: {description.strip()}",
        "",
        f"A recorded recipe was doing this task and failed at {failure}",
        "Continue from the failed step; the steps before it succeeded, do not redo them.",
        "",
    ]
    if done:
        shown = list(done[:MAX_DONE_SHOWN])
        if len(done) > MAX_DONE_SHOWN:
            shown.append(f"… and {len(done) - MAX_DONE_SHOWN} more")
        lines += ["Changes the recipe already made (never repeat them):", *shown, ""]
    lines += [
        "Variables now (use $ref):",
        variables_message(shown_vars, var_limit=var_limit, secrets=secrets),
        "",
        "The rest of the recipe (a hint; it may be out of date):",
        "```python",
        recipe_hint(remaining),
        "```",
    ]
    return "\n".join(lines)


MAX_DONE_SHOWN = 20
"""Most calls the recipe already made that a fallback's first message lists."""

FALLBACK_HINT_CHARS = 1000
"""How much of the remaining recipe a fallback's first message shows (about 250 tokens, paid
again on every turn of the fallback)."""


def recipe_hint(statements: Sequence[str], *, max_chars: int = FALLBACK_HINT_CHARS) -> str:
    """The remaining recipe statements (each as :func:`hint_source` gives it), whole ones only up
    to ``max_chars``, then a line that says how many were left out; the failed statement is
    always shown (cut if it alone is longer)."""
    if not statements:
        return "# (the recipe function could not be located)"
    shown: list[str] = []
    used = 0
    for statement in statements:
        if shown and used + len(statement) > max_chars:
            break
        shown.append(statement)
        used += len(statement) + 1
    if len(shown[0]) > max_chars:
        shown[0] = shown[0][:max_chars] + "\n# … (cut)"
    left = len(statements) - len(shown)
    if left:
        shown.append(f"# … {left} more statement{'' if left == 1 else 's'} to the end")
    return "\n".join(shown)


def hint_source(statement: ast.stmt) -> str:
    """A recipe statement as the fallback hint shows it: one line, alternatives cut to the first.

    A browser step names its element by several alternative locators, most robust first, and
    ``extract_list`` each field and its rows by several alternative selectors; in full, one
    step would fill a third of the hint. The hint keeps the first alternative and writes ``...``
    for the rest (``find(page.get_by_role('button', name='Search'), ...)``,
    ``'selectors': ['a', ...]``), which is still Python and reads as "more left out". The
    recipe file is not touched.
    """
    return ast.unparse(_FirstAlternatives().visit(copy.deepcopy(statement)))


class _FirstAlternatives(ast.NodeTransformer):
    """Cuts the locators of ``find(...)`` and the selector lists of ``extract_list(...)`` to
    their first item and ``...``; other calls, and lists of one item, stay whole."""

    def visit_Call(self, node: ast.Call) -> ast.Call:
        self.generic_visit(node)
        name = node.func.id if isinstance(node.func, ast.Name) else None
        if name == "find" and _alternatives(node.args):
            node.args = [node.args[0], ast.Constant(...)]
        elif name == "extract_list":
            for keyword in node.keywords:
                if keyword.arg == "rows":
                    keyword.value = _first_alternative(keyword.value)
                elif keyword.arg == "fields" and isinstance(keyword.value, ast.Dict):
                    for spec in keyword.value.values:
                        if isinstance(spec, ast.Dict):
                            spec.values = [
                                _first_alternative(v) if _is_constant(k, "selectors") else v
                                for k, v in zip(spec.keys, spec.values, strict=True)
                            ]
        return node


def _alternatives(items: Sequence[ast.expr]) -> bool:
    """Whether ``items`` are more than one, all spelled out (no ``*rest``)."""
    return len(items) > 1 and not any(isinstance(i, ast.Starred) for i in items)


def _first_alternative(node: ast.expr) -> ast.expr:
    """``[first, ...]`` for a list literal of several items; anything else unchanged."""
    if isinstance(node, ast.List) and _alternatives(node.elts):
        return ast.List(elts=[node.elts[0], ast.Constant(...)], ctx=ast.Load())
    return node


def _is_constant(node: ast.expr | None, value: str) -> bool:
    return isinstance(node, ast.Constant) and node.value == value
