"""Errors the compiler raises. The whole tree, runtime included::

    RecipeCompilerError                 base of everything this project raises on purpose
    ├── TraceError                      a trace file is missing, malformed or too new (compiler)
    ├── CompileError                    a trace cannot be compiled (unknown action, --strict …)
    ├── ExpressionError                 a compute expression failed the allow-list (compiler)
    │   └── ExpressionEvalError         … or failed while evaluating (runtime.agent.compute)
    ├── TaskDefinitionError             Task(...) / @task arguments are wrong (also ValueError)
    ├── InputError                      inputs given to a run do not match the task (also TypeError)
    ├── ActionError                     an action raised, or its arguments did not validate
    ├── ModelError                      the model API failed or answered something unusable
    │   ├── MockResponsesExhausted      a mock_responses list ran out (names the turn)
    │   └── CassetteMiss                a cassette recorded no answer for this request
    ├── CassetteError                   a cassette file is missing, malformed or too new
    ├── RecipeError                     a recipe file cannot be loaded or run (syntax error …)
    ├── SideExit                        a recipe's guard failed: the input left the recorded path
    │   └── BriefChanged                … the task's instructions, context or files changed
    ├── GuardrailError                  the outputs failed their type or the task's guardrail
    ├── FallbackError                   the recipe failed and the fallback agent failed too
    └── RunStopped                      a run stopped at an action boundary, its log kept
        ├── TimeLimitExceeded           … past TaskConfig(max_duration_seconds=...)
        └── RunCancelled                … by execution.cancel() / recipe cancel ID

Every message says what failed, where (file, step, line) and what to do next.
"""

from __future__ import annotations


class RecipeCompilerError(Exception):
    """Base class of every error recipe-compiler raises on purpose."""


class TraceError(RecipeCompilerError):
    """A trace file is missing, malformed, or from a version this compiler cannot read."""


class CompileError(RecipeCompilerError):
    """A trace cannot be compiled into a recipe."""


class ExpressionError(RecipeCompilerError):
    """A ``compute`` expression is not allowed (failed the AST allow-list) or does not parse."""


def validation_problems(exc: object, *, limit: int = 10) -> str:
    """A pydantic ``ValidationError`` as indented ``- at field.path: message`` lines (at most
    ``limit``, then how many more), for errors that name a file."""
    errors = exc.errors()  # type: ignore[attr-defined]
    lines = []
    for err in errors[:limit]:
        where = ".".join(str(part) for part in err["loc"])
        lines.append(f"  - at {where or '<root>'}: {err['msg']}")
    if len(errors) > limit:
        lines.append(f"  … and {len(errors) - limit} more")
    return "\n".join(lines)


def versioned_object_problem(raw: object, *, kind: str, current: int) -> str | None:
    """What is wrong with the top level of a schema-versioned JSON file (a ``kind`` such as
    "trace" or "cassette" at format version ``current``), or ``None``."""
    if not isinstance(raw, dict):
        return f"a {kind} must be a JSON object, got a JSON {type(raw).__name__}."
    version = raw.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool):
        return f"missing or invalid 'schema_version' (expected the integer {current})."
    if version > current:
        return (
            f"{kind} schema version {version} is newer than this recipe-compiler understands "
            f"(up to {current}). Upgrade recipe-compiler."
        )
    if version < 1:
        return f"unknown {kind} schema version {version}."
    return None
