"""Pass ``lower``: trace steps become recipe statements.

An action call becomes ``var = action(...)``; a ``compute`` step becomes ``var = <expression>``
once its expression passed the allow-list; the last ``finish`` becomes the ``return``. Every
reference must name a task input or an earlier result, so the recipe never hits a ``NameError``.
"""

from __future__ import annotations

from collections.abc import Iterator

from compiler._validate import check_action_names, check_annotation
from compiler.errors import CompileError, ExpressionError
from compiler.ir import (
    CodeExpr,
    DictExpr,
    Expr,
    FStringExpr,
    ListExpr,
    LiteralExpr,
    RefExpr,
    Step,
    Trace,
    TypeRef,
)
from compiler.literals import comment_text
from compiler.naming import BUILTIN_NAMES, is_identifier, recipe_function_name
from compiler.passes._context import PassContext
from compiler.passes.drop_failed import TRANSIENT, recorded_values, refused
from compiler.recipe_ir import (
    Assign,
    Call,
    ExprStmt,
    Guard,
    Param,
    RecipeIR,
    Return,
    Statement,
    side_exit,
)

_RETRACE = "Fix trace.json or record the task again."


def lower(trace: Trace, ctx: PassContext) -> tuple[RecipeIR, list[str]]:
    """Build the recipe IR from the (successful) steps of ``trace``."""
    task = trace.task
    params = tuple(_param(name, ref) for name, ref in task.inputs.items())
    for where, ref in _output_types(trace):
        _check_annotation(ref, where)
    ir = RecipeIR(
        task=task,
        run_id=trace.run_id,
        created_at=trace.created_at,
        function_name=recipe_function_name(task.name),
        params=params,
    )
    finishes = [s for s in trace.steps if s.action.builtin == "finish"]
    last_finish = finishes[-1] if finishes else None
    defined = {p.name for p in params}
    recorded = recorded_values(trace)  # (what a refused call's arguments held)
    statements: list[Statement] = []
    changes: list[str] = []
    for step in trace.steps:
        if last_finish is not None and step.index > last_finish.index:
            ir = ir.with_warning(
                "after-finish",
                f"step {step.index}: {step.action.name} was called after the task finished "
                f"(step {last_finish.index}); the recipe leaves it out.",
                step.index,
            )
            continue
        is_finish = step.action.builtin == "finish"
        if is_finish and last_finish is not None and step.index != last_finish.index:
            changes.append(f"step {step.index}: left out an earlier finish (the last one counts)")
            continue
        comment = comment_text(step.reason or "") or None
        if is_finish:
            ret, ir = _return(step, trace, ir)
            _check_refs(step.index, _exprs(ret), defined)
            statements.append(ret.model_copy(update={"comment": comment}))
            changes.append(f"step {step.index}: finish → return")
            continue
        if step.action.builtin == "compute":
            value: Call | CodeExpr = _compute(step)
            what = "compute expression"
        else:
            _check_action(step)
            kwargs = {k: _lower_expr(v, step.index) for k, v in step.args.items()}
            value = Call(action=step.action, kwargs=kwargs)
            what = f"call of {step.action.name}"
        _check_refs(step.index, _exprs(value), defined)
        if step.status == "error" and (step.error or "").split(":", 1)[0].strip() in TRANSIENT:
            statements.append(_unknown_outcome(step, comment))
            changes.append(f"step {step.index}: {what}, whose outcome the recording never knew")
            continue
        if step.status == "error":  # a refused call drop_failed kept: it decided the path
            said = refused(step, recorded)
            statements.append(
                ExprStmt(
                    value=value,
                    step=step.index,
                    comment=comment,
                    refused=step.error or "",
                    refused_with=said,
                )
            )
            changes.append(f"step {step.index}: {what}, which must fail as recorded")
            continue
        if step.result_var is None:
            statements.append(ExprStmt(value=value, step=step.index, comment=comment))
            changes.append(f"step {step.index}: {what} (result not stored)")
        else:
            statements.append(
                Assign(var=step.result_var, value=value, step=step.index, comment=comment)
            )
            defined.add(step.result_var)
            changes.append(f"step {step.index}: {step.result_var} = {what}")
    if last_finish is None:
        ir = ir.with_warning(
            "no-finish",
            "the run never called finish successfully, so the recipe returns None. "
            "Record the task again, or add the return by hand.",
        )
    return ir.model_copy(update={"statements": tuple(statements)}), changes


# --------------------------------------------------------------------------- pieces


def _param(name: str, ref: TypeRef) -> Param:
    if not is_identifier(name):
        raise CompileError(
            f"task input {name!r} is not a valid Python identifier, so it cannot be a parameter "
            "of the recipe function. Rename the input in the task definition."
        )
    _check_annotation(ref, f"task input {name!r}")
    return Param(name=name, annotation=ref.annotation)


def _output_types(trace: Trace) -> Iterator[tuple[str, TypeRef]]:
    outputs = trace.task.outputs
    if outputs.single is not None:
        yield "the task output", outputs.single
    for name, ref in (outputs.fields or {}).items():
        if not is_identifier(name):
            raise CompileError(
                f"output field {name!r} is not a valid Python identifier. "
                "Rename it in the task definition."
            )
        yield f"output field {name!r}", ref


def _check_annotation(ref: TypeRef, where: str) -> None:
    check_annotation(ref.annotation, where)  # a type expression only: annotations are evaluated


def _check_action(step: Step) -> None:
    action = step.action
    check_action_names(action.name, action.module, action.qualname, f"step {step.index}")


def _compute(step: Step) -> CodeExpr:
    arg = step.args.get("expression")
    if isinstance(arg, CodeExpr):
        source = arg.source
    elif isinstance(arg, LiteralExpr) and isinstance(arg.value, str):
        source = arg.value
    else:
        raise CompileError(
            f"step {step.index}: a compute step needs an 'expression' argument holding "
            f"Python source text. {_RETRACE}"
        )
    return _code(source, step.index)


def _code(source: str, index: int) -> CodeExpr:
    from compiler.expr import free_names, validate_expression

    try:
        validate_expression(source)
    except ExpressionError as exc:
        raise CompileError(
            f"step {index}: the compute expression {source!r} is not allowed: {exc} {_RETRACE}"
        ) from None
    return CodeExpr(source=source, names=tuple(free_names(source)))


def _return(step: Step, trace: Trace, ir: RecipeIR) -> tuple[Return, RecipeIR]:
    outputs = trace.task.outputs
    args = {k: _lower_expr(v, step.index) for k, v in step.args.items()}
    if outputs.fields is not None:
        missing = [name for name in outputs.fields if name not in args]
        if missing:
            raise CompileError(
                f"step {step.index}: finish did not give the output field(s) "
                f"{', '.join(repr(m) for m in missing)}. {_RETRACE}"
            )
        ret = Return(step=step.index, fields={name: args.pop(name) for name in outputs.fields})
    elif outputs.single is not None and (args or outputs.single.annotation != "None"):
        if "result" in args:
            value = args.pop("result")
        elif len(args) == 1:
            value = args.pop(next(iter(args)))
        else:
            raise CompileError(
                f"step {step.index}: finish must give the task's result as 'result'. {_RETRACE}"
            )
        ret = Return(step=step.index, value=value)
    else:
        ret = Return(step=step.index)
    if args:
        ir = ir.with_warning(
            "finish-extra-arg",
            f"step {step.index}: finish gave {', '.join(repr(a) for a in args)}, which the "
            "task does not declare as outputs; the recipe ignores them.",
            step.index,
        )
    return ret, ir


def _lower_expr(expr: Expr, index: int) -> Expr:
    """Validate a compute expression found in a plain argument (and record its names), also
    inside lists and objects."""
    if isinstance(expr, CodeExpr):
        return _code(expr.source, index)
    if isinstance(expr, ListExpr):
        return expr.model_copy(update={"items": tuple(_lower_expr(e, index) for e in expr.items)})
    if isinstance(expr, DictExpr):
        entries = tuple((k, _lower_expr(e, index)) for k, e in expr.entries)
        return expr.model_copy(update={"entries": entries})
    return expr


def _exprs(node: Call | CodeExpr | Return) -> list[tuple[str, Expr]]:
    """The expressions a lowered statement reads, each with a label for error messages."""
    if isinstance(node, Call):
        return [(f"argument {k!r}", v) for k, v in node.kwargs.items()]
    if isinstance(node, CodeExpr):
        return [("the compute expression", node)]
    if node.fields is not None:
        return [(f"output field {k!r}", v) for k, v in node.fields.items()]
    return [("the result", node.value)] if node.value is not None else []


def _check_refs(index: int, exprs: list[tuple[str, Expr]], defined: set[str]) -> None:
    """Every variable read is a task input or an earlier result, so the recipe never raises a
    ``NameError``."""
    for label, expr in exprs:
        unknown = [n for n in _names_read(expr, index) if n not in defined]
        if unknown:
            raise CompileError(
                f"step {index}: {label} reads {', '.join(repr(n) for n in unknown)}, which "
                f"is neither a task input nor the result of an earlier successful step. {_RETRACE}"
            )


def _names_read(expr: Expr, index: int) -> Iterator[str]:
    if isinstance(expr, RefExpr):
        _check_path(expr, index)
        yield expr.name
    elif isinstance(expr, FStringExpr):
        for part in expr.parts:
            if isinstance(part, RefExpr):
                _check_path(part, index)
                yield part.name
    elif isinstance(expr, CodeExpr):
        # Builtins are fine unless a variable shadows them (then they mean the variable).
        yield from (n for n in expr.names if n not in BUILTIN_NAMES)
    elif isinstance(expr, ListExpr):
        for item in expr.items:
            yield from _names_read(item, index)
    elif isinstance(expr, DictExpr):
        for _, item in expr.entries:
            yield from _names_read(item, index)


def _check_path(ref: RefExpr, index: int) -> None:
    if ref.path_kinds and len(ref.path_kinds) != len(ref.path):
        raise CompileError(
            f"step {index}: reference to {ref.name!r} has {len(ref.path)} path elements but "
            f"{len(ref.path_kinds)} path kinds. {_RETRACE}"
        )
    kinds = ref.path_kinds or ("attr",) * len(ref.path)
    for element, kind in zip(ref.path, kinds, strict=True):
        if kind == "attr" and isinstance(element, str) and element.startswith("__"):
            raise CompileError(
                f"step {index}: reference {ref.name!r} reads the private attribute "
                f"{element!r}; recipes only read public data. {_RETRACE}"
            )


def _unknown_outcome(step: Step, comment: str | None) -> Guard:
    """A side exit where the recording's change failed with a transient error: whether it went
    through then, and whether it would now, is unknown (see ``drop_failed.unknown_outcome``)."""
    said = (step.error or "").splitlines()[0][:200]
    return side_exit(
        step.index,
        f"the recording's call of {step.action.name} failed with {said}, and whether it went "
        "through is unknown: the agent takes over here",
        f"{step.action.name} raised a transient error in the recording and was never retried: "
        "what the agent did next rested on what it found out then.",
        comment,
    )
