"""The wheel a user installs (``pip install .``, not only the editable install the README uses)
builds, and carries the files the packages read at run time besides their Python modules."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow


def test_the_wheel_builds_and_carries_the_templates_and_page_scripts(tmp_path: Path) -> None:
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
        capture_output=True,
        text=True,
    )
    assert built.returncode == 0, built.stderr[-2000:]
    (wheel,) = tmp_path.glob("recipe_compiler-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    needed = [
        *(p.relative_to(ROOT).as_posix() for p in (ROOT / "compiler" / "templates").iterdir()),
        *(p.relative_to(ROOT).as_posix() for p in (ROOT / "runtime").rglob("*.js")),
        "runtime/actions/prices.json",  # the price table runs report their cost from
    ]
    assert needed and not [n for n in needed if n not in names]
