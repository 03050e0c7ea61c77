"""``@action``: a typed Python function becomes a tool the agent can call and a recipe replays.

The signature (through pydantic) gives the argument validator and the JSON schema; the
docstring gives the description. Every call made while a run is being recorded (an agent run,
a recipe replay or hand-written code under :func:`runtime.actions.recorder.recording`) is recorded
as a step of that run, so the same mechanism traces all three.
"""

from __future__ import annotations

import functools
import inspect
import typing
from collections.abc import Callable
from typing import Any, Generic, ParamSpec, TypeVar, overload

from pydantic import BaseModel, ConfigDict, SecretStr, ValidationError, create_model

from compiler.ir import ActionRef, TypeRef
from runtime.actions._types import module_path_of, type_ref
from runtime.actions.recorder import current_recorder
from runtime.errors import ActionError, TaskDefinitionError

P = ParamSpec("P")
R = TypeVar("R")

RESERVED_NAMES = frozenset({"compute", "finish"})
"""Names of the built-in actions; a user action cannot take them."""


class Action(Generic[P, R]):
    """A registered action. Call it like the function it wraps."""

    def __init__(
        self,
        fn: Callable[P, R],
        *,
        read_only: bool = False,
        name: str | None = None,
        description: str | None = None,
        idempotent: bool = False,
        transient: tuple[type[BaseException], ...] = (),
    ) -> None:
        if not callable(fn):
            raise TaskDefinitionError(f"@action needs a function, got {fn!r}.")
        self.fn = fn
        self.name = name or fn.__name__
        if not self.name.isidentifier():
            raise TaskDefinitionError(f"action name {self.name!r} is not a valid identifier.")
        self.read_only = read_only
        self.idempotent = idempotent
        """Calling it twice with the same arguments has the effect of calling it once, so a
        replay may retry it after a transient error (read-only actions may be retried too)."""
        if isinstance(transient, type):
            transient = (transient,)
        if not all(isinstance(t, type) and issubclass(t, BaseException) for t in transient):
            raise TaskDefinitionError(
                f"action {self.name}: transient= takes exception classes, e.g. "
                f"transient=(TimeoutError,); got {transient!r}."
            )
        self.transient = tuple(transient)
        """Exceptions that mean "try again" besides timeouts and connection errors."""
        self.description = inspect.cleandoc(description or fn.__doc__ or "").strip()
        self.signature = inspect.signature(fn)
        self.module = module_path_of(fn)
        self.qualname = fn.__qualname__
        self._hints = _resolve_hints(fn)
        self.params_model = _params_model(self.name, self.signature, self._hints)
        self.return_type: Any = self._hints.get("return", Any)
        self._validate = self.params_model.__pydantic_validator__.validate_python
        self._ref: tuple[tuple[str, str, str, bool], ActionRef] | None = None
        self._type_refs: dict[Any, TypeRef | None] = {}
        functools.update_wrapper(self, fn)

    # -- identity --------------------------------------------------------------------

    @property
    def ref(self) -> ActionRef:
        """Where the recipe imports this action from."""
        # Recording asks for it on every call: build it once (again only if an attribute changed).
        key = (self.name, self.module, self.qualname, self.read_only)
        if self._ref is None or self._ref[0] != key:
            ref = ActionRef(
                name=self.name, module=self.module, qualname=self.qualname, read_only=self.read_only
            )
            self._ref = (key, ref)
        return self._ref[1]

    def type_ref_of(self, annotation: Any) -> TypeRef | None:
        """``type_ref(annotation)``, or ``None`` when it has no source form; remembered per
        action, since recording asks for the type of every result."""
        try:
            return self._type_refs[annotation]
        except KeyError:
            pass
        except TypeError:  # an unhashable annotation: not remembered
            return _type_ref_or_none(annotation)
        found = self._type_refs[annotation] = _type_ref_or_none(annotation)
        return found

    def __repr__(self) -> str:
        flag = ", read_only=True" if self.read_only else ""
        return f"<action {self.name}{flag} from {self.module}>"

    # -- schema and validation ---------------------------------------------------------

    def tool_schema(self) -> dict[str, Any]:
        """The OpenAI ``tools`` entry: every argument may also be ``{"$ref": "variable"}``."""
        params = self.params_model.model_json_schema()
        params.pop("title", None)
        props = params.get("properties", {})
        for key, prop in list(props.items()):
            prop.pop("title", None)
            description = prop.pop("description", None)
            wrapped: dict[str, Any] = {"anyOf": [prop, REF_SCHEMA]}
            if description:
                wrapped["description"] = description
            props[key] = wrapped
        params.setdefault("properties", {})
        params["type"] = "object"
        return {
            "type": "function",
            "function": {
                "name": self.name,
                "description": self.description or self.name,
                "parameters": params,
            },
        }

    def validate_args(self, kwargs: dict[str, Any]) -> dict[str, Any]:
        """Validate and coerce keyword arguments; one :class:`ActionError` lists every problem."""
        try:
            model = self._validate(kwargs)
        except ValidationError as exc:
            raise ActionError(format_validation_error(self.name, exc)) from None
        return dict(model.__dict__)  # the fields, in signature order (extra fields are refused)

    # -- calling ----------------------------------------------------------------------

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> R:
        recorder = current_recorder()
        if args:
            bound = self.signature.bind_partial(*args, **kwargs)
            kwargs = dict(bound.arguments)  # type: ignore[assignment]
        kwargs = self.validate_args(kwargs)  # type: ignore[assignment]
        if recorder is None or recorder.depth:
            return self.fn(**kwargs)  # type: ignore[call-arg]
        return recorder.record_call(self, kwargs)


REF_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "Pass a stored variable by name instead of copying its value.",
    "properties": {"$ref": {"type": "string"}},
    "required": ["$ref"],
}


@overload
def action(fn: Callable[P, R], /) -> Action[P, R]: ...


@overload
def action(
    *,
    read_only: bool = False,
    name: str | None = None,
    idempotent: bool = False,
    transient: tuple[type[BaseException], ...] = (),
) -> Callable[[Callable[P, R]], Action[P, R]]: ...


def action(
    fn: Callable[P, R] | None = None,
    /,
    *,
    read_only: bool = False,
    name: str | None = None,
    idempotent: bool = False,
    transient: tuple[type[BaseException], ...] = (),
) -> Action[P, R] | Callable[[Callable[P, R]], Action[P, R]]:
    """Turn a typed function into an action (``@action`` or ``@action(read_only=True)``).

    ``read_only=True`` declares that the action changes nothing, so the compiler may drop a
    call whose result is never used. ``idempotent=True`` declares that repeating a call
    changes nothing more. A read-only or idempotent action that raises a transient error
    (a timeout, a connection error, or one of the exception classes in ``transient``) is
    retried per ``TaskConfig(max_retries=..., retry_delay_seconds=...)``; any other action is
    never called twice for one step.
    """

    def wrap(f: Callable[P, R]) -> Action[P, R]:
        act = Action(f, read_only=read_only, name=name, idempotent=idempotent, transient=transient)
        if act.name in RESERVED_NAMES:
            raise TaskDefinitionError(
                f"action name {act.name!r} is reserved for the built-in action; rename it."
            )
        return act

    if fn is not None:
        return wrap(fn)
    return wrap


def as_action(obj: Any) -> Action[..., Any]:
    """Accept an :class:`Action`, a task (run as a sub-task: :mod:`runtime.tasks.compose`) or a
    plain function (wrapped as a non-read-only action)."""
    if isinstance(obj, Action):
        return obj
    if callable(getattr(obj, "as_action", None)):
        return obj.as_action()
    if callable(obj):
        return action(obj)
    raise TaskDefinitionError(f"actions must be functions or @action objects, got {obj!r}.")


def format_validation_error(name: str, exc: ValidationError) -> str:
    """One readable message listing every argument problem."""
    lines = []
    for err in exc.errors():
        loc = ".".join(str(p) for p in err["loc"]) or "<arguments>"
        got = err.get("input")
        shown = repr(got)
        if len(shown) > 80:
            shown = shown[:77] + "..."
        detail = f"{err['msg']}" + ("" if err["type"] == "missing" else f" (got {shown})")
        if isinstance(got, SecretStr):
            detail += (
                ": a secret input arrives as a SecretStr, and nothing else can stand for it; "
                f"the action must accept one at {loc} (annotate it SecretStr or str | "
                "SecretStr, inside a container too: dict[str, str | SecretStr]) and call "
                ".get_secret_value() where it needs the clear text"
            )
        lines.append(f"  - {loc}: {detail}")
    count = exc.error_count()
    noun = "problem" if count == 1 else "problems"
    return f"{name}: {count} argument {noun}:\n" + "\n".join(lines)


# --------------------------------------------------------------------------- internals


def _type_ref_or_none(annotation: Any) -> TypeRef | None:
    try:
        return type_ref(annotation)
    except Exception:
        return None


def _resolve_hints(fn: Callable[..., Any]) -> dict[str, Any]:
    try:
        return typing.get_type_hints(fn, include_extras=True)
    except Exception as exc:  # unresolvable forward references
        raise TaskDefinitionError(
            f"action {fn.__qualname__}: cannot resolve its type hints ({exc}). "
            "Import the types it names at module level."
        ) from None


class _Params(BaseModel):
    model_config = ConfigDict(arbitrary_types_allowed=True, extra="forbid")


def _params_model(
    name: str, signature: inspect.Signature, hints: dict[str, Any]
) -> type[BaseModel]:
    fields: dict[str, Any] = {}
    for param in signature.parameters.values():
        if param.kind in (param.VAR_POSITIONAL, param.VAR_KEYWORD):
            raise TaskDefinitionError(
                f"action {name}: *args/**kwargs cannot become a tool schema; "
                "list the arguments explicitly."
            )
        annotation = hints.get(param.name, Any)
        default = ... if param.default is inspect.Parameter.empty else param.default
        fields[param.name] = (annotation, default)
    try:
        return create_model(f"{name}_args", __base__=_Params, **fields)
    except Exception as exc:
        raise TaskDefinitionError(f"action {name}: its signature has no schema ({exc}).") from None
