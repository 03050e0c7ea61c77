"""The agent loop: chat completions with tools, every call recorded as a step.

One loop serves a whole agent run and a fallback that takes over from a failed recipe step
(it then starts with the recipe's variables and a different first message).
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from compiler.ir import ActionRef, DictExpr, Expr, ListExpr, LiteralExpr, RefExpr, Usage
from runtime.actions._types import type_ref
from runtime.actions.control import GovernedProvider
from runtime.actions.recorder import RunRecorder, jsonable, short_repr, world_snapshot
from runtime.agent import prompting
from runtime.agent.messages import Message, ToolCall, ToolResultMessage, UserMessage
from runtime.agent.providers import AIResponse, ModelProvider
from runtime.agent.redaction import redact_text
from runtime.errors import ActionError, ExpressionError, GuardrailError, ModelError

if TYPE_CHECKING:
    from runtime.tasks.task import Task

progress = logging.getLogger("recipe")
"""Progress of agent runs and fallbacks (INFO): each model turn and each failed tool call. The
``recipe`` command shows it on stderr (``--quiet`` hides it); in a program, configure logging."""

COMPUTE_REF = ActionRef(
    name="compute", module="runtime", qualname="compute", read_only=True, builtin="compute"
)
FINISH_REF = ActionRef(name="finish", module="runtime", qualname="finish", builtin="finish")
_PAGE_NOW = "The page now:\n"


class _Finished(Exception):
    def __init__(self, value: Any) -> None:
        self.value = value


@dataclass
class AgentOutcome:
    """What an agent loop produced."""

    outputs: Any
    raw_outputs: dict[str, Any]
    usage: Usage


class AgentLoop:
    """Drives the model until it calls ``finish`` (or runs out of turns)."""

    def __init__(
        self,
        task: Task[Any],
        provider: ModelProvider,
        recorder: RunRecorder,
        messages: list[Message],
        *,
        max_turns: int,
        result_limit: int,
        compute_time_limit_s: float = 1.0,
    ) -> None:
        self.task = task
        self.provider = provider
        self.recorder = recorder
        self.messages = messages
        self.max_turns = max_turns
        self.result_limit = result_limit
        self.compute_time_limit_s = compute_time_limit_s
        self.usage = Usage()
        self.secrets = task.secret_values(recorder.variables)
        """Clear text of the secret inputs, kept out of progress lines."""
        self.tools = [a.tool_schema() for a in task.actions.values()]
        self.tools.append(prompting.compute_tool_schema())
        self.tools.append(task.finish_tool_schema())

    @classmethod
    def for_task(
        cls,
        task: Task[Any],
        provider: ModelProvider,
        recorder: RunRecorder,
        messages: list[Message],
    ) -> AgentLoop:
        """A loop with the task's configured limits (agent runs and fallbacks alike)."""
        return cls(
            task,
            GovernedProvider(provider),  # the run's time limit, retries, rate limits, meter
            recorder,
            messages,
            max_turns=task.config.max_turns,
            result_limit=task.config.max_result_repr_len,
            compute_time_limit_s=task.config.compute_time_limit_s,
        )

    # -- the loop ---------------------------------------------------------------------

    def run(self) -> AgentOutcome:
        calls = inp = out = 0
        if not any(_PAGE_NOW in (m.content or "") for m in self.messages):
            page = world_snapshot()  # a page the caller prepared: the first turn sees it
            if page:
                self.messages.append(UserMessage(content=self._shown(f"{_PAGE_NOW}{page}")))
        for turn in range(1, self.max_turns + 1):
            response = self.provider.complete(self.messages, self.tools, turn=turn)
            calls += 1
            inp += response.input_tokens or 0
            out += response.output_tokens or 0
            self.usage = Usage(model_calls=calls, input_tokens=inp, output_tokens=out)
            response = _with_ids(response, turn)
            self.messages.append(response.assistant_message())
            sent = response.input_tokens or "?"
            progress.info(
                "turn %d (%s tokens in): %s", turn, sent, self._shown(_describe(response))
            )
            if not response.tool_calls:
                self.messages.append(UserMessage(content=prompting.no_tool_call_message()))
                continue
            for call in response.tool_calls:
                try:
                    content = self._execute(call, turn, response.content)
                except _Finished as done:
                    self.messages.append(_tool_message(call, "Finished."))
                    return AgentOutcome(
                        outputs=done.value[0],
                        raw_outputs=done.value[1],
                        usage=self.usage,
                    )
                self.messages.append(_tool_message(call, self._shown(content)))
            page = world_snapshot()
            if page:
                self.messages.append(UserMessage(content=self._shown(f"{_PAGE_NOW}{page}")))
        raise ModelError(
            f"task {self.task.name!r}: the agent did not call finish within "
            f"max_turns={self.max_turns} turns. Raise TaskConfig(max_turns=...) or check the "
            "model's answers in the saved run log."
        )

    def _shown(self, text: str) -> str:
        """``text`` as the model and the progress lines may see it: no secret input in clear
        (an action's result or error can quote its arguments)."""
        return redact_text(text, self.secrets)

    # -- one tool call ----------------------------------------------------------------

    def _execute(self, call: ToolCall, turn: int, reason: str | None) -> str:
        reason = (reason or "").strip() or None
        if call.raw_arguments is not None:
            return prompting.tool_error_message(
                call.name, f"the arguments are not valid JSON: {call.raw_arguments[:200]!r}"
            )
        if call.name == "finish":
            return self._finish(call, turn, reason)
        if call.name == "compute":
            return self._compute(call, turn, reason)
        act = self.task.actions.get(call.name)
        if act is None:
            known = ", ".join([*self.task.actions, "compute", "finish"])
            return prompting.tool_error_message(
                call.name, f"there is no tool named {call.name!r}. Tools: {known}."
            )
        try:
            exprs, values = self._resolve(call.arguments)
            kwargs = act.validate_args(values)
        except ActionError as exc:
            self.recorder.add_step(
                action=act.ref,
                args=_safe_exprs(call.arguments),
                status="error",
                error=str(exc),
                turn=turn,
                reason=reason,
            )
            progress.info(
                "  %s: invalid arguments: %s", call.name, self._shown(" ".join(str(exc).split()))
            )
            return prompting.tool_error_message(call.name, str(exc))
        called = self.recorder.call(act, kwargs, args=exprs, turn=turn, reason=reason)
        if called.error is not None:
            error = f"{type(called.error).__name__}: {called.error}"
            progress.info("  %s failed: %s", call.name, self._shown(error))
            return prompting.tool_error_message(call.name, error)
        assert called.step is not None and called.step.result_var is not None
        rtype = called.step.result_type
        var, result = called.step.result_var, called.result
        type_name = rtype.annotation if rtype else type(result).__name__
        return prompting.tool_result_message(
            var, type_name, result, limit=self.result_limit, secrets=self.secrets
        )

    def _compute(self, call: ToolCall, turn: int, reason: str | None) -> str:
        # lazy: compute parses with libcst (compiler.expr); a replay builds an AgentLoop too
        from runtime.agent.compute import evaluate

        expression = call.arguments.get("expression")
        args: dict[str, Expr] = {"expression": LiteralExpr(value=jsonable(expression))}
        if not isinstance(expression, str) or set(call.arguments) != {"expression"}:
            error = "compute takes exactly one argument, expression (a string)."
            self.recorder.add_step(
                action=COMPUTE_REF,
                args=args,
                status="error",
                error=error,
                turn=turn,
                reason=reason,
            )
            return prompting.tool_error_message("compute", error)
        start = time.perf_counter()
        try:
            value = evaluate(
                expression, self.recorder.variables, time_limit_s=self.compute_time_limit_s
            )
        except ExpressionError as exc:
            self.recorder.add_step(
                action=COMPUTE_REF,
                args=args,
                status="error",
                error=str(exc),
                duration_s=time.perf_counter() - start,
                turn=turn,
                reason=reason,
            )
            return prompting.tool_error_message("compute", str(exc))
        var = self.recorder.store("compute", value)
        self.recorder.add_step(
            action=COMPUTE_REF,
            args=args,
            result_var=var,
            result=jsonable(value),
            result_repr=short_repr(value, self.result_limit),
            result_type=_value_type(value),
            duration_s=time.perf_counter() - start,
            turn=turn,
            reason=reason,
        )
        return prompting.tool_result_message(
            var, type(value).__name__, value, limit=self.result_limit, secrets=self.secrets
        )

    def _finish(self, call: ToolCall, turn: int, reason: str | None) -> str:
        try:
            exprs, values = self._resolve(call.arguments)
            outputs = self.task.validate_outputs(values)
        except (ActionError, GuardrailError) as exc:
            self.recorder.add_step(
                action=FINISH_REF,
                args=_safe_exprs(call.arguments),
                status="error",
                error=str(exc),
                turn=turn,
                reason=reason,
            )
            return prompting.tool_error_message("finish", str(exc))
        self.recorder.add_step(action=FINISH_REF, args=exprs, turn=turn, reason=reason)
        raise _Finished((outputs, values))

    # -- $ref resolution --------------------------------------------------------------

    def _resolve(self, arguments: dict[str, Any]) -> tuple[dict[str, Expr], dict[str, Any]]:
        exprs: dict[str, Expr] = {}
        values: dict[str, Any] = {}
        problems: list[str] = []
        for key, raw in arguments.items():
            exprs[key], values[key] = self._resolve_value(raw, key, problems)
        if problems:
            known = ", ".join(self.recorder.variables) or "none yet"
            raise ActionError(
                "unknown variable reference:\n" + "\n".join(problems) + f"\nVariables: {known}."
            )
        return exprs, values

    def _resolve_value(self, raw: Any, where: str, problems: list[str]) -> tuple[Expr, Any]:
        """A ``$ref`` anywhere inside an argument (a list item, an object's value, at any
        depth) is resolved; an argument with none stays one literal."""
        ref = _ref_name(raw)
        if ref is not None:
            try:
                return resolve_ref(ref, self.recorder.variables)
            except LookupError as exc:
                problems.append(f"  - {where}: {exc.args[0]}")
                return LiteralExpr(value=None), None
        if not _holds_ref(raw):
            return LiteralExpr(value=jsonable(raw)), raw
        if isinstance(raw, list):
            pairs = [self._resolve_value(v, f"{where}[{i}]", problems) for i, v in enumerate(raw)]
            return ListExpr(items=tuple(e for e, _ in pairs)), [v for _, v in pairs]
        entries = {k: self._resolve_value(v, f"{where}.{k}", problems) for k, v in raw.items()}
        return (
            DictExpr(entries=tuple((str(k), e) for k, (e, _) in entries.items())),
            {k: v for k, (_, v) in entries.items()},
        )


def _holds_ref(raw: Any, depth: int = 0) -> bool:
    """Whether a ``{"$ref": ...}`` sits anywhere inside ``raw`` (bounded depth)."""
    if depth > 20:
        return False
    if _ref_name(raw) is not None:
        return True
    if isinstance(raw, list):
        return any(_holds_ref(v, depth + 1) for v in raw)
    if isinstance(raw, dict):
        return any(_holds_ref(v, depth + 1) for v in raw.values())
    return False


def _ref_name(raw: Any) -> str | None:
    if isinstance(raw, dict) and set(raw) == {"$ref"} and isinstance(raw["$ref"], str):
        return raw["$ref"]
    return None


def resolve_ref(ref: str, variables: dict[str, Any]) -> tuple[RefExpr, Any]:
    """Resolve ``name`` or a dotted path ``name.field.0.key`` to a :class:`RefExpr` and value.

    A path segment is an attribute, a dict key (on a dict), or an index (digits, on a
    sequence). Raises ``LookupError`` with a readable message.
    """
    name, *segments = ref.split(".")
    if name not in variables:
        raise LookupError(f"no variable named {name!r}")
    value = variables[name]
    path: list[str | int] = []
    kinds: list[Literal["attr", "key", "index"]] = []
    for seg in segments:
        where = ".".join([name, *map(str, path)])
        if isinstance(value, dict):
            if seg not in value:
                raise LookupError(
                    f"{where} has no key {seg!r} (keys: {', '.join(map(str, value))})"
                )
            value = value[seg]
            path.append(seg)
            kinds.append("key")
        elif seg.isdigit() and isinstance(value, list | tuple):
            if int(seg) >= len(value):
                raise LookupError(f"{where} has only {len(value)} items")
            value = value[int(seg)]
            path.append(int(seg))
            kinds.append("index")
        elif seg.isidentifier() and not seg.startswith("_") and hasattr(value, seg):
            value = getattr(value, seg)
            path.append(seg)
            kinds.append("attr")
        else:
            raise LookupError(f"{where} ({type(value).__name__}) has no field {seg!r}")
    return RefExpr(name=name, path=tuple(path), path_kinds=tuple(kinds)), value


def _safe_exprs(arguments: dict[str, Any]) -> dict[str, Expr]:
    return {key: _safe_expr(raw) for key, raw in arguments.items()}


def _safe_expr(raw: Any) -> Expr:
    """What a failed call was given, for its trace step: references kept as written."""
    ref = _ref_name(raw)
    if ref is not None:
        name, *rest = ref.split(".")
        return RefExpr(name=name, path=tuple(int(r) if r.isdigit() else r for r in rest))
    if not _holds_ref(raw):
        return LiteralExpr(value=jsonable(raw))
    if isinstance(raw, list):
        return ListExpr(items=tuple(_safe_expr(v) for v in raw))
    return DictExpr(entries=tuple((str(k), _safe_expr(v)) for k, v in raw.items()))


def _value_type(value: Any) -> Any:
    try:
        return type_ref(type(value))
    except Exception:
        return None


def _with_ids(response: AIResponse, turn: int) -> AIResponse:
    if all(c.id for c in response.tool_calls):
        return response
    calls = [
        c if c.id else c.model_copy(update={"id": f"call_{turn}_{i}"})
        for i, c in enumerate(response.tool_calls)
    ]
    return response.model_copy(update={"tool_calls": calls})


def _tool_message(call: ToolCall, content: str) -> ToolResultMessage:
    return ToolResultMessage(tool_call_id=call.id, content=content)


def _describe(response: AIResponse) -> str:
    if not response.tool_calls:
        return f"no tool call ({(response.content or '')[:80]!r})"
    return ", ".join(
        f"{c.name}({_cut(prompting.dumps_args(c.arguments), 120)})" for c in response.tool_calls
    )


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
