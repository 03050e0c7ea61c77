"""A change after a loop whose words say plainly when it follows (split from
:mod:`compiler.passes._loop_decisions`): "If you stopped any, post to FinOps" makes the post follow
exactly when the loop stopped something, so the recipe goes on while its list has an item, not
only while the list is the recorded one; "If any registrations are unpaid, tell the organizer",
where the model wrote that test itself (``len(unpaid) > 0`` over a filter on ``paid``), is its
guarded decision.

Both readings hold only where the words say nothing else that could make the change depend on
the data: one "if", one "any", no other cue (a qualifier in another sentence, "unless", "only",
a day, a negation), no number or comparison after the comma. Red team rounds 25b to 27 and 39
show what a looser reading gets wrong ("if any VIP registration is unpaid", "if more than one",
"if two or more, also put it on hold", "; if you escalated any, email the account manager")."""

from __future__ import annotations

import ast
import re
from typing import Any

from compiler.ir import CodeExpr, LiteralExpr, RefExpr
from compiler.literals import literal_source
from compiler.passes._guard_kit import guard_on
from compiler.passes._hidden_words import _TENS, _UNITS, every_number, plain_text, values_inside
from compiler.passes._scope import _Scope
from compiler.passes._values import short_repr
from compiler.passes._walk import argument_exprs, leaf_exprs
from compiler.recipe_ir import Assign, Call, ExprStmt, Guard, If, Loop, Statement, Until

_WORD = re.compile(r"[A-Za-z']+")

_CUES = frozenset(
    _WORD.findall(
        "unless when whenever whether only otherwise except excepting excluding provided but also "
        "instead case long applies apply never not no nor without skip avoid don't dont doesn't "
        "until while else either monday tuesday wednesday thursday friday saturday sunday weekend "
        "weekends weekday weekdays today tomorrow tonight "
    )
)
"""Words that could make a change depend on more than whether the loop acted, anywhere in the
words."""

_MEASURES = frozenset(
    _WORD.findall(
        "before after where wherever then both all every each more fewer less least most several "
        "multiple over under above below than exceeds exceed "
    )
)
"""Words that choose or compare: the loop's own sentence uses them for its items ("every VM
whose CPU is under 5%"); anywhere else they may qualify the change."""

_WHEN = re.compile(
    r"(?:mon|tues|wednes|thurs|fri|satur|sun)days?|weekends?|weekdays?|holidays?|nights?"
    r"|mornings?|evenings?|afternoons?|january|february|march|april|may|june|july|august"
    r"|september|october|november|december|daily|weekly|monthly|yearly|annually"
)
"""A time the words may tie the change to ("on Fridays", "in December")."""

_NUMBERS = frozenset({*_UNITS, *_TENS, "once", "twice", "dozen", "half"})

_ACTED = re.compile(r"(?:^|(?<=[.!?])\s+)if you ([a-z]+) any\s*,([^.!?]*)", re.IGNORECASE)
_ANY_ARE = re.compile(
    r"(?:^|(?<=[.!?])\s+)if any ([a-z]+) (?:is|are|was|were) ([a-z]+)\s*,([^.!?]*)",
    re.IGNORECASE,
)


def _words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def _one_condition(plain: str, clause: re.Match[str], rest: str, verb: str) -> bool:
    """Whether the clause is the words' only condition and what follows its comma only says
    what to do: one "if" and one "any" in all the words, no cue anywhere; after the comma (an
    example in brackets left out) no number, choice or comparison; besides the clause's, one
    sentence that names the loop's action (``verb``), with nothing in brackets nor a second
    clause after a semicolon, and others that only say what to return ("Return the ids you
    stopped."): a sentence of its own may narrow what "any" means ("FinOps wants to hear about
    the GPU machines", round 42)."""
    words = _words(plain)
    if words.count("if") != 1 or words.count("any") != 1 or set(words) & _CUES:
        return False
    if any(_WHEN.fullmatch(w) for w in words):
        return False
    if re.search(r"[\d()]", rest) or set(_words(rest)) & (_MEASURES | _NUMBERS):
        return False
    own = clause.group(0).strip()
    looped = 0
    for sentence in re.split(r"(?<=[.!?])\s+", plain.strip()):
        if own in sentence:
            if sentence.strip() != own and not sentence.strip().startswith(own):
                return False
            continue
        said = _words(sentence)
        if said and said[0] in ("return", "report"):
            if re.search(r"[\d();]", sentence) or set(said) & (_MEASURES | _NUMBERS):
                return False
            continue
        if not any(w.startswith(verb[:4]) for w in said) or re.search(r"[();]", sentence):
            return False
        looped += 1
    return looped == 1


def _past_of(form: str, verb: str) -> bool:
    """Whether ``form`` is the past of ``verb`` ("stopped" of "stop", "cancelled" of "cancel",
    "archived" of "archive", "notified" of "notify")."""
    form, verb = form.lower(), verb.lower()
    if len(verb) < 3:
        return False
    return form in {
        verb + "ed",
        verb + "d",
        verb + verb[-1] + "ed",
        verb[:-1] + "ied",
    }


def _acting_action(loop: Loop) -> str | None:
    """The one changing action a loop's body calls on every item (at its top level), if so."""
    if any(isinstance(s, If | Until | Loop) for s in loop.body):
        return None
    names = {
        s.value.action.name
        for s in loop.body
        if isinstance(s, Assign | ExprStmt)
        and isinstance(s.value, Call)
        and not s.value.action.read_only
    }
    return next(iter(names)) if len(names) == 1 else None


def acted_any(loop: Loop, name: str, description: str) -> str | None:
    """The condition (``name``, the list ``loop`` goes over: it has an item) where the words
    make a change after the loop follow exactly when it acted ("If you cancelled any, tell the
    front desk how many")."""
    action = _acting_action(loop)
    if action is None or loop.also:
        return None
    plain = plain_text(description)
    clauses = list(_ACTED.finditer(plain))
    if len(clauses) != 1:
        return None
    clause = clauses[0]
    verb = re.split(r"_", action)[0]
    if not _past_of(clause.group(1), verb):
        return None
    if not _one_condition(plain, clause, clause.group(2), verb):
        return None
    return name


def decided_any(
    loop: Loop, after: list[Statement], emitted: list[Statement], description: str
) -> str | None:
    """Whether, among the statements between a loop and a change, the model's own guarded
    decision is what the words make the change follow on: "If any registrations are unpaid,"
    and ``len(unpaid) > 0`` (or ``bool(unpaid)``) over ``[r for r in registrations if not
    r.paid]``, where the listing's action names the registrations: the list it tests
    (``unpaid``), or ``None``."""
    plain = plain_text(description)
    clauses = list(_ANY_ARE.finditer(plain))
    if len(clauses) != 1:
        return None
    clause = clauses[0]
    noun, state = clause.group(1).lower(), clause.group(2).lower()
    action = _acting_action(loop)
    if action is None or not _one_condition(plain, clause, clause.group(3), action.split("_")[0]):
        return None
    guarded = {name for g in after if isinstance(g, Guard) for name in g.condition.names}
    made = {s.var: s for s in after if isinstance(s, Assign)}
    for stmt in after:
        if not (
            isinstance(stmt, Assign) and isinstance(stmt.value, CodeExpr) and stmt.var in guarded
        ):
            continue
        tested = _nonempty_of(stmt.value.source)
        if tested is None:
            continue
        chosen = _filter_of(tested, made, emitted)
        if chosen is None:
            continue
        listing, field, negated = chosen
        named = noun.rstrip("s") in listing.lower() and len(noun) >= 4
        said = state == ("un" + field if negated else field)
        if named and said:
            return tested
    return None


def _nonempty_of(source: str) -> str | None:
    """``unpaid`` of ``len(unpaid) > 0``, ``len(unpaid) >= 1``, ``len(unpaid) != 0`` or
    ``bool(unpaid)``."""
    try:
        tree = ast.parse(source, mode="eval").body
    except SyntaxError:
        return None
    if (
        isinstance(tree, ast.Call)
        and isinstance(tree.func, ast.Name)
        and tree.func.id == "bool"
        and len(tree.args) == 1
        and isinstance(tree.args[0], ast.Name)
    ):
        return tree.args[0].id
    if not (isinstance(tree, ast.Compare) and len(tree.ops) == 1):
        return None
    left, op, right = tree.left, tree.ops[0], tree.comparators[0]
    if not (
        isinstance(left, ast.Call)
        and isinstance(left.func, ast.Name)
        and left.func.id == "len"
        and len(left.args) == 1
        and isinstance(left.args[0], ast.Name)
        and isinstance(right, ast.Constant)
    ):
        return None
    bound = (type(op), right.value)
    if bound in {(ast.Gt, 0), (ast.GtE, 1), (ast.NotEq, 0)}:
        return left.args[0].id
    return None


def _filter_of(
    name: str, made: dict[str, Assign], emitted: list[Statement]
) -> tuple[str, str, bool] | None:
    """For ``unpaid = [r for r in registrations if not r.paid]``: the listing action that
    gave ``registrations`` (its name), the field tested, and whether the test is negated."""
    stmt = made.get(name)
    if stmt is None or not isinstance(stmt.value, CodeExpr):
        return None
    try:
        tree = ast.parse(stmt.value.source, mode="eval").body
    except SyntaxError:
        return None
    if not (isinstance(tree, ast.ListComp) and len(tree.generators) == 1):
        return None
    gen = tree.generators[0]
    if not (
        isinstance(gen.target, ast.Name)
        and isinstance(gen.iter, ast.Name)
        and len(gen.ifs) == 1
        and not gen.is_async
    ):
        return None
    test, negated = gen.ifs[0], False
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        test, negated = test.operand, True
    if not (
        isinstance(test, ast.Attribute)
        and isinstance(test.value, ast.Name)
        and test.value.id == gen.target.id
    ):
        return None
    return _listing(gen.iter.id, emitted), test.attr, negated


def _listing(name: str, statements: list[Statement]) -> str:
    """The name of the action whose result ``name`` holds (or the name itself)."""
    for s in statements:
        if isinstance(s, Assign) and s.var == name and isinstance(s.value, Call):
            return s.value.action.name
    return name


def relaxed(
    stmt: Assign | ExprStmt, at: int, emitted: list[Statement], scope: _Scope
) -> tuple[Loop, Guard | None] | None:
    """For a change after the loop ``emitted[at]``: the loop (collecting its calls' answers
    where the guard reads them) and the guard the change goes on under, where the words say
    plainly when it follows (:func:`acted_any`, :func:`decided_any`); ``None`` where the list
    must stay the recorded one. Never where the task has another loop, nor where the change is
    given a value the model typed that an item of a list holds (``"Unpaid: I-2"``: the id of
    the item it decided on). "If you cancelled any" holds while the list has an item and every
    call answered as in the recording (``"cancelled"``, not ``"refused: checked in"``)."""
    loop = emitted[at]
    assert isinstance(loop, Loop) and isinstance(loop.iterable, RefExpr)
    if sum(isinstance(s, Loop) for s in emitted) != 1 or _typed_unexplained(stmt, scope):
        return None
    holder = loop.iterable.name
    values = scope.values_at(scope.position_of(stmt))
    change = stmt.value.action.name if isinstance(stmt.value, Call) else "it"
    verb = (_acting_action(loop) or "").split("_")[0]
    told = _beside_the_loop(scope.description, verb)
    tested = decided_any(loop, emitted[at + 1 :], emitted, scope.description)
    if tested is not None:
        alike = _alike(list(dict.fromkeys([tested, holder])), values, told)
        if alike is None:
            return None
        if not alike:
            return loop, None
        return loop, guard_on(
            " and ".join(alike),
            stmt.step,
            f"The words make {change} follow the model's own test of {tested}; a word of theirs "
            f"may narrow it to items like the recorded ones, so the items of {tested} and "
            f"{holder} must hold what all the recorded ones held alike.",
            f"an item of {tested} or {holder} is unlike every recorded one: the words may make "
            f"{change} depend on it",
        )
    if acted_any(loop, holder, scope.description) is None:
        return None
    answered = _answered(loop, scope)
    alike = _alike([holder], values, told)
    if answered is None or alike is None:
        return None
    var, answer = answered
    action = _acting_action(loop) or "the loop's action"
    answers = scope.fresh(f"{action}_answers")
    loop = loop.model_copy(update={"collect": (*loop.collect, (answers, var))})
    test = " and ".join(
        [holder, f"all(answer == {literal_source(answer)} for answer in {answers})", *alike]
    )
    return loop, guard_on(
        test,
        stmt.step,
        f"The words make {change} follow the loop only if it acted on any item of {holder}; "
        f"the recording acted on some, {action} answered {short_repr(answer)} each time, and "
        "a word of theirs may narrow which items count, so every item must hold what all the "
        "recorded ones held alike.",
        f"{holder} is empty, {action} answered otherwise than {short_repr(answer)}, or an item "
        "is unlike every recorded one: the words make what follows depend on what the loop "
        "did, and the recording never took that way",
    )


def _alike(names: list[str], values: dict[str, Any], told: str) -> list[str] | None:
    """Tests that every item of each list in ``names`` holds what all its recorded items held
    alike: a flag, or a text or whole number that two or more recorded items share
    (``all(item.gpu == True for item in vms if item.id in stopped)`` for a list of ids taken
    from ``vms``). Round 43: "FinOps wants to hear about the GPU machines", "how many workshop
    seats are still unpaid" narrow "any" by a field no rule reads; where every recorded item
    was a GPU machine, a CPU one now stops before the change. ``None`` where a list holds
    values whose items the recording cannot show, or where the words beside the loop (``told``)
    name a field the recorded items held otherwise (:func:`_named_apart`)."""
    tests: list[str] = []
    for name in names:
        recorded = values.get(name)
        if not isinstance(recorded, list) or not recorded:
            return None
        if all(isinstance(x, dict) for x in recorded):
            chosen, among, over = recorded, recorded, f"for item in {name}"
        else:
            found = _items_of(name, recorded, values)
            if found is None:
                return None
            source, key, chosen = found
            among = values[source]
            over = f"for item in {source} if item.{key} in {name}"
        alike = _held_alike(chosen, among)
        if _named_apart(told, chosen, among, {field for field, _ in alike}):
            return None
        for field, value in alike:
            tests.append(f"all(item.{field} == {literal_source(value)} {over})")
    return tests


def _beside_the_loop(description: str, verb: str) -> str:
    """The words but the loop's own sentence (the one naming its action with no "if"): what
    may narrow the change after it."""
    kept = [
        sentence
        for sentence in re.split(r"(?<=[.!?])\s+", description.strip())
        if "if" in _words(sentence) or not any(w.startswith(verb[:4]) for w in _words(sentence))
    ]
    return " ".join(kept).lower()


def _named_apart(
    told: str, chosen: list[dict[str, Any]], among: list[dict[str, Any]], alike: set[str]
) -> bool:
    """Whether the words beside the loop name a field, or a text one holds, that the recorded
    items did not all hold alike (round 49: "post the GPU ones to FinOps" where one stopped VM
    had a GPU and one had none; "chase the workshop seats" where one unpaid seat was a talk):
    the change may then hold for some items only, which no guard can tell. A field named whose
    values no two records share ("Return the ids") is no narrowing; a text one holds is."""
    words = {w.rstrip("s") for w in _words(told) if len(w) >= 3}
    for field in chosen[0]:
        if field in alike or not field.isidentifier():
            continue
        held = [a.get(field) for a in among]
        texts = {str(h).lower() for h in held if isinstance(h, str) and len(h) >= 3}
        if any(re.search(rf"(?<!\w){re.escape(t)}(?!\w)", told) for t in texts):
            return True  # (a text an item held: "the workshop seats")
        parts = {w.rstrip("s") for w in re.split(r"[\W_]+", field.lower()) if len(w) >= 3}
        distinct = all(isinstance(h, str | int) and not isinstance(h, bool) for h in held) and len(
            {str(h) for h in held}
        ) == len(held)
        if parts & words and not distinct:
            return True
    return False


def _items_of(
    name: str, recorded: list[Any], values: dict[str, Any]
) -> tuple[str, str, list[dict[str, Any]]] | None:
    """For a list of ids: the list of records it was taken from, the field that holds the ids,
    and the records it names."""
    if not all(isinstance(x, str | int) and not isinstance(x, bool) for x in recorded):
        return None
    wanted = set(recorded)
    if len(wanted) != len(recorded):
        return None
    for source, value in values.items():
        if source == name or not isinstance(value, list) or not value:
            continue
        if not all(isinstance(x, dict) for x in value):
            continue
        for key in value[0]:
            held = [x.get(key) for x in value]
            if not all(isinstance(h, str | int) and not isinstance(h, bool) for h in held):
                continue
            if len(set(held)) == len(held) and wanted <= set(held) and key.isidentifier():
                return source, key, [x for x in value if x.get(key) in wanted]
    return None


def _held_alike(chosen: list[dict[str, Any]], among: list[dict[str, Any]]) -> list[tuple[str, Any]]:
    """The fields every chosen record holds alike: a flag, or a text or whole number that two
    or more records of ``among`` hold (so no id nor name)."""
    alike: list[tuple[str, Any]] = []
    for field, value in chosen[0].items():
        if not field.isidentifier() or any(c.get(field) != value for c in chosen):
            continue
        flag = isinstance(value, bool) or value is None
        shared = len(chosen) > 1 or sum(1 for a in among if a.get(field) == value) > 1
        if flag or (isinstance(value, str | int) and shared):
            alike.append((field, value))
    return alike


def _answered(loop: Loop, scope: _Scope) -> tuple[str, Any] | None:
    """The variable the loop's changing call answers into, and the one plain answer every
    recorded call gave (``"stopped"``, ``True``, ``None``)."""
    calls = [
        s
        for s in loop.body
        if isinstance(s, Assign) and isinstance(s.value, Call) and not s.value.action.read_only
    ]
    if len(calls) != 1:
        return None
    (call,) = calls
    assert isinstance(call.value, Call)
    gave = [
        scope.steps[n].result
        for n in loop.steps
        if n in scope.steps and scope.steps[n].action.name == call.value.action.name
    ]
    if not gave or any(g != gave[0] for g in gave):
        return None
    if not (gave[0] is None or isinstance(gave[0], str | bool | int | float)):
        return None
    return call.var, gave[0]


def _typed_unexplained(stmt: Statement, scope: _Scope) -> bool:
    """Whether a value the model typed into the change holds a number ("Two unpaid
    registrations."), or a text an item of a list it read holds (an id inside a message)."""
    values = scope.values_at(scope.position_of(stmt))
    held = {
        str(v).lower()
        for value in values.values()
        if isinstance(value, list)
        for v in values_inside(value)
        if isinstance(v, str | int | float) and not isinstance(v, bool) and len(str(v)) >= 2
    }
    for label, expr in argument_exprs(stmt):
        for _, leaf in leaf_exprs(expr, label):
            if isinstance(leaf, LiteralExpr) and isinstance(leaf.value, str | int | float):
                typed = str(leaf.value).lower()
                if every_number(typed):
                    return True  # (a number the model typed may count what it decided on)
                if any(re.search(rf"(?<!\w){re.escape(h)}(?!\w)", typed) for h in held):
                    return True
    return False
