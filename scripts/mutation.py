"""Mutation testing of the modules that decide behaviour: each module's score and its surviving mutants.

    .venv/bin/python scripts/mutation.py [MODULE ...] [--show]

mutmut (chosen by measurement: benchmarks/RESULTS.md, "Mutation testing") changes one small thing at a time in a
module — a comparison, a constant, an operator, a returned value — and runs the module's fast tests against each
change; a change that no test notices "survives" and marks a behaviour no test states. Each module runs in its own
scratch copy of the project (nothing is written into the checkout) with the tests that name it. Mutants listed in
EQUIVALENT change nothing a caller can see; they are left out of the score, each with the reason.
Slow: minutes per module; not part of the test command.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MUTMUT = Path(sys.executable).with_name("mutmut")

MODULES: dict[str, list[str]] = {
    "emosymphony/session.py": ["tests/test_session.py", "tests/test_history.py"],
    "emosymphony/music/recommend.py": ["tests/test_recommend.py", "tests/test_session.py"],
    "emosymphony/memory/taste.py": ["tests/test_taste.py", "tests/test_history.py", "tests/test_profiles.py"],
    "emosymphony/memory/database.py": ["tests/test_database.py"],
    "emosymphony/model/calibration.py": ["tests/test_calibration.py"],
    "emosymphony/music/sound_mood.py": ["tests/test_sound_mood.py"],
    "emosymphony/files.py": ["tests/test_files.py"],
    "emosymphony/images.py": ["tests/test_images.py"],
}
"""Each module and the fast tests that state its behaviour."""

EQUIVALENT: dict[str, str] = {}
"""mutant name -> why it cannot change behaviour (filled as survivors are judged)."""


def run_module(module: str, tests: list[str], show: bool) -> tuple[int, int, list[str]]:
    """Mutate `module`, run `tests` against each mutant: (killed, judged, survivors)."""
    with tempfile.TemporaryDirectory(prefix="mutation-") as scratch:
        work = Path(scratch)
        for name in ("emosymphony", "tests"):
            shutil.copytree(ROOT / name, work / name, ignore=shutil.ignore_patterns("__pycache__", ".fixtures"))
        for name in ("README.md", "pyproject.toml"):
            shutil.copy(ROOT / name, work / name)
        with open(work / "pyproject.toml", "a") as config:
            config.write(f"\n[tool.mutmut]\nsource_paths = [\"{module}\"]\n"
                         f"pytest_add_cli_args_test_selection = {tests!r}\n"
                         "pytest_add_cli_args = [\"-m\", \"not slow\", \"-p\", \"no:cacheprovider\"]\n"
                         "also_copy = [\"emosymphony/\", \"README.md\"]\n".replace("'", '"'))
        subprocess.run([str(MUTMUT), "run", "--max-children", "2"], cwd=work, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, check=False)
        listing = subprocess.run([str(MUTMUT), "results", "--all", "true"], cwd=work, capture_output=True,
                                 text=True).stdout
        states = dict(re.findall(r"^\s*(\S+): (\S+.*)$", listing, flags=re.MULTILINE))
        survivors = [name for name, state in states.items() if state == "survived" and name not in EQUIVALENT]
        judged = [name for name, state in states.items() if state in ("killed", "survived", "timeout")
                  and name not in EQUIVALENT]
        if show:
            for name in survivors:
                diff = subprocess.run([str(MUTMUT), "show", name], cwd=work, capture_output=True, text=True).stdout
                print("\n".join(line for line in diff.splitlines() if line.startswith(("#", "-", "+"))
                                and not line.startswith(("---", "+++"))))
        return len(judged) - len(survivors), len(judged), survivors


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="*", help=f"modules to mutate (default: all of {', '.join(MODULES)})")
    parser.add_argument("--show", action="store_true", help="print each survivor's change")
    args = parser.parse_args()
    if not MUTMUT.exists():
        print("mutmut is not installed: scripts/setup.sh --test", file=sys.stderr)
        return 2
    rows = []
    for module in args.modules or list(MODULES):
        started = time.monotonic()
        killed, judged, survivors = run_module(module, MODULES[module], args.show)
        score = killed / judged if judged else 0.0
        rows.append((module, killed, judged, score, time.monotonic() - started))
        print(f"{module}: {killed}/{judged} killed ({score:.1%}) in {time.monotonic() - started:.0f} s", flush=True)
        for name in survivors:
            print(f"  survived: {name}", flush=True)
    print("\nmodule | killed / mutants | score | seconds")
    for module, killed, judged, score, seconds in rows:
        print(f"{module} | {killed} / {judged} | {score:.1%} | {seconds:.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
