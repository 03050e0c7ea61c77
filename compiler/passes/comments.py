"""Pass ``comments``: the model's reasons become neutral comments, about what the recipe does.

The ``lower`` pass puts each step's reason (what the model said when it asked for the call)
above its statement. A reason is the model talking about its own run: first person ("I look up
the customer"), and often about calls the recipe no longer makes — a turn that asked for two
lookups, one of which ``drop_unused`` removed, or the reason for a retry, written in reply to
the error of the attempt ``drop_failed`` removed ("retrying with them"). So, last of all passes,
when the recipe's statements are final:

- A reason stays only when **every call it spoke for is still in the recipe**: every call of its
  model turn, and for a retry also the failed attempt it answered. Otherwise the comment is
  rebuilt from the names of the actions the turn still calls (``list_invoices`` → "List
  invoices."), or left out when those are only computations.
- A kept reason is rewritten as a neutral imperative (:func:`neutral`): "First I look up the
  customer." → "Look up the customer." A reason that cannot be rewritten mechanically (``I've
  found it``, ``I'm checking``, an "I" in the middle of a clause) is **dropped**, with the
  action-name comment in its place: a quoted note in the model's voice would be the one first
  person line in a script otherwise written as a person's, and the reason is not lost — it stays
  in ``trace.json`` and ``recipe show`` prints it. A reason without a first person ("Counting
  the unpaid invoices for the report.") is already neutral and stays as it is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from compiler.ir import Step
from compiler.passes._context import PassContext
from compiler.recipe_ir import RecipeIR, Statement

__all__ = ["comments", "neutral"]

_OPENERS = re.compile(
    r"^(?:(?:first|now|next|then|finally|so|ok|okay|alright|great|good|done)\b[,:]?\s+)+",
    re.IGNORECASE,
)
"""Discourse words before the subject: "First I …", "Now I …", "OK, I …"."""
_SUBJECT = re.compile(
    r"^(?:let\s+me|let's|i\s+will|i'll|i\s+am\s+going\s+to|i'm\s+going\s+to|i\s+need\s+to|"
    r"i\s+want\s+to|i\s+should|i\s+must|i\s+can|i)\s+",
    re.IGNORECASE,
)
"""The model as the subject; what follows is a verb in its base form (checked below)."""
_NOT_BASE = frozenset(
    "am was were have has had do did been being think found got saw see know knew believe "  # noqa: SIM905
    "guess noticed seem should would could might must can will need want going".split()
)
"""Words after "I" that are no imperative verb (or need a tense change to become one)."""
_ADVERBS = frozenset({"also", "then", "now", "first", "just"})
_FIRST_PERSON = re.compile(r"\b(?:i|me|my|mine|myself|i'm|i've|i'll|i'd|let me)\b", re.IGNORECASE)
_BLOCKS = ("body", "orelse")
"""The nested statements of a loop, an ``if`` or a page-turning loop (any node that has them)."""
_CLAUSE = re.compile(r"(;\s+|\.\s+|,\s+then\s+)")
"""Where a reason's clauses meet: each one is rewritten on its own."""


def comments(ir: RecipeIR, ctx: PassContext) -> tuple[RecipeIR, list[str]]:
    """Rewrite every statement's comment (see the module docstring)."""
    steps = {s.index: s for s in ctx.trace.steps}
    kept = _kept_steps(ir.statements)
    spoke_for = _spoke_for(ctx.trace.steps)
    changes: list[str] = []

    def rewrite(statements: tuple[Statement, ...]) -> tuple[Statement, ...]:
        out: list[Statement] = []
        for stmt in statements:
            update: dict[str, object] = {
                block: rewrite(getattr(stmt, block)) for block in _BLOCKS if hasattr(stmt, block)
            }
            if stmt.comment is not None and stmt.step is not None and stmt.step in steps:
                comment, why = _comment(stmt.comment, steps[stmt.step], spoke_for, kept, steps)
                if comment != stmt.comment:
                    update["comment"] = comment
                    changes.append(f"step {stmt.step}: comment {why}")
            out.append(stmt.model_copy(update=update) if update else stmt)
        return tuple(out)

    statements = rewrite(ir.statements)
    if not changes:
        return ir, []
    return ir.model_copy(update={"statements": statements}), _once(changes)


def _comment(
    reason: str, step: Step, spoke_for: dict[int, set[int]], kept: set[int], steps: dict[int, Step]
) -> tuple[str | None, str]:
    """The comment for ``step``'s statement (whose comment is now ``reason``, the model's
    reason made one printable line by ``lower``), and a few words on why it changed."""
    others = spoke_for.get(step.index, {step.index})
    gone = sorted(others - kept)
    if not gone:
        text = neutral(reason)
        if text is not None:
            return text, "in neutral words"
        why = "dropped: the reason could not be put in neutral words"
    else:
        what = ", ".join(
            f"{i} ({'a failed ' if steps[i].status == 'error' else 'a '}call of "
            f"{steps[i].action.name})"
            for i in gone
            if i in steps
        )
        why = f"dropped: its reason also spoke for step(s) {what}, not in the recipe"
    turn = sorted(others & kept)
    names = [steps[i].action for i in turn if i in steps]
    named = _from_action_names(a.name for a in names if a.builtin is None)
    return named, (f"{why}; from the action names instead" if named else why)


def neutral(reason: str) -> str | None:
    """``reason`` as a neutral comment: "I look up the customer." → "Look up the customer.";
    unchanged when it has no first person; ``None`` when it cannot be rewritten mechanically."""
    reason = " ".join(reason.replace("\u2019", "'").split())
    if not reason:
        return None
    if not _FIRST_PERSON.search(reason):
        return reason
    parts = _CLAUSE.split(reason)
    out: list[str] = []
    for i, part in enumerate(parts):
        if i % 2:  # a separator
            out.append(part)
            continue
        capital = not out or out[-1].startswith(".")
        clause = _imperative(part, capital=capital)
        if clause is None:
            return None
        out.append(clause)
    text = "".join(out)
    return None if _FIRST_PERSON.search(text) else text


def _imperative(clause: str, *, capital: bool) -> str | None:
    """One clause with the model as subject turned into an imperative (other clauses as they
    are); ``None`` when its verb is not a plain present ("I've", "I found", "I'm checking")."""
    rest = _OPENERS.sub("", clause)
    subject = _SUBJECT.match(rest)
    if subject is None:
        return clause if not _FIRST_PERSON.search(clause) else None
    words = rest[subject.end() :].split(" ")
    lead = [w for w in words[:2] if w.lower() in _ADVERBS]
    verb = words[len(lead)] if len(words) > len(lead) else ""
    low = verb.lower()
    plain = low.isalpha() and low not in _NOT_BASE and low not in _ADVERBS
    if not plain or low.endswith("ing") or (low.endswith("ed") and not low.endswith("eed")):
        return None
    text = " ".join(words)
    return text[:1].upper() + text[1:] if capital else text


def _from_action_names(names: Iterable[str]) -> str | None:
    """ "List invoices." for ``list_invoices`` (each name once, in order); ``None`` if none."""
    seen: list[str] = []
    for name in names:
        words = name.replace("_", " ").strip()
        if words and words not in seen:
            seen.append(words)
    if not seen:
        return None
    text = ", ".join(seen[:-1]) + (" and " if len(seen) > 1 else "") + seen[-1]
    return text[:1].upper() + text[1:] + "."


def _spoke_for(steps: tuple[Step, ...]) -> dict[int, set[int]]:
    """For every step, the steps its reason spoke for: the calls of its model turn (that gave
    the same reason), and, for the first call after a failed one of the same action (a retry)
    asked for in a later turn, that failed attempt too — the model wrote the retry's reason in
    reply to its error."""
    turns: dict[tuple[int, str], set[int]] = {}
    for s in steps:
        if s.turn is not None and s.reason:
            turns.setdefault((s.turn, s.reason), set()).add(s.index)
    out: dict[int, set[int]] = {}
    for s in steps:
        key = (s.turn, s.reason) if s.turn is not None and s.reason else None
        out[s.index] = set(turns[key]) if key is not None else {s.index}
    failed: dict[str, list[Step]] = {}
    for s in steps:
        if s.status == "error":
            failed.setdefault(s.action.name, []).append(s)
        elif failed.get(s.action.name):
            attempts = {f.index for f in failed.pop(s.action.name) if _answers(s, f)}
            for i in tuple(out[s.index]):
                out[i] |= attempts
    return out


def _answers(retry: Step, attempt: Step) -> bool:
    """Whether the model asked for ``retry`` after it saw ``attempt`` fail (a later turn), so
    its reason may be about that failure; calls made by code have no turn and are not."""
    return retry.turn is not None and attempt.turn is not None and retry.turn > attempt.turn


def _kept_steps(statements: tuple[Statement, ...]) -> set[int]:
    """Every trace step the recipe still does: statements' own steps, and the steps a loop
    (or a page-turning loop) rolled up."""
    out: set[int] = set()
    for stmt in statements:
        if stmt.step is not None:
            out.add(stmt.step)
        out |= set(getattr(stmt, "steps", ()))
        for block in _BLOCKS:
            out |= _kept_steps(getattr(stmt, block, ()))
    return out


def _once(lines: list[str]) -> list[str]:
    return list(dict.fromkeys(lines))
