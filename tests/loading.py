"""The repository's scripts and examples loaded as modules, for the tests that look inside them.

They are files, not a package: each is loaded from its path under a name of its own
(``ruiran_scripts_<name>``, ``example_<name>``) and registered in ``sys.modules`` first, as
dataclasses look their module up while it loads.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).absolute().parents[1]


def load_module(path: Path, name: str) -> ModuleType:
    """The file at ``path`` run as the module ``name``."""
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None, f"cannot load {path}"
    assert spec.loader is not None, f"cannot load {path}"
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def script(name: str) -> ModuleType:
    """``scripts/<name>.py``."""
    return load_module(ROOT / "scripts" / f"{name}.py", f"ruiran_scripts_{name}")


def example(name: str) -> ModuleType:
    """``examples/<name>.py`` (its own first lines put examples/ on the path for _figures)."""
    return load_module(ROOT / "examples" / f"{name}.py", f"example_{name}")


def fresh_python(code: str) -> str:
    """The standard output of ``code`` run in a fresh interpreter on this source tree (what a
    first import costs or loads cannot be seen from inside the test run)."""
    import os
    import subprocess

    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
    )
    return done.stdout
