"""``recipe run … --detach``, ``recipe status ID``, ``recipe cancel ID``: background runs from
the command line, kept in the run registry (:mod:`runtime.run.registry`)."""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import time
from typing import Any

from runtime.actions.limits import apply_memory_limit
from runtime.run.execution import FINAL, Execution, ExecutionStatus, new_execution_id
from runtime.run.registry import Registry, RegistryError, runs_this
from runtime.store._files import atomic_write_text
from runtime.tasks.task import Task

# --------------------------------------------------------------------------- detached runs


def detach(args: argparse.Namespace, task: Task[Any], registry: Registry | None = None) -> int:
    """``recipe run … --detach``: start the run in a child process and print its id."""
    registry = registry or Registry()
    execution_id = new_execution_id()
    log = registry.log(execution_id)
    log.parent.mkdir(parents=True, exist_ok=True)
    argv = [sys.executable, "-m", "runtime.cli", "run", str(args.file)]
    if args.task:
        argv += ["--task", args.task]
    for item in args.input:
        argv += ["--input", item]
    if args.agent:
        argv.append("--agent")
    if args.save_cassette:
        argv += ["--save-cassette", str(args.save_cassette)]
    if args.no_fallback:
        argv.append("--no-fallback")
    argv += ["--execution-id", execution_id]
    pending = ExecutionStatus(id=execution_id, task=task.name, state="pending", log=str(log))
    registry.write(pending)
    env = {**os.environ, "RECIPE_RUNS_DIR": str(registry.path)}
    with log.open("ab") as out:
        child = subprocess.Popen(
            argv,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
            start_new_session=True,  # the terminal's Ctrl-C is not the run's
        )
    # Beside the status file, which the child may be writing already.
    atomic_write_text(registry.file(execution_id).with_suffix(".pid"), f"{child.pid}\n")
    print(execution_id)
    print(
        f"started task {task.name!r} in the background (pid {child.pid}); follow it with "
        f"`recipe status {execution_id}`, stop it with `recipe cancel {execution_id}`",
        file=sys.stderr,
    )
    return 0


def run_attached(args: argparse.Namespace, task: Task[Any], inputs: dict[str, Any]) -> Any:
    """The child side of ``--detach``: run here, as execution ``args.execution_id``, keeping
    its registry file current; ``SIGTERM`` cancels at the next action boundary."""
    registry = Registry()
    execution = Execution(
        task,
        inputs,
        method="run_agent" if args.agent else "run",
        execution_id=args.execution_id,
        registry=registry,
        pid=os.getpid(),
        log=str(registry.log(args.execution_id)),
    )
    signal.signal(signal.SIGTERM, lambda *_: execution.cancel())
    if task.config.max_memory_mb is not None:
        problem = apply_memory_limit(task.config.max_memory_mb)
        if problem is None:
            os.environ["RECIPE_MEMORY_LIMITED"] = "1"
        else:
            print(f"warning: {problem}", file=sys.stderr)
    return execution.run_here()


# --------------------------------------------------------------------------- commands


def add_commands(sub: Any, debug_option: Any) -> None:
    """``recipe status`` and ``recipe cancel``."""
    status = sub.add_parser(
        "status",
        help="show a detached run's state and progress (or list the recent ones)",
        description=(
            "Print the state (pending, running, completed, failed, cancelled), progress, "
            "current action, error or result of a run started with `recipe run … --detach`. "
            "Without ID, list the recent executions."
        ),
    )
    status.add_argument("id", nargs="?", help="an execution id, as `recipe run --detach` printed")
    status.add_argument("--json", action="store_true", help="print the status as JSON")
    status.add_argument(
        "--wait", type=float, metavar="SECONDS", help="wait up to SECONDS for the run to end"
    )
    debug_option(status)
    status.set_defaults(handler=cmd_status)

    cancel = sub.add_parser(
        "cancel",
        help="stop a detached run at its next action boundary",
        description=(
            "Ask a run started with `recipe run … --detach` to stop. It stops before its next "
            "action call or model request (never in the middle of one), closes its browser and "
            "keeps the run so far as a run log; `recipe status ID` then says cancelled."
        ),
    )
    cancel.add_argument("id", help="an execution id, as `recipe run --detach` printed")
    cancel.add_argument(
        "--wait", type=float, metavar="SECONDS", help="wait up to SECONDS for it to stop"
    )
    debug_option(cancel)
    cancel.set_defaults(handler=cmd_cancel)


def cmd_status(args: argparse.Namespace) -> int:
    registry = Registry()
    if args.id is None:
        found = registry.all()[-20:]
        if args.json:
            print(json.dumps([json.loads(s.model_dump_json()) for s in found], indent=2))
            return 0
        if not found:
            print(f"no executions in {registry.path}", file=sys.stderr)
        for s in found:
            progress = "" if s.state in FINAL else f" {s.progress:g}%"
            print(f"{s.id}  {s.task:<20} {s.state}{progress}")
        return 0
    status = _wait_for(registry, args.id, args.wait)
    if args.json:
        print(status.model_dump_json(indent=2))
    else:
        print("\n".join(status.lines()))
        if status.state == "completed":
            print(json.dumps(status.result, indent=2, ensure_ascii=False))
    return 0 if status.state != "failed" else 1


def cmd_cancel(args: argparse.Namespace) -> int:
    registry = Registry()
    status = registry.read(args.id)
    if status.state in FINAL:
        print(f"execution {args.id} already ended: {status.state}", file=sys.stderr)
        return 0
    if status.pid is None or not runs_this(status.pid, args.id):
        raise RegistryError(
            f"execution {args.id} is {status.state} but has no live process to stop; "
            f"`recipe status {args.id}` shows what is known."
        )
    os.kill(status.pid, signal.SIGTERM)
    registry.write(status.model_copy(update={"cancel_requested": True}))
    print(
        f"cancel requested: execution {args.id} stops at its next action boundary",
        file=sys.stderr,
    )
    if args.wait:
        final = _wait_for(registry, args.id, args.wait)
        print("\n".join(final.lines()))
    return 0


def _wait_for(registry: Registry, execution_id: str, seconds: float | None) -> ExecutionStatus:
    status = registry.read(execution_id)
    deadline = time.monotonic() + (seconds or 0)
    while status.state not in FINAL and time.monotonic() < deadline:
        time.sleep(0.1)
        status = registry.read(execution_id)
    return status
