"""Control-flow tasks: recorded once, replayed on inputs that need other loops and branches.

Each module defines small realistic tasks whose right answer depends on the input's shape: how
many items a list holds (none, too), which items pass a filter, which side of a decision the
input falls on. Every action that changes something appends to :data:`EFFECTS`, so a replay's
effects can be compared with what a plain-Python reference implementation of the task does
for the same input.

A task is recorded once by a scripted stand-in for the model that acts the way an agent given
``runtime.agent.prompting.SYSTEM_PROMPT`` acts: a fixed transcript (``answers``), or a small
provider that reads the page outline (browser tasks). Its recipe then replays held-out inputs with
no model at all (``mock_responses=[]``: any model call fails, so a fallback errors out), and each
replay is classified (:func:`classify`):

- **correct**: it returned the expected outputs and made exactly the expected effects, in order;
- **safe stop**: it raised, and every effect it made is one the task expects for that input;
- **WRONG**: it made an unexpected effect, or returned outputs or effects that are not right.

A task whose held-out inputs carry ``fallback_answers`` also has a **heal sequence**
(:func:`heal_sequence`, issue 16): recorded once, it meets its held-out inputs in order with
``heal="auto"``, so a replay that fails falls back to those answers and the heal adds a bridge;
then every input seen so far replays with no model, and ``recipe test`` runs on the folder.

Tasks live in modules by domain; :func:`cases` lists them all in a stable order.
"""

from __future__ import annotations

import importlib
import math
import re
import statistics
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from runtime import AIResponse, Task, ToolCall
from runtime.agent.providers import ModelProvider
from runtime.errors import FallbackError
from runtime.run.recorded_tests import RecipeTestReport, run_recipe_tests

MODULES = (
    "billing",
    "orders",
    "people",
    "accounts",
    "web",
    "web_forms",
    "decisions",
    "decisions_both",
    "redteam_counts",
    "redteam_decisions",
    "redteam_filters",
    "redteam_heals",
    "redteam_heal_guards",
    "redteam_values",
    "redteam_web",
    "redteam_refusals",
    "redteam_round4",
    "redteam_seeds",
    "redteam_web4",
    "redteam_web5",
    "redteam_heals5",
    "redteam_web6",
    "redteam_round7",
    "redteam_web7",
    "redteam_round8",
    "redteam_round9",
    "redteam_web8",
    "redteam_heals10",
    "redteam_web11a",
    "redteam_web11b",
    "redteam_round12",
    "redteam_round13",
    "redteam_web12",
    "redteam_round14",
    "redteam_round15",
    "redteam_round16",
    "redteam_round21",
    "redteam_round22",
    "redteam_round23",
    "redteam_round24",
    "redteam_round25",
    "redteam_round25b",
    "redteam_round26",
    "redteam_round27",
    "redteam_round28",
    "redteam_round28b",
    "redteam_round29",
    "redteam_round31",
    "redteam_round32",
    "redteam_round33",
    "redteam_round34",
    "redteam_round35",
    "redteam_round36",
    "redteam_round37",
    "redteam_round38",
    "redteam_round39",
    "redteam_round40",
    "redteam_round41",
    "redteam_round42",
    "redteam_round43",
    "redteam_round44",
    "redteam_round45",
    "redteam_round46",
    "redteam_round47",
    "redteam_round48",
    "redteam_round49",
    "redteam_round50",
    "redteam_round51",
    "redteam_round52",
    "redteam_round53",
    "redteam_round54",
    "redteam_round55",
    "redteam_round56",
    "redteam_round57",
    "redteam_round58",
)

Effect = tuple[Any, ...]
EFFECTS: list[Effect] = []
"""Every change an action (or a served page's backend) made in the current run, in order."""

Verdict = Literal["correct", "safe stop", "WRONG"]
VERDICTS: tuple[Verdict, ...] = ("correct", "safe stop", "WRONG")


def ref(name: str) -> dict[str, str]:
    """An argument passed by reference (``{"$ref": "refund_request.amount"}``)."""
    return {"$ref": name}


def say(why: str, action: str, **args: Any) -> AIResponse:
    """One turn of a scripted agent: a sentence saying why, then one tool call."""
    return AIResponse(content=why, tool_calls=[ToolCall(action, args)])


def effect(*parts: Any) -> None:
    """Note one change (``effect("send_reminder", "A-101")``)."""
    EFFECTS.append(tuple(parts))


@contextmanager
def effect_log() -> Iterator[list[Effect]]:
    """A fresh :data:`EFFECTS` for one run; yields the list the run appends to."""
    EFFECTS.clear()
    yield EFFECTS


class LazyInput:
    """An input value known only when the run starts (a URL on a server started on demand)."""

    def resolve(self) -> Any:
        raise NotImplementedError


@dataclass(frozen=True)
class Expected:
    """What a correct run does for one input: its effects, in order, and its outputs."""

    effects: list[Effect]
    outputs: dict[str, Any]


@dataclass(frozen=True)
class HeldOut:
    """An input the agent never saw."""

    label: str
    """What makes it different (``"3 unpaid"``, ``"empty list"``, ``"other branch"``)."""
    inputs: dict[str, Any]
    fallback_answers: list[AIResponse] | None = None
    """What the agent answers when this input's replay falls back, from the failure point on (it
    sees the recipe's variables under their names in the recipe, and passes them by ``$ref``).
    Used by the heal sequences (:func:`heal_sequence`); the plain replays (:func:`evaluate`) run
    with no model and never use it. ``None``: no fallback is scripted for this input."""
    new_path: bool = False
    """The input needs a path the recording never took (the other side of a decision, an
    action that raises, outputs a guardrail rejects): the replay can only be right by leaving
    through a side exit before any effect. See :data:`NEW_PATHS`."""


@dataclass(frozen=True)
class Case:
    """One task, how it was recorded, and the inputs its recipe is judged on."""

    task: Task[Any]
    features: tuple[str, ...]
    """What the task exercises (``"filter"``, ``"$ref"``, ``"copy"``, ``"count"``, ...)."""
    recorded: dict[str, Any]
    """Inputs of the recorded agent run."""
    reference: Callable[[dict[str, Any]], Expected]
    """The task in plain Python: the expected effects and outputs for any (resolved) input."""
    held_out: list[HeldOut]
    answers: list[AIResponse] | None = None
    """The model's answers in the recorded run, in order (API tasks)..."""
    stand_in: Callable[[dict[str, Any]], ModelProvider] | None = None
    """...or a scripted provider for the given inputs that reads what it is sent (browser)."""
    serve: Callable[[], AbstractContextManager[Any]] = nullcontext
    """Keeps what the task's inputs point at (a local site) up during its runs."""
    module: str = ""
    """The module of :data:`MODULES` it comes from (set by :func:`cases`): ``billing`` …
    ``web_forms`` were written for issue 15, ``decisions`` for its loops that decide per item
    (added with them), ``redteam_*`` from the red team's findings."""

    @property
    def name(self) -> str:
        return self.task.name

    @property
    def browser(self) -> bool:
        return self.task.uses_browser()

    def recording_task(self, recipe_dir: Path, inputs: dict[str, Any]) -> Task[Any]:
        """The task as the agent runs it, with this case's scripted model."""
        if self.stand_in is not None:
            return self.task.with_options(recipe_dir=recipe_dir, provider=self.stand_in(inputs))
        return self.task.with_options(
            recipe_dir=recipe_dir, mock_responses=list(self.answers or [])
        )

    def replay_task(self, recipe_dir: Path) -> Task[Any]:
        """The task with no model: a replay that needs one fails."""
        return self.task.with_options(recipe_dir=recipe_dir, mock_responses=[])


@dataclass
class Outcome:
    """One run of a recipe (or of the agent) and how it is judged."""

    label: str
    inputs: dict[str, Any]
    expected: Expected
    effects: list[Effect]
    outputs: dict[str, Any] | None
    error: str | None
    verdict: Verdict = "WRONG"
    detail: str = ""
    model_calls: int = 0
    fell_back: bool = False
    """Whether the recipe failed and the agent took over (whether or not it finished)."""

    @property
    def stop(self) -> str | None:
        """How a run that raised stopped: ``"guard"`` (a side exit or a failed ``expect``, a
        stop the recipe planned) or ``"error"`` (anything else: a crash that happened to come
        before any wrong effect); ``None`` if it returned."""
        if self.error is None:
            return None
        return "guard" if re.search(r"\b(SideExit|ExpectationFailed)\b", self.error) else "error"

    def as_json(self) -> dict[str, Any]:
        return {
            "input": self.label,
            "verdict": self.verdict,
            "stop": self.stop,
            "detail": self.detail,
            "effects": [list(e) for e in self.effects],
            "expected_effects": [list(e) for e in self.expected.effects],
            "outputs": self.outputs,
            "expected_outputs": self.expected.outputs,
            "error": self.error,
            "model_calls": self.model_calls,
            "fell_back": self.fell_back,
        }


@dataclass
class Report:
    """How one task's recipe did."""

    case: Case
    recording: Outcome
    held_out: list[Outcome] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    recipe: str = ""

    def count(self, verdict: Verdict) -> int:
        return sum(1 for o in self.held_out if o.verdict == verdict)


NEW_PATHS: dict[str, set[str]] = {
    "refunds": {"over 200: other branch", "200.01: other branch"},
    "approvals": {"50: other branch", "exactly 100"},
    "reorder_check": {"below level: other branch"},
    "buy_or_backorder": {"out of stock: other branch", "another out of stock"},
    "account_status": {"suspended: outputs rejected", "another suspended"},
    "average_order_value": {"no orders: the division fails", "another with no orders"},
    "open_paged_result": {"absent"},
    "choose_delivery": {"no such option"},
    "press_labelled_button": {"no such button"},
}
"""Held-out inputs (task → labels) whose path the recording never took: no recipe compiled
from one recording can do them at 0 calls; the right replay stops at the side exit. A module
may add its own (a ``NEW_PATHS`` dict of the same shape beside its ``CASES``)."""


def cases() -> list[Case]:
    """Every task, in a stable order (held-out inputs of :data:`NEW_PATHS` flagged, beside those
    a module flags itself: ``HeldOut(..., new_path=True)``)."""
    found: list[Case] = []
    for module in MODULES:
        loaded = importlib.import_module(f"{__name__}.{module}")
        own: dict[str, set[str]] = getattr(loaded, "NEW_PATHS", {})
        for case in loaded.CASES:
            flagged = NEW_PATHS.get(case.task.name, set()) | own.get(case.task.name, set())
            held = [replace(h, new_path=h.new_path or h.label in flagged) for h in case.held_out]
            found.append(replace(case, held_out=held, module=module))
    return found


def resolve(inputs: dict[str, Any]) -> dict[str, Any]:
    """The inputs with every :class:`LazyInput` replaced by its value."""
    return {k: v.resolve() if isinstance(v, LazyInput) else v for k, v in inputs.items()}


def classify(
    expected: Expected, effects: list[Effect], outputs: dict[str, Any] | None, error: str | None
) -> tuple[Verdict, str]:
    """Judge one run: ``(verdict, why)``; ``error`` is set when the run raised."""
    unexpected = Counter(effects) - Counter(expected.effects)
    if unexpected:
        shown = ", ".join(_effect_text(e) for e in list(unexpected.elements())[:3])
        more = f" (+{unexpected.total() - 3} more)" if unexpected.total() > 3 else ""
        when = "before stopping" if error is not None else "and returned"
        return "WRONG", f"unexpected {shown}{more} {when}"
    if error is not None:
        done = f"{len(effects)}/{len(expected.effects)} effects" if expected.effects else ""
        return "safe stop", "; ".join(p for p in (done, error) if p)
    got = outputs or {}
    wrong = {
        k: got.get(k) for k, want in expected.outputs.items() if not same_value(got.get(k), want)
    }
    if wrong:
        name, value = next(iter(wrong.items()))
        return "WRONG", f"returned {name}={value!r}, expected {expected.outputs[name]!r}"
    if effects != expected.effects:
        missing = Counter(expected.effects) - Counter(effects)
        if missing:
            shown = ", ".join(_effect_text(e) for e in list(missing.elements())[:3])
            return "WRONG", f"returned without {shown}"
        return "WRONG", "returned with the right effects in the wrong order"
    return "correct", ""


def same_value(got: Any, want: Any) -> bool:
    """Equal, with floats compared to 1e-9 and lists and dicts element by element."""
    if isinstance(want, float) and isinstance(got, int | float) and not isinstance(got, bool):
        return math.isclose(got, want, rel_tol=1e-9, abs_tol=1e-9)
    if isinstance(want, list) and isinstance(got, list | tuple):
        return len(got) == len(want) and all(map(same_value, got, want))
    if isinstance(want, dict) and isinstance(got, dict):
        return got.keys() == want.keys() and all(same_value(got[k], want[k]) for k in want)
    return bool(type(got) is type(want) and got == want) or (
        isinstance(want, int | str) and not isinstance(want, bool) and got == want
    )


def _effect_text(e: Effect) -> str:
    return f"{e[0]}({', '.join(repr(p) for p in e[1:])})"


def evaluate(case: Case, recipe_dir: Path) -> Report:
    """Record the case once, then replay its recipe on every held-out input with no model.

    A recording that did not do what the reference does (a bug of the bench, or a runtime that
    cannot run the agent) is reported and its recipe is not judged: ``held_out`` stays empty.
    """
    with case.serve():
        agent = case.recording_task(recipe_dir, resolve(case.recorded))
        recording = run_once(agent.run_agent, agent, "recorded", case.recorded, case)
        report = Report(case=case, recording=recording)
        if agent.last_run is not None:
            report.warnings = list(agent.last_run.warnings)
        if recording.verdict != "correct" or not agent.folder.has_recipe():
            return report
        report.recipe = agent.folder.recipe_path.read_text("utf-8")
        replay = case.replay_task(recipe_dir)
        for held in case.held_out:
            report.held_out.append(run_once(replay.replay, replay, held.label, held.inputs, case))
    return report


# --------------------------------------------------------------------------- heal sequences


@dataclass
class Met:
    """One held-out input met in a heal sequence: its run (a replay, or a replay whose failed
    step the scripted agent took over) and what that run did to the recipe."""

    outcome: Outcome
    healed: bool = False
    """The recipe file was rewritten (a bridge was added)."""
    pending: bool = False
    """A heal was proposed but not written: it waits in ``pending/`` (see ``warnings``)."""
    warnings: list[str] = field(default_factory=list)

    @property
    def what(self) -> str:
        """``replay``, ``fallback, healed``, ``fallback, pending`` or ``fallback, not healed``."""
        if not self.outcome.fell_back:
            return "replay"
        return "fallback, " + (
            "healed" if self.healed else "pending" if self.pending else "not healed"
        )

    def as_json(self) -> dict[str, Any]:
        return {
            **self.outcome.as_json(),
            "healed": self.healed,
            "pending": self.pending,
            "warnings": self.warnings,
        }


@dataclass
class HealReport:
    """One heal sequence: the recording, the held-out inputs met in order (each replay that
    fails falls back to the scripted agent and heals), then every input seen so far replayed
    with no model, and ``recipe test`` on the healed folder."""

    case: Case
    recording: Outcome
    met: list[Met] = field(default_factory=list)
    replays: list[Outcome] = field(default_factory=list)
    """Every input seen so far (the recorded one first), replayed after the heals, no model."""
    tests: RecipeTestReport | None = None
    test_s: float = 0.0
    """Wall time of one ``run_recipe_tests`` on the folder (median of the rounds)."""
    recipe: str = ""

    def count(self, verdict: Verdict) -> int:
        return sum(1 for o in self.replays if o.verdict == verdict)

    @property
    def fallbacks(self) -> int:
        return sum(1 for m in self.met if m.outcome.fell_back)

    @property
    def healed(self) -> int:
        return sum(1 for m in self.met if m.healed)

    @property
    def pending(self) -> int:
        return sum(1 for m in self.met if m.pending)

    @property
    def wrong(self) -> int:
        """WRONG runs of the sequence and of the replays after it."""
        return sum(1 for m in self.met if m.outcome.verdict == "WRONG") + self.count("WRONG")

    @property
    def correct_at_zero(self) -> int:
        """Replays after the heals that were correct with no model call."""
        return sum(1 for o in self.replays if o.verdict == "correct" and not o.model_calls)


def heals(case: Case) -> bool:
    """Whether the case has a heal sequence: some held-out input has a scripted fallback."""
    return any(h.fallback_answers is not None for h in case.held_out)


def heal_sequence(case: Case, recipe_dir: Path, *, test_rounds: int = 5) -> HealReport:
    """Record the case once, meet its held-out inputs in order with ``heal="auto"`` (a replay
    that fails falls back to the input's ``fallback_answers`` and heals the recipe), then replay
    every input seen so far with no model and time ``recipe test`` on the folder.

    A recording that did not do what the reference does is reported and nothing else runs.
    """
    with case.serve():
        agent = case.recording_task(recipe_dir, resolve(case.recorded))
        recording = run_once(agent.run_agent, agent, "recorded", case.recorded, case)
        report = HealReport(case=case, recording=recording)
        if recording.verdict != "correct" or not agent.folder.has_recipe():
            return report
        config = case.task.config.model_copy(update={"heal": "auto"})
        for held in case.held_out:
            task = case.task.with_options(
                recipe_dir=recipe_dir,
                mock_responses=list(held.fallback_answers or []),
                config=config,
            )
            outcome = run_once(task.replay, task, held.label, held.inputs, case)
            last = task.last_run if outcome.error is None else None
            met = Met(outcome)
            if last is not None:
                met.healed = last.healed
                met.pending = last.heal_proposal_path is not None and not last.healed
                met.warnings = list(last.warnings)
            report.met.append(met)
        report.recipe = agent.folder.recipe_path.read_text("utf-8")
        replay = case.replay_task(recipe_dir)
        seen = [("recorded", case.recorded), *((h.label, h.inputs) for h in case.held_out)]
        report.replays = [
            run_once(replay.replay, replay, label, inputs, case) for label, inputs in seen
        ]
        report.tests, report.test_s = time_recipe_tests(agent, rounds=test_rounds)
    return report


def time_recipe_tests(task: Task[Any], *, rounds: int = 5) -> tuple[RecipeTestReport, float]:
    """``recipe test`` on the task's folder, ``rounds`` times: the last report and the median
    wall time of one whole call (loading the recipe module included)."""
    times: list[float] = []
    tests: RecipeTestReport | None = None
    for _ in range(max(1, rounds)):
        start = time.perf_counter()
        tests = run_recipe_tests(task.folder)
        times.append(time.perf_counter() - start)
    assert tests is not None
    return tests, statistics.median(times)


def run_once(
    run: Callable[..., Any], task: Task[Any], label: str, inputs: dict[str, Any], case: Case
) -> Outcome:
    """Call ``run`` (``task.run_agent`` or ``task.replay``) on ``inputs`` and judge the run."""
    concrete = resolve(inputs)
    expected = case.reference(concrete)
    outputs: dict[str, Any] | None = None
    error: str | None = None
    fell_back = False
    with effect_log() as log:
        try:
            got = run(**concrete)
            outputs = got.model_dump(mode="json") if hasattr(got, "model_dump") else {"": got}
        except Exception as exc:  # a stop is judged by the effects made before it
            error = stop_reason(exc)
            fell_back = isinstance(exc, FallbackError)
        effects = list(log)
    verdict, detail = classify(expected, effects, outputs, error)
    last = task.last_run
    if last is not None and error is None:
        calls, fell_back = last.model_calls, last.mode == "recipe+fallback"
    else:
        calls = 0
    return Outcome(
        label, inputs, expected, effects, outputs, error, verdict, detail, calls, fell_back
    )


_RECIPE_FAILURE = re.compile(
    r"(step \d+) of the recipe: (.*?)(?:; the fallback agent could not finish.*)?$"
)
_RECIPE_BUG = re.compile(r"recipe\.py, (line \d+): (.*?)(?:\. This is a bug in the recipe.*)?$")
_SCREENSHOT = re.compile(r" \(screenshot of the page: [^)]*\)")


def stop_reason(exc: BaseException) -> str:
    """Why a run stopped, in a few words: the recipe's own failure (``step 2: SideExit: ...``)
    when the fallback that followed it is what raised, else the error itself."""
    text = " ".join(str(exc).split())
    failure = _RECIPE_FAILURE.search(text)
    if failure is not None:
        step, what = failure.groups()
        return f"{step}: {_SCREENSHOT.sub('', what)}"
    bug = _RECIPE_BUG.search(text)
    if bug is not None:  # the recipe's own code failed: no fallback was tried
        line, what = bug.groups()
        return f"{line}: {what}"
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
