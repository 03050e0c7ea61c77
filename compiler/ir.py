"""The trace IR: what an agent run (or a replay with fallback) recorded, action by action.

Everything here is a frozen pydantic model, serialized to ``recipes/<task>/trace.json``.
The compiler reads only these models; the runtime writes them. Expressions inside step
arguments form a small tagged union (``kind``) shared by the trace (what the model sent) and
by the compiler passes (what the recipe will compute):

- ``Literal``: a JSON value the model wrote out.
- ``Ref``: a variable (a task input or an earlier result), optionally followed by a path of
  attribute names / item keys (``customer.id``, ``rows[0]``).
- ``FString``: a string built from literal text and references (``f"notes/{slug}.md"``).
- ``Code``: a validated ``compute`` expression over variables (emitted verbatim, renamed).
- ``Locator``: a page element with several ways to find it (browser actions).
- ``List`` / ``Dict``: a list or object holding any of these at any depth (a ``$ref`` inside
  an argument: ``finish(tracking=[{"$ref": "ship_1"}, {"$ref": "ship_2"}])``). An argument with
  no reference inside stays one ``Literal``.
"""

from __future__ import annotations

import json
import re
from typing import Annotated, Any, Literal, TypeAlias

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    JsonValue,
    TypeAdapter,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticSerializationError

from compiler.errors import TraceError, validation_problems, versioned_object_problem

SCHEMA_VERSION = 1
"""Bumped whenever a saved trace would be read differently. Older versions are migrated or
rejected with a :class:`TraceError`; newer ones are always rejected."""


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", ser_json_inf_nan="constants")


# --------------------------------------------------------------------------- expressions


class LiteralExpr(_Frozen):
    """A constant written out by the model (or by the recorder for plain Python calls)."""

    kind: Literal["literal"] = "literal"
    value: JsonValue = None
    """The value as JSON (strings, numbers, booleans, null, lists, objects)."""


class RefExpr(_Frozen):
    """A reference to a variable, with an optional access path into it."""

    kind: Literal["ref"] = "ref"
    name: str
    """The variable: a task input or an earlier step's ``result_var``."""
    path: tuple[str | int, ...] = ()
    """Access path: a ``str`` is an attribute (or a dict key, see ``path_kinds``), an ``int``
    an index."""
    path_kinds: tuple[Literal["attr", "key", "index"], ...] = ()
    """How each path element is accessed; empty means every ``str`` is an attribute and every
    ``int`` an index."""


class FStringExpr(_Frozen):
    """A string assembled from literal text and references: ``f"Invoices of {customer}"``."""

    kind: Literal["fstring"] = "fstring"
    parts: tuple[str | RefExpr, ...]
    """Literal text and references, in order."""
    formats: tuple[str, ...] = ()
    """The format spec of each part (``".2f"`` writes ``{total:.2f}``; ``""`` none), or ``()``
    when no part has one."""

    @model_validator(mode="after")
    def _one_format_per_part(self) -> FStringExpr:
        if self.formats and len(self.formats) != len(self.parts):
            raise ValueError(f"{len(self.formats)} formats for {len(self.parts)} parts")
        return self


class CodeExpr(_Frozen):
    """A ``compute`` expression that passed the allow-list, in Python source form."""

    kind: Literal["code"] = "code"
    source: str
    """The expression source, e.g. ``sum(i.amount for i in invoices if not i.paid)``."""
    names: tuple[str, ...] = ()
    """Free variable names the expression reads (filled by the validator)."""


class RowKey(_Frozen):
    """The row (of a table, or an item of a list) an element is looked up in, told from the
    other rows by the text of one of its cells: ``page.get_by_role("row").filter(
    has=page.get_by_text("A-1", exact=True))``, or by the texts of two cells together."""

    role: Literal["row", "listitem"]
    """The row's role."""
    text: str
    """The exact text of one cell of the row that no other row shows (an order number)."""
    also: str | None = None
    """The exact text of a second cell, when the row is told apart by two texts together
    (a sender and a subject, each shown by another row too, never both):
    ``….filter(has=page.get_by_text(text, exact=True)).filter(has=page.get_by_text(also,
    exact=True))``."""
    also_from: RefExpr | FStringExpr | None = None
    """What :attr:`also` is built from when it is data, as the candidate's ``text_from`` is
    for :attr:`text` (set by the compiler, only together with ``text_from``)."""
    column: str | None = None
    """For a table row: the column whose cell holds :attr:`text`, by its header's text
    (``Customer``) or, in a table without one, by its position (``#2``, from 1). The row is
    then found only by that cell (``page.locator('column="Customer"').get_by_text(…)``, the
    ``column`` selector engine of ``runtime/browser/column_engine.js``): a customer's name in
    another row's "Referred by" column does not find that row. ``None``: not in a table cell,
    or not recorded."""
    also_column: str | None = None
    """The column whose cell holds :attr:`also`, as :attr:`column`."""


class LocatorCandidate(_Frozen):
    """One way to find a page element, as Playwright says it."""

    strategy: Literal[
        "role", "label", "placeholder", "test_id", "text", "alt", "title", "css", "xpath"
    ]
    """Which ``page.get_by_*`` (or ``page.locator``) call finds it."""
    value: str
    """The role, label text, placeholder, test id, text, CSS selector or XPath."""
    name: str | None = None
    """For ``role``: the accessible name."""
    exact: bool = False
    """Match the text exactly rather than as a case-insensitive substring."""
    nth: int | None = None
    """Pick the n-th match (only recorded when nothing unique exists)."""
    within: str | None = None
    """A CSS selector of an ancestor (``#main``) the candidate is looked up in, when the same
    text shows elsewhere on the page too (the page's instructions repeat a name, say)."""
    row: RowKey | None = None
    """For an element every row of a table or list has alike (a "Mark shipped" button): the
    row it is looked up in, told by the text of one of the row's cells."""
    text_from: RefExpr | FStringExpr | None = None
    """What the candidate's text (the ``name`` of a role, else the ``value``; for a candidate
    with a :attr:`row`, the row's text) is built from when it is data: an input, an item of a
    list input or a variable, whole or inside the text. Set by the compiler; the recipe then
    builds the text from it, so it finds the element the data names
    (``page.get_by_role("tab", name=f"Tab #{tab_number}", exact=True)``)."""


LEFT_ALONE = "left alone: "
"""How a recorded form entry about a choice control the run left alone starts (``left alone:
radio group "Shipping" = "Standard"``); ``runtime.browser.form_fields`` writes and checks them
(here, beside :class:`LocatorExpr`, so that a replay reads them without the compiler's passes)."""
ACTED = "acted on: "
"""How a recorded entry about the choice controls the run acted on starts (``acted on: controls
the page turned back = 0``); with the :data:`LEFT_ALONE` entries, the choices part of a form."""
NO_FIELDS = "(no form fields)"
"""The entry that says a page the run typed into showed no form fields, where choice entries
follow (a recorded form of choice entries only is a page the run typed nothing into)."""


class LocatorExpr(_Frozen):
    """An element of the page, found at replay by the first candidate that matches exactly one
    element. Emitted like Playwright codegen: ``find(page.get_by_role("button", name="Go"), …)``.
    Candidate text comes from the page, so it is only ever emitted as escaped literals."""

    kind: Literal["locator"] = "locator"
    candidates: tuple[LocatorCandidate, ...]
    """Candidates, most robust first."""
    context: str | None = None
    """Nearest landmark or heading, for people reading the recipe."""
    description: str | None = None
    """What the element is, e.g. ``button "Add to cart"``."""
    form_fields: tuple[str, ...] | None = None
    """For a click the recording made after typing on the same page: the page's visible,
    enabled form fields just before it (``textbox "Name"``, ``combobox "Country"``). The recipe
    checks the page still shows these before the click (a field that appeared on a choice is
    the agent's to fill). For a click on a button or a link, typed or not, also the state of
    the checkboxes and radio groups the run left alone (entries that start ``left alone: ``,
    ``compiler.passes.form_guards``). ``None``: not recorded (other steps, older traces)."""
    alike: tuple[str, ...] | None = None
    """The names of the elements the page showed alike to this one when the recording acted on
    it (same tag, role, class and place in the page: the other plan cards, the other "Choose …"
    buttons), for telling a choice among alternatives from a control. ``None``: not recorded."""
    state: str | None = None
    """What a click's outcome hangs on besides the element, as the recording saw it. For a
    toggle (a button with ``aria-pressed``, a switch, a checkbox): its state then (``pressed``,
    ``not pressed``, ``checked``, ``not checked``). For a button inside a dialog (role
    ``dialog``/``alertdialog``, a ``<dialog>``, an ``aria-modal`` box, or a box that appeared
    after the previous click and holds the button): what the dialog offered and asked, ``in a
    dialog offering "Cancel", "Delete"`` and, when it shows a question, ``asking "Delete the
    account ana?"`` (in a loop the compiler makes the question a pattern, each item's own
    values wildcards). The click runs at replay only while the element shows the same state
    (``runtime.browser.same_state``). ``None``: neither, or not recorded."""
    opened_dialog: bool | None = None
    """For a click: whether a dialog (role ``dialog``/``alertdialog``, an open ``<dialog>``, an
    ``aria-modal`` box) that was not open before it was open once the page settled after it.
    A click in a loop the recording saw open none is followed at replay by a check that none
    opened (``runtime.browser.no_new_dialog``): a delete that asks to confirm on this row only
    is the agent's to answer. ``None``: not a click, or not recorded."""


class ListExpr(_Frozen):
    """A list whose items are expressions (at least one of them not a literal)."""

    kind: Literal["list"] = "list"
    items: tuple[Expr, ...] = ()
    """The items, in order."""


class DictExpr(_Frozen):
    """A JSON object whose values are expressions (at least one of them not a literal)."""

    kind: Literal["dict"] = "dict"
    entries: tuple[tuple[str, Expr], ...] = ()
    """``(key, value)`` pairs, in the order given."""


Expr: TypeAlias = Annotated[
    LiteralExpr | RefExpr | FStringExpr | CodeExpr | LocatorExpr | ListExpr | DictExpr,
    Field(discriminator="kind"),
]

ListExpr.model_rebuild()
DictExpr.model_rebuild()


# --------------------------------------------------------------------------- types


class ImportRef(_Frozen):
    """One ``from module import name`` a type annotation needs."""

    module: str
    name: str


class TypeRef(_Frozen):
    """A Python type annotation in source form, with the imports it needs."""

    annotation: str
    """Source text of the annotation, e.g. ``list[Invoice]`` or ``str | None``."""
    imports: tuple[ImportRef, ...] = ()
    """Imports the annotation needs, sorted."""


class OutputSpec(_Frozen):
    """What the task returns: one value (``single``) or named fields (``fields``)."""

    single: TypeRef | None = None
    """Set when the task returns a single value (``finish(result=...)``)."""
    fields: dict[str, TypeRef] | None = None
    """Set when the task returns an object with these attributes (``finish(a=..., b=...)``)."""
    model_name: str | None = None
    """Name of the output class the recipe defines for ``fields``."""

    @field_validator("fields")
    @classmethod
    def _some_fields(cls, fields: dict[str, TypeRef] | None) -> dict[str, TypeRef] | None:
        if fields is not None and not fields:
            raise ValueError(
                "an output object needs at least one field; a task with no outputs "
                'records "single": {"annotation": "None", "imports": []} instead'
            )
        return fields


BRIEF_CONSTANT = "RECORDED_BRIEF"
"""The recipe module's constant holding :attr:`TaskSpec.brief_digests` (a dict literal)."""


class TaskSpec(_Frozen):
    """The task as the user defined it."""

    name: str
    """Task name; the recipe function and folder are named after it."""
    description: str
    """The task description given to the model."""
    inputs: dict[str, TypeRef] = {}
    """Input names and types, in signature order."""
    outputs: OutputSpec = OutputSpec()
    """Output type(s)."""
    secret_inputs: tuple[str, ...] = ()
    """Inputs whose values are never written to a trace or recipe."""
    defaults: dict[str, JsonValue] = {}
    """The default of each input that has one (not secret ones): an input that may be left
    out, whose being given may have decided what the task changed."""
    module: str | None = None
    """Importable module that defines the ``Task`` (lets ``recipe replay`` fall back)."""
    effects: tuple[str, ...] = ()
    """Names of the task's actions that change something (not read-only), called or not: a
    decision the recording made can matter even when its recorded side changed nothing."""
    action_docs: dict[str, str] = {}
    """What the model was told of each action (its description), by action name: words that
    explain a rule the recording followed ("0: not yet due")."""
    brief_digests: dict[str, str] | None = None
    """Fingerprints of what the model read besides the description, by part: ``instructions``,
    ``context`` and each attached file by name (never their text). The recipe keeps them as
    :data:`BRIEF_CONSTANT`; a replay whose task reads otherwise now runs the agent instead.
    ``None``: recorded before briefs were fingerprinted (nothing is compared)."""


# --------------------------------------------------------------------------- steps


class ActionRef(_Frozen):
    """Where an action lives, so a recipe can import it."""

    name: str
    """The tool name the model used (the function name, unless renamed)."""
    module: str
    """Importable module path, e.g. ``examples.invoices``; ``runtime`` for built-ins."""
    qualname: str
    """Attribute path inside the module (usually the function name)."""
    read_only: bool = False
    """Read-only actions may be dropped when their result is unused."""
    builtin: Literal["compute", "finish"] | None = None
    """Set for the two built-in actions, which compile to an expression and a ``return``."""


class Step(_Frozen):
    """One action call, successful or not."""

    index: int
    """Position in the run, from 0, failed calls included."""
    action: ActionRef
    """The action called."""
    args: dict[str, Expr] = {}
    """Keyword arguments as the model gave them: literals and ``$ref`` references."""
    result_var: str | None = None
    """Variable that holds the result (``X_n``); ``None`` when the call failed or is finish."""
    result: JsonValue = None
    """JSON snapshot of the result (for data-flow matching); ``None`` if not representable."""
    result_repr: str | None = None
    """Short repr of the result as the model saw it."""
    result_type: TypeRef | None = None
    """Type of the result, when known."""
    status: Literal["ok", "error"] = "ok"
    """Whether the call succeeded."""
    error: str | None = None
    """Error message for a failed call."""
    duration_s: float = 0.0
    """Wall time of the call."""
    turn: int | None = None
    """Model turn (from 1) that asked for the call; ``None`` for calls made by code."""
    reason: str | None = None
    """The model's stated reason for the call, if it gave one."""
    source: Literal["agent", "recipe", "fallback"] = "agent"
    """Who made the call: the agent, the replayed recipe, or the fallback agent."""


class Usage(_Frozen):
    """Model usage over the run."""

    model_calls: int = 0
    input_tokens: int = 0
    output_tokens: int = 0


class Trace(_Frozen):
    """A whole recorded run: the task, its inputs, every step and the outputs."""

    schema_version: int = SCHEMA_VERSION
    """Format version; see :data:`SCHEMA_VERSION`."""
    run_id: str
    """Unique id of the run (appears in the recipe header)."""
    created_at: str
    """ISO-8601 UTC time the run started."""
    task: TaskSpec
    """The task definition."""
    inputs: dict[str, JsonValue] = {}
    """Input values of the run (secret inputs redacted)."""
    steps: tuple[Step, ...] = ()
    """Every action call in order, failed ones included."""
    outputs: JsonValue = None
    """The outputs ``finish`` returned, as JSON."""
    usage: Usage = Usage()
    """Model calls and tokens."""
    model: str | None = None
    """Model name used by the agent."""
    mode: Literal["agent", "recipe", "recipe+fallback"] = "agent"
    """How the run was made."""
    fallback_from: int | None = None
    """For ``recipe+fallback``: index of the first step the fallback agent made."""
    kept: bool = False
    """A successful run kept beside the recipe as one of its regression tests (``recipe test``):
    the run a heal's bridge was made from. Its steps are the calls as made (values, not
    references), the failed call at the side exit included."""


_TRACE_ADAPTER: TypeAdapter[Trace] = TypeAdapter(Trace)


def trace_json_schema() -> dict[str, Any]:
    """The JSON Schema of a trace file."""
    return Trace.model_json_schema()


def dump_trace(trace: Trace) -> str:
    """Serialize a trace to stable, indented JSON text that :func:`load_trace` reads back equal.

    Text that UTF-8 cannot hold (lone surrogates, which a model or a page can produce) is
    written as ``\\udXXX`` escapes (pydantic refuses them, so the standard library writes that
    trace). Raises :class:`TraceError` for the one thing JSON cannot say: a high surrogate
    directly followed by a low one, which any reader joins into one character.
    """
    try:
        return trace.model_dump_json(indent=2) + "\n"
    except PydanticSerializationError:
        pass  # lone surrogates: pydantic only writes valid UTF-8
    # (mode="python": pydantic's JSON mode mangles a lone surrogate in a dict key)
    try:
        text = json.dumps(trace.model_dump(mode="python"), indent=2, ensure_ascii=False)
    except ValueError as exc:  # an integer beyond Python's 4300-digit conversion limit
        raise TraceError(f"cannot write this trace: {exc}.") from None
    pair = _SURROGATE_PAIR.search(text)  # (raw surrogates only occur inside strings)
    if pair is not None:
        raise TraceError(
            "cannot write a text into the trace: it holds two surrogate code points in a row "
            f"({pair.group()!r}), which JSON would read back as one character. Clean the value "
            "(e.g. text.encode('utf-16', 'surrogatepass').decode('utf-16')) before recording it."
        )
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n"


_SURROGATE = re.compile("[\ud800-\udfff]")
_SURROGATE_PAIR = re.compile("[\ud800-\udbff][\udc00-\udfff]")


def _parse_int(text: str) -> int:
    """``int(text)`` for JSON integer text of any length (Python refuses more than 4300 digits
    by default; a trace may hold what an action returned)."""
    if len(text) <= 4000:
        return int(text)
    if len(text) > _MAX_INT_DIGITS:
        raise TraceError(
            f"an integer in the trace has {len(text)} digits (at most {_MAX_INT_DIGITS} are "
            "read). Record the task again with smaller values."
        )
    sign, digits = ("-", text[1:]) if text.startswith("-") else ("", text)
    half = len(digits) // 2
    value = _parse_int(digits[:-half]) * 10**half + _parse_int(digits[-half:])
    return -value if sign else value


_MAX_INT_DIGITS = 1_000_000


def load_trace(text: str | bytes, *, source: str = "<trace>") -> Trace:
    """Parse trace JSON text, raising :class:`TraceError` that names ``source`` on any problem."""
    try:
        raw = json.loads(text, parse_int=_parse_int)
    except json.JSONDecodeError as exc:
        raise TraceError(
            f"{source}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}). "
            "Restore it from recipes/<task>/history/ or record the task again."
        ) from None
    except TraceError as exc:
        raise TraceError(f"{source}: {exc}") from None
    except (ValueError, RecursionError) as exc:  # e.g. undecodable bytes, absurd nesting
        raise TraceError(
            f"{source}: cannot be read as JSON ({type(exc).__name__}: {str(exc)[:200]}). "
            "Restore it from recipes/<task>/history/ or record the task again."
        ) from None
    problem = versioned_object_problem(raw, kind="trace", current=SCHEMA_VERSION)
    if problem:
        raise TraceError(f"{source}: {problem}")
    try:
        return _TRACE_ADAPTER.validate_python(raw)
    except ValidationError as exc:
        raise TraceError(
            f"{source}: the trace does not match schema version {SCHEMA_VERSION}:\n"
            + validation_problems(exc)
        ) from None
