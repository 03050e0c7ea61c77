"""MiniWoB++ for ``bench/miniwob.py``: the page outline as a model reads it, the scripted
stand-in for the model, and the tasks with their policies."""

from __future__ import annotations

from miniwob_kit.outline import Node, Outline
from miniwob_kit.standin import Memory, Move, StandIn, StandInStuck, Turn
from miniwob_kit.tasks import CI_TASKS, TASKS, MiniTask

__all__ = [
    "CI_TASKS",
    "TASKS",
    "Memory",
    "MiniTask",
    "Move",
    "Node",
    "Outline",
    "StandIn",
    "StandInStuck",
    "Turn",
]
