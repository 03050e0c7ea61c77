"""``Task`` and ``@task``: run once with the agent, then replay the compiled recipe.

``task.run(**inputs)`` replays ``recipes/<task>/recipe.py`` when it exists (no model call),
and otherwise runs the agent, records the run into ``trace.json`` and compiles ``recipe.py``.
"""

from __future__ import annotations

import contextlib
import inspect
import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from pydantic import BaseModel, SecretStr, TypeAdapter, ValidationError, create_model

from compiler.ir import OutputSpec, TaskSpec, Trace
from runtime.actions._types import type_ref
from runtime.actions.control import RunHistory, run_scope
from runtime.actions.decorator import Action, as_action
from runtime.actions.recorder import current_recorder, jsonable
from runtime.agent import prompting
from runtime.agent.cassettes import RecordingProvider, save_cassette
from runtime.agent.loop import AgentLoop, progress
from runtime.agent.messages import Message, SystemMessage, UserMessage
from runtime.agent.providers import AIResponse, MockProvider, ModelProvider, provider_from_env
from runtime.agent.redaction import redact, redact_text
from runtime.browser import BROWSER_GUIDE, capture_failure, run_session
from runtime.errors import (
    BriefChanged,
    CompileError,
    GuardrailError,
    InputError,
    ModelError,
    RecipeError,
    RunStopped,
    TaskDefinitionError,
)
from runtime.run.execution import Execution
from runtime.run.replay import (
    ReplayFailure,
    final_locals,
    load_recipe_module,
    recipe_function,
    run_recipe,
)
from runtime.run.replay_browser import busy_pages, promote_locators
from runtime.run.report import TaskRun
from runtime.run.run import Mode, Run
from runtime.store.folder import RecipeFolder
from runtime.tasks.compose import check_dependencies, run_dependencies, task_action
from runtime.tasks.config import TaskConfig
from runtime.tasks.definition import (
    MISSING as _MISSING,
)
from runtime.tasks.definition import (
    caller_module,
    camel,
    check_inputs,
    check_outputs,
    parse_function,
)
from runtime.tasks.fields import SEED_FIELDS, brief_digests, model_brief, take_seed_fields
from runtime.tasks.memory import (
    MemoryStore,
    Scope,
    memory_for,
    memory_get,
    memory_lock,
    memory_set,
)
from runtime.tasks.outputs import coerce_outputs, finish_tool_schema, validate_outputs
from runtime.tasks.steps import expected_steps

if TYPE_CHECKING:
    from compiler.api import CompileResult

R = TypeVar("R")
_NO_MODEL: Any = SimpleNamespace(name=None)
"""The provider a run log of a replay names: none."""
_DECORATOR_MODULE = "runtime.tasks.decorator"
"""``@task``'s module: a task it makes is defined where the decorated function is."""
MAX_NAME_LENGTH = 100
"""Longest task name: it names ``recipes/<task>/``, and a path part has at most 255 bytes."""


class ReadOnlyDict(dict[str, Any]):
    """A task's ``actions`` and ``default_inputs``: a dict that refuses changes (and pickles, for
    batch workers, unlike ``MappingProxyType``)."""

    def _refuse(self, *args: Any, **kwargs: Any) -> None:
        raise TaskDefinitionError(
            "Task definitions are immutable: their actions and default inputs cannot be "
            "changed; use task.with_options(...) for a copy with others."
        )

    __setitem__ = __delitem__ = _refuse
    setdefault = update = pop = popitem = clear = __ior__ = _refuse  # type: ignore[assignment]

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (dict(self),))


class Task(Generic[R]):
    """A task the agent can solve once and a recipe can then repeat.

    ``Task(description, *, name, inputs=None, outputs=None, actions=(), config=None,
    mock_responses=None, recipe_dir="recipes", guardrail=None, provider=None)``; or decorate a
    typed function with ``@task(actions=[...])`` (its docstring is the description, and
    :class:`TaskOptions` the options).

    A task is an immutable definition: setting or deleting an attribute raises
    :class:`~runtime.errors.TaskDefinitionError` (``task.with_options(...)`` makes a changed
    copy). Each run is a :class:`~runtime.run.run.Run` of its own, so one task can run in
    several threads at once; ``task.task_runs`` keeps every run's report (see
    :class:`~runtime.actions.control.RunHistory`) and ``task.last_run`` is the latest of the
    calling thread's runs.
    """

    def __init__(
        self,
        description: str | Callable[..., R] | None = None,
        /,
        *,
        name: str | None = None,
        inputs: dict[str, Any] | None = None,
        outputs: Any = None,
        actions: Sequence[Any] = (),
        config: TaskConfig | None = None,
        mock_responses: Sequence[AIResponse] | None = None,
        recipe_dir: str | Path = "recipes",
        guardrail: Callable[[Any], Any] | None = None,
        provider: ModelProvider | None = None,
        memory_scope: Scope | None = None,
        objective: str | None = None,
        instructions: str | None = None,
        context: Any = None,
        result_type: Any = None,
        response_format: Any = None,
        starting_variables: Mapping[str, Any] | None = None,
        model_config: Mapping[str, Any] | None = None,
        guardrail_retries: int | None = None,
        depends_on: Sequence[Task[Any]] = (),
        **extra: Any,
    ) -> None:
        if "description" in extra:
            if description is not None:
                raise TaskDefinitionError(
                    "You cannot pass a description as a positional argument and as a keyword "
                    "argument at the same time."
                )
            description = extra.pop("description")
        init_args: dict[str, Any] = dict(
            name=name,
            inputs=inputs,
            outputs=outputs,
            actions=actions,
            config=config,
            mock_responses=mock_responses,
            recipe_dir=recipe_dir,
            guardrail=guardrail,
            provider=provider,
            memory_scope=memory_scope,
            # The seed APIs' names (runtime.tasks.fields):
            objective=objective,
            instructions=instructions,
            context=context,
            result_type=result_type,
            response_format=response_format,
            starting_variables=starting_variables,
            model_config=model_config,
            guardrail_retries=guardrail_retries,
            depends_on=depends_on,
        )
        if extra:
            raise TaskDefinitionError(
                f"Task() got unexpected arguments: {', '.join(sorted(extra))}. Allowed: "
                f"{', '.join(['description', *init_args])}."
            )
        # The module that defines the task: the caller's (frames of @task are passed over).
        self._define(description, init_args, caller_module(__name__, _DECORATOR_MODULE))

    def __setattr__(self, name: str, value: Any) -> None:
        if self.__dict__.get("_defined"):
            raise self._immutable(name)
        object.__setattr__(self, name, value)

    def __delattr__(self, name: str) -> None:
        if self.__dict__.get("_defined"):
            raise self._immutable(name)
        object.__delattr__(self, name)

    def _immutable(self, name: str) -> TaskDefinitionError:
        return TaskDefinitionError(
            f"Task definitions are immutable; use task.with_options(...) for a copy with other "
            f"options (task {self.name!r}: {name!r} cannot be set or deleted)."
        )

    def _define(
        self, description: str | Callable[..., R] | None, args: dict[str, Any], module: str | None
    ) -> None:
        """Check and set up the definition from the constructor's arguments ``args``; the
        task is frozen from then on."""
        name, inputs, outputs, config = (args[k] for k in ("name", "inputs", "outputs", "config"))
        actions, mock_responses, provider = (
            args["actions"],
            args["mock_responses"],
            args["provider"],
        )
        recipe_dir, guardrail = args["recipe_dir"], args["guardrail"]
        memory_scope, depends_on = args["memory_scope"], args["depends_on"]
        self._init_args = args
        self._init_description = description
        self.defined_in: str | None = module
        """The module that defines the task (a recipe imports the task's actions and
        sub-tasks from there; batch workers import the task from there)."""
        seed = take_seed_fields(
            description, inputs, outputs, config, {k: args[k] for k in SEED_FIELDS}
        )
        description, inputs, outputs, config = (
            seed.description,
            seed.inputs,
            seed.outputs,
            seed.config,
        )
        self.instructions: str | None = seed.instructions
        """More guidance for the model (ControlFlow's ``instructions``)."""
        self.context: Any = seed.context
        """Information for the model; files and folders in it are attached (see
        :mod:`runtime.tasks.fields`)."""
        self.guardrail_retries: int | None = seed.guardrail_retries
        """How often the agent may try again after the guardrail rejected its outputs
        (``None``: until ``max_turns``)."""
        if callable(description):
            fn = description
            if inputs is not None or outputs is not None:
                raise TaskDefinitionError(
                    "You cannot provide either `inputs` or `outputs` to the `@task` decorator: "
                    "they come from the function's signature."
                )
            name, description, inputs, outputs, defaults = parse_function(fn, name)
            self.default_inputs: dict[str, Any] = defaults
            self.__doc__ = fn.__doc__
        else:
            self.default_inputs = seed.defaults  # starting_variables' values
            if name is None or description is None:
                raise TaskDefinitionError(
                    "You must pass a name and a description for the task, e.g. "
                    "Task('Sum unpaid invoices', name='invoices'). You might also find the "
                    "@task decorator useful."
                )
        if not isinstance(description, str) or not description.strip():
            raise TaskDefinitionError("The task description must be a non-empty string.")
        if not isinstance(name, str) or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_\-]*", name):
            raise TaskDefinitionError(
                f"Task name {name!r} must start with a letter or _ and contain only letters, "
                "digits, _ and - (it names the recipe folder and function)."
            )
        if len(name) > MAX_NAME_LENGTH:
            raise TaskDefinitionError(
                f"Task name {name[:40]!r}… is {len(name)} characters long; use at most "
                f"{MAX_NAME_LENGTH} (it names the recipe folder, and file systems limit names)."
            )
        if config is not None and not isinstance(config, TaskConfig):
            raise TaskDefinitionError(f"config must be a TaskConfig, got {type(config).__name__}.")
        self.name: str = name
        self.description: str = inspect.cleandoc(description)
        self.input_types: dict[str, Any] = check_inputs(inputs)
        self.output_fields, self.output_single = check_outputs(outputs)
        self.output_model: type[BaseModel] | None = None
        if self.output_fields is not None:
            fields = {k: (t, ...) for k, t in self.output_fields.items()}
            self.output_model = create_model(camel(name) + "Outputs", **fields)  # type: ignore[call-overload]
        self.actions: dict[str, Action[..., Any]] = {}
        for obj in actions:
            act = as_action(obj)
            if act.name in self.actions:
                raise TaskDefinitionError(f"two actions are named {act.name!r}; rename one.")
            if "<locals>" in act.qualname:
                raise TaskDefinitionError(
                    f"action {act.name!r} is defined inside a function ({act.qualname}); a recipe "
                    "imports actions by module path, so define it at module level."
                )
            self.actions[act.name] = act
        self.config = config or TaskConfig()
        self.mock_responses: tuple[Any, ...] | None = (
            tuple(mock_responses) if mock_responses is not None else None
        )
        self._mock_provider = (
            MockProvider(self.mock_responses, task_name=name)
            if self.mock_responses is not None
            else None
        )
        if provider is not None:
            if mock_responses is not None:
                raise TaskDefinitionError(
                    "Give mock_responses or provider, not both: mock_responses is itself a "
                    "provider (one that answers from a list)."
                )
            if not callable(getattr(provider, "complete", None)):
                raise TaskDefinitionError(
                    f"provider must have a complete(messages, tools, *, turn) method returning "
                    f"an AIResponse (see runtime.agent.providers.ModelProvider); got "
                    f"{type(provider).__name__}."
                )
        self._provider = provider
        if memory_scope not in (None, "session", "permanent"):
            raise TaskDefinitionError(
                f"memory_scope must be 'session' (kept for the run) or 'permanent' (a SQLite "
                f"file beside the recipes), got {memory_scope!r}."
            )
        self.memory_scope: Scope | None = memory_scope
        self.depends_on: tuple[Task[Any], ...] = tuple(check_dependencies(self, depends_on))
        """Tasks that run before the agent, their outputs passed in
        (:mod:`runtime.tasks.compose`)."""
        self._action: Action[..., R] | None = None
        if memory_scope is not None:  # the agent may read and write the task's memory
            for act in (memory_get, memory_set):
                self.actions.setdefault(act.name, act)
        self.recipe_dir = Path(recipe_dir)
        if guardrail is not None and not callable(guardrail):
            raise TaskDefinitionError("guardrail must be a callable taking the outputs.")
        self.guardrail = guardrail
        self.secret_inputs = tuple(n for n, t in self.input_types.items() if t is SecretStr)
        self._input_adapters = {n: TypeAdapter(t) for n, t in self.input_types.items()}
        self.task_runs: RunHistory = RunHistory(self)
        """The reports of the task's runs (every thread's; see :class:`RunHistory`)."""
        # Its containers too: a run reads the definition, never changes it.
        self.actions = ReadOnlyDict(self.actions)
        self.default_inputs = ReadOnlyDict(self.default_inputs)
        self._defined = True  # immutable from here on

    # -- public -----------------------------------------------------------------------

    def with_options(self, **changes: Any) -> Task[R]:
        """A copy of this task with some constructor arguments changed (e.g. ``recipe_dir``,
        ``mock_responses``, ``config``) and no run history; handy in tests."""
        unknown = set(changes) - set(self._init_args)
        if unknown:
            raise TaskDefinitionError(f"with_options: unknown option(s) {sorted(unknown)}.")
        clone: Task[R] = type(self).__new__(type(self))
        clone._define(self._init_description, {**self._init_args, **changes}, self.defined_in)
        return clone

    @property
    def folder(self) -> RecipeFolder:
        return RecipeFolder.for_task(self.recipe_dir, self.name)

    @property
    def last_run(self) -> TaskRun | None:
        """The report of the latest run of this task in the calling thread (``None`` before
        its first); runs in other threads have their own (every report: :attr:`task_runs`)."""
        return self.task_runs.latest()

    def __call__(self, *args: Any, **kwargs: Any) -> R:
        recorder = current_recorder()
        if recorder is not None and not recorder.depth:
            # Called by another run's recipe (or code under recording()): one step of it.
            return self.as_action()(*args, **kwargs)
        return self.run(*args, **kwargs)

    def expected_steps(self, mode: str) -> int:
        """How many steps a run in ``mode`` is expected to take (its progress reads it)."""
        return expected_steps(self, mode)

    def as_action(self) -> Action[..., R]:
        """This task as an action of another task: its agent calls it like a tool, its recipe
        calls it, and it runs its own recipe (and fallback) — see :mod:`runtime.tasks.compose`."""
        if self._action is None:  # built when first asked: the module must hold the task
            object.__setattr__(self, "_action", task_action(self))
        assert self._action is not None
        return self._action

    def run(self, *args: Any, **kwargs: Any) -> R:
        """Replay the recipe if one exists, else run the agent and write the recipe."""
        inputs = self.bind_inputs(args, kwargs)
        if self.folder.has_recipe():
            return self._replay(inputs)
        return self._run_agent(inputs)

    def run_async(self, *args: Any, **kwargs: Any) -> Execution[R]:
        """Start :meth:`run` in a thread of its own and return at once: the
        :class:`~runtime.run.execution.Execution` has ``id``, ``status()``, ``wait(timeout)`` and
        ``cancel()``. Inputs are checked here, before anything starts."""
        return Execution(self, self.bind_inputs(args, kwargs)).start()

    async def arun(self, *args: Any, **kwargs: Any) -> R:
        """:meth:`run` for asyncio; cancelling the awaiting task cancels the run (it stops at
        its next action boundary)."""
        return await self.run_async(*args, **kwargs).wait_async()

    def run_agent(self, *args: Any, **kwargs: Any) -> R:
        """Run the agent even if a recipe exists (the old one is kept in ``history/``)."""
        return self._run_agent(self.bind_inputs(args, kwargs))

    def replay(self, *args: Any, **kwargs: Any) -> R:
        """Run the recipe (with the fallback per ``config.on_failure`` if a step fails)."""
        inputs = self.bind_inputs(args, kwargs)
        if not self.folder.has_recipe():
            raise RecipeError(
                f"{self.folder.recipe_path}: no recipe yet. Run the task once with the agent."
            )
        return self._replay(inputs)

    def batch(self, rows: Any, *, workers: int = 1, **options: Any) -> Any:
        """Run the recipe for every row (a ``.jsonl``/``.csv``/``.parquet`` path, or mappings
        of input names to values); returns a :class:`runtime.batch.BatchReport` with one
        result per row. Options: ``out`` (a results file: resumable), ``engine`` (``"local"``
        or ``"ray"``), ``address``, ``concurrent_requests``, ``requests_per_second``,
        ``retry_failed``, ``keep_runs``, ``progress`` (see :func:`runtime.batch.run_batch`)."""
        # The one import up the layers (batch runs a Task per row), for this convenience
        # entry; lazy: a single run never loads worker processes, rich and filelock
        from runtime.batch import run_batch

        return run_batch(self, rows, workers=workers, **options)

    def bind_inputs(self, args: Sequence[Any], kwargs: dict[str, Any]) -> dict[str, Any]:
        """Match positional and keyword inputs to the task's inputs and validate them."""
        names = list(self.input_types)
        if len(args) > len(names):
            raise InputError(
                f"task {self.name!r} takes {len(names)} input(s) ({', '.join(names) or 'none'}) "
                f"but {len(args)} positional values were given."
            )
        given = dict(zip(names, args, strict=False))
        for key, value in kwargs.items():
            if key in given:
                raise InputError(f"task {self.name!r}: input {key!r} was given twice.")
            given[key] = value
        unknown = sorted(set(given) - set(names))
        missing = [n for n in names if n not in given and n not in self.default_inputs]
        problems = []
        if unknown:
            problems.append(f"unknown input(s): {', '.join(unknown)}")
        if missing:
            problems.append(f"missing input(s): {', '.join(missing)}")
        values: dict[str, Any] = {}
        for n in names:
            if n not in given:
                if n in self.default_inputs:
                    values[n] = self.default_inputs[n]
                continue
            try:
                values[n] = self._input_adapters[n].validate_python(given[n])
            except ValidationError as exc:
                msg = exc.errors()[0]["msg"]
                problems.append(
                    f"input {n!r} should be {type_ref(self.input_types[n]).annotation}: {msg} "
                    f"(got {given[n]!r:.60})"
                )
        if problems:
            raise InputError(f"task {self.name!r}: " + "; ".join(problems) + ".")
        return values

    def validate_outputs(self, values: dict[str, Any]) -> Any:
        """Check ``finish`` arguments against the declared outputs and the guardrail; return
        the run's value. A failure is a :class:`GuardrailError` saying what is wrong."""
        return validate_outputs(self, values)

    def system_prompt(self) -> str:
        """The system prompt, plus the browser guide when the task has browser actions."""
        if self._has_browser_actions():
            return self._with_brief(f"{prompting.SYSTEM_PROMPT}\n\n{BROWSER_GUIDE}")
        return self._with_brief(prompting.SYSTEM_PROMPT)

    def _with_brief(self, prompt: str) -> str:
        """``prompt`` and the task's instructions, context and attached files, if any."""
        brief = model_brief(self.instructions, self.context)
        return f"{prompt}\n\n{brief}" if brief else prompt

    def brief_digests(self) -> dict[str, str]:
        """Fingerprints of what the model reads besides the description (instructions, inline
        context, each attached file as it is now): the trace keeps those of the recording, and
        a replay runs its recipe only while they are the same."""
        return brief_digests(self.instructions, self.context)

    @property
    def objective(self) -> str:
        """The description (ControlFlow's name for it)."""
        return self.description

    def outputs_hint(self) -> str:
        """How ``finish`` is called, for the model."""
        if self.output_fields is not None:
            return ", ".join(f"{k}=..." for k in self.output_fields)
        return "" if self.output_single is type(None) else "result=..."

    def finish_tool_schema(self) -> dict[str, Any]:
        """The ``finish`` tool: one argument per output, each may be a ``$ref``."""
        return finish_tool_schema(self)

    # -- agent run --------------------------------------------------------------------

    def model_provider(self) -> ModelProvider:
        """The ``provider`` given to the task, else the mock provider when ``mock_responses``
        were given, else the OpenAI client; wrapped to keep every answer when
        ``config.save_cassette`` is set."""
        inner: ModelProvider
        if self._provider is not None:
            inner = self._provider
        elif self._mock_provider is not None:
            inner = self._mock_provider
        else:
            key = self.config.api_key.get_secret_value() if self.config.api_key else None
            inner = provider_from_env(
                model=self.config.model,
                base_url=self.config.base_url,
                api_key=key,
                timeout_s=self.config.request_timeout_s,
                max_retries=0,  # the run retries, per TaskConfig (runtime.actions.control)
            )
        if self.config.save_cassette is None:
            return inner

        return RecordingProvider(inner)

    def save_cassette(self, provider: ModelProvider, secrets: Sequence[str] = ()) -> None:
        """Save what ``provider`` recorded to ``config.save_cassette`` (if set), with the
        ``secrets`` (clear text of the run's secret inputs) redacted."""
        if self.config.save_cassette is not None and isinstance(provider, RecordingProvider):
            responses = redact(provider.responses, secrets)
            save_cassette(self.config.save_cassette, responses, task=self.name, model=provider.name)

    def memory_store(self, parent: MemoryStore | None) -> tuple[MemoryStore, bool]:
        """The memory a run of this task uses, and whether the run owns it (and clears it at
        its end): see :mod:`runtime.tasks.memory`."""
        return memory_for(self, parent)

    def uses_browser(self) -> bool:
        """Whether runs need a browser session (browser actions, or a browser config)."""
        return self.config.browser is not None or self._has_browser_actions()

    def _has_browser_actions(self) -> bool:
        return any(a.module.startswith("runtime.browser") for a in self.actions.values())

    def _browser_scope(self) -> contextlib.AbstractContextManager[Any]:
        """One browser context per run, closed on exit or error; none for other tasks."""
        if not self.uses_browser():
            return contextlib.nullcontext()

        # Inside the caller's `with browser_session(...)` (a page it prepared), in that session,
        # with this task's limits for the run; else a fresh one.
        return run_session(self.config.browser, artifacts_dir=self.folder.path / "screenshots")

    def _run_agent(self, inputs: dict[str, Any]) -> R:
        # Runs that keep permanent memory take turns (waiting is not charged to the time limit).
        with memory_lock(self), run_scope(self, "agent"), self._browser_scope():
            return self._run_agent_inner(inputs)

    def _run_agent_inner(self, inputs: dict[str, Any]) -> R:
        run = self._start_run(inputs, "agent")
        outputs, trace, compiled = self.record(run)
        history = self.folder.save(
            trace, compiled.source, label=f"before-{run.run_id}", alternates=compiled.alternates
        )
        run.finish(
            trace_path=self.folder.trace_path,
            recipe_path=self.folder.recipe_path,
            history_path=history,
            steps=trace.steps,
            outputs=jsonable(outputs),
            warnings=tuple(w.message for w in compiled.warnings),
        )
        return outputs

    def record(self, run: Run) -> tuple[R, Trace, CompileResult]:
        """Let the agent do ``run``'s task from the start and compile what it did: the outputs,
        the trace and the recipe. Nothing is written but the cassette (and, when the model or
        the compiler fails, the run log): the caller saves the recipe, or proposes it."""
        inputs = run.inputs
        run.brief = self.brief_digests()
        provider = self.model_provider()
        progress.info("task %r: the agent runs (model %s)", self.name, provider.name)
        recorder = run.recorder
        ran_first = run_dependencies(self, inputs, recorder)  # depends_on, as recorded steps
        messages: list[Message] = [
            SystemMessage(content=self.system_prompt()),
            UserMessage(content=self._task_message(inputs) + ran_first),
        ]
        loop = AgentLoop.for_task(self, provider, recorder, messages)
        try:
            outcome = loop.run()
        except (ModelError, RunStopped) as exc:
            run.usage = loop.usage  # what was spent
            self.save_cassette(provider, run.secrets())
            log = self.folder.save_run_log(run.trace(None, provider))
            problem = redact_text(str(exc), run.secrets())
            raise type(exc)(f"{problem}\nThe run so far is kept in {log}.") from None
        run.usage = outcome.usage
        self.save_cassette(provider, run.secrets())
        # lazy: the code generator (libcst, jinja2, black); only agent runs compile
        from compiler import compile_trace

        trace = run.trace(outcome.raw_outputs, provider)
        try:
            compiled = compile_trace(trace)
        except CompileError as exc:
            log = self.folder.save_run_log(trace)
            raise CompileError(f"{exc}\nThe recorded run is kept in {log}.") from None
        return outcome.outputs, trace, compiled

    def _start_run(self, inputs: dict[str, Any], mode: Mode) -> Run:
        """A new run of this task, noted as the calling thread's run in progress."""
        run = Run(self, inputs, mode)
        self.task_runs.started(run)
        return run

    def _task_message(self, inputs: dict[str, Any]) -> str:
        hint = self.outputs_hint()
        return prompting.task_message(
            self.description,
            inputs,
            {n: type_ref(t).annotation for n, t in self.input_types.items()},
            hint,
            secret_inputs=self.secret_inputs,
            var_limit=self.config.max_var_repr_len,
        )

    def spec(self) -> TaskSpec:
        """The task definition as the trace records it."""
        if self.output_fields is not None:
            outputs = OutputSpec(
                fields={k: type_ref(t) for k, t in self.output_fields.items()},
                model_name=camel(self.name) + "Outputs",
            )
        elif self.output_single is not _MISSING:
            outputs = OutputSpec(single=type_ref(self.output_single))
        else:
            outputs = OutputSpec(single=type_ref(Any))  # (with its import: the recipe runs)
        return TaskSpec(
            name=self.name,
            description=self.description,
            inputs={n: type_ref(t) for n, t in self.input_types.items()},
            outputs=outputs,
            secret_inputs=self.secret_inputs,
            defaults={
                n: jsonable(v)
                for n, v in self.default_inputs.items()
                if n not in self.secret_inputs and _plain(v)
            },
            module=self.defined_in,
            effects=tuple(name for name, act in self.actions.items() if not act.ref.read_only),
            action_docs={
                name: act.description for name, act in self.actions.items() if act.description
            },
            brief_digests=self.brief_digests(),
        )

    def secret_values(self, inputs: Mapping[str, Any]) -> list[str]:
        """The clear text of the secret inputs among ``inputs``: what must never be kept or
        shown (traces, progress lines)."""
        return [
            v.get_secret_value()
            for n, v in inputs.items()
            if n in self.secret_inputs and isinstance(v, SecretStr) and v.get_secret_value()
        ]

    # -- replay -----------------------------------------------------------------------

    def _replay(self, inputs: dict[str, Any]) -> R:
        # The recipe and its fallback share the run's limits and the page; runs that keep
        # permanent memory take turns (waiting is not charged to the time limit).
        with memory_lock(self), run_scope(self, "recipe"), self._browser_scope():
            return self._replay_inner(inputs)

    def _replay_inner(self, inputs: dict[str, Any]) -> R:
        run = self._start_run(inputs, "recipe")
        path = self.folder.recipe_path
        module = load_recipe_module(path)
        fn = recipe_function(module, self.name, path)
        recorder = run.recorder
        value, failure = run_recipe(fn, inputs, recorder, path)
        if failure is not None and isinstance(failure.error, RunStopped):
            log = self.folder.save_run_log(run.trace(None, _NO_MODEL))
            raise type(failure.error)(f"{failure.error}\nThe run so far is kept in {log}.")
        returned = failure is None
        if failure is None:
            try:
                outputs = self.coerce_outputs(value, path)
            except GuardrailError as exc:
                failure = ReplayFailure(
                    error=exc, line=None, frame_locals=final_locals(recorder, inputs)
                )
            else:
                warnings, history = promote_locators(self, path)
                run.finish(
                    warnings=(*warnings, *busy_pages(self)),
                    history_path=history,
                    recipe_path=path,
                    trace_path=self.folder.trace_path,
                    steps=tuple(recorder.steps),
                    outputs=jsonable(outputs),
                )
                return outputs
        # lazy: fallback imports heal and heal libcst; a replay that passes never loads them
        from runtime.run.fallback import failure_point, fallback_and_heal

        point = failure_point(failure, recorder, returned=returned)
        if self.uses_browser():
            capture_failure(f"step-{point.position + 1}")
        where = f", line {point.line}" if point.line else ""
        point.description = redact_text(  # the failed call's error may quote a secret input
            f"step {point.position + 1} of the recipe: {point.description}", run.secrets()
        )
        if self.config.on_failure == "raise" and isinstance(point.error, BriefChanged):
            raise RecipeError(
                f"{path}: {point.error}. The recipe repeats what the model decided from what it "
                "read then, so it did not run (on_failure='raise'): record the task again "
                "(task.run_agent(...), or `recipe run FILE --agent`)."
            ) from point.error
        if self.config.on_failure == "raise":
            raise RecipeError(
                f"{path}{where}: {point.description}. (on_failure='raise': no fallback was "
                "attempted.)"
            ) from point.error
        return fallback_and_heal(run, point, fn)

    def coerce_outputs(self, value: Any, path: Path) -> Any:
        """Turn what a recipe returned into the task's output value (same as an agent run)."""
        return coerce_outputs(self, value, path)


# --------------------------------------------------------------------------- helpers


def _plain(value: Any) -> bool:
    """A default a trace keeps: ``None``, a bool, a number or a text."""
    return value is None or isinstance(value, bool | int | float | str)
