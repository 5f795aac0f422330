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
    "emosymphony/music/recommend.py": ["tests/test_recommend.py", "tests/test_session.py", "tests/test_taste.py"],
    "emosymphony/memory/taste.py": ["tests/test_taste.py", "tests/test_history.py", "tests/test_profiles.py"],
    "emosymphony/memory/database.py": ["tests/test_database.py", "tests/test_profiles.py", "tests/test_history.py"],
    "emosymphony/model/calibration.py": ["tests/test_calibration.py"],
    "emosymphony/music/sound_mood.py": ["tests/test_sound_mood.py"],
    "emosymphony/files.py": ["tests/test_files.py", "tests/test_adding.py", "tests/test_bad_input.py"],
    "emosymphony/images.py": ["tests/test_images.py", "tests/test_bad_input.py"],
    "emosymphony/music/spectral.py": ["tests/test_spectral.py"],
    "emosymphony/core.py": ["tests/test_core.py"],
    "emosymphony/ui/style.py": ["tests/test_style.py"],
}
"""Each module and the fast tests that state its behaviour."""

SQL_WORDS = ("SELECT ", "INSERT ", "DELETE ", "UPDATE ", "PRAGMA ", "CREATE ", "BEGIN", "COMMIT", "ROLLBACK",
             "WHERE ", "FROM ", "SUM(", "ON CONFLICT", "ORDER BY", "GROUP BY", "ALTER ")
EQUIVALENT: list[tuple[str, ...]] = [
    # (code, mutated code, why no caller can tell them apart[, the functions it holds in]), judged one by one;
    # the case of SQL is judged by rule in `equivalent`
    ("self._held = False", "self._held = None", "_held is only read as a truth value: None and False are both false"),
    ('self._start(self.upcoming.pop(0), "skipped")', 'self._start(self.upcoming.pop(0), None)',
     "play() and autoplay start a song only when none is current: the word is never used", "ǁplay__ ǁ_autoplay__"),
    ('self._start(self.upcoming.pop(0), "skipped")', 'self._start(self.upcoming.pop(0), "XXskippedXX")',
     "play() and autoplay start a song only when none is current: the word is never used", "ǁplay__ ǁ_autoplay__"),
    ('self._start(self.upcoming.pop(0), "skipped")', 'self._start(self.upcoming.pop(0), "SKIPPED")',
     "play() and autoplay start a song only when none is current: the word is never used", "ǁplay__ ǁ_autoplay__"),
    ("self._switch_began = (0.0, 0.0)", "self._switch_began = None",
     "read only when a song ends as switched, after the switch that set it"),
    ("self._switch_began = (0.0, 0.0)", "self._switch_began = (1.0, 0.0)",
     "read only when a song ends as switched, after the switch that set it"),
    ("self._switch_began = (0.0, 0.0)", "self._switch_began = (0.0, 1.0)",
     "read only when a song ends as switched, after the switch that set it"),
    ('self._start(back, "skipped", remember=False)', 'self._start(back, "skipped", remember=None)',
     "remember is only read as a truth value: None and False are both false"),
    ("self._held = True", "self._held = None",
     "a paused song stays current, and every action that makes it end sets _held itself", "ǁpause__"),
    ("self._held = True", "self._held = False",
     "a paused song stays current, and every action that makes it end sets _held itself", "ǁpause__"),
    ("deadline = time.monotonic() + fade_seconds + 0.1  # real time: the session's clock may be a test's",
     "deadline = time.monotonic() + fade_seconds + 1.1  # real time: the session's clock may be a test's",
     "only how long close() waits for a fade that did not end by itself (bench_stop.py measures it)"),
    ("while not self.output.finished() and time.monotonic() < deadline:",
     "while not self.output.finished() and time.monotonic() <= deadline:",
     "only how long close() waits for a fade that did not end by itself (bench_stop.py measures it)"),
    ("time.sleep(0.02)", "time.sleep(1.02)", "only how often close() looks whether the fade has ended"),
    ("self.on_event = on_event or (lambda event: None)", "self.on_event = on_event or (lambda event: 0)",
     "what the default listener returns is thrown away"),
    ("logits -= logits.max(axis=-1, keepdims=True)", "logits -= logits.max(axis=None, keepdims=True)",
     "softmax is unchanged by a constant subtracted from every logit of a row"),
    ("logits -= logits.max(axis=-1, keepdims=True)", "logits -= logits.max(keepdims=True)",
     "softmax is unchanged by a constant subtracted from every logit of a row"),
    ("logits -= logits.max(axis=-1, keepdims=True)", "logits += logits.max(axis=-1, keepdims=True)",
     "softmax is unchanged by a constant added to every logit of a row (the logits are at most 0: no overflow)"),
    ("logits -= logits.max(axis=1, keepdims=True)", "logits -= logits.max(axis=None, keepdims=True)",
     "the log-likelihood is unchanged by a constant subtracted from every logit of a row"),
    ("logits -= logits.max(axis=1, keepdims=True)", "logits -= logits.max(keepdims=True)",
     "the log-likelihood is unchanged by a constant subtracted from every logit of a row"),
    ("logits -= logits.max(axis=1, keepdims=True)", "logits += logits.max(axis=1, keepdims=True)",
     "the log-likelihood is unchanged by a constant added to every logit of a row"),
    ("logits = np.log(np.clip(probabilities, 1e-12, 1.0))", "logits = np.log(np.clip(probabilities, 1e-12, None))",
     "probabilities are at most 1: the upper clip never acts"),
    ("logits = np.log(np.clip(probabilities, 1e-12, 1.0))", "logits = np.log(np.clip(probabilities, 1e-12, 2.0))",
     "probabilities are at most 1: the upper clip never acts"),
    ("log_p = np.log(np.clip(probabilities, 1e-12, 1.0))", "log_p = np.log(np.clip(probabilities, 1e-12, None))",
     "probabilities are at most 1: the upper clip never acts"),
    ("log_p = np.log(np.clip(probabilities, 1e-12, 1.0))", "log_p = np.log(np.clip(probabilities, 1e-12, 2.0))",
     "probabilities are at most 1: the upper clip never acts"),
    ("for _ in range(60):", "for _ in range(61):", "the golden-section search has converged long before 60 steps"),
    ("low, high = (low, b) if nll(a) < nll(b) else (a, high)", "low, high = (low, b) if nll(a) <= nll(b) else (a, high)",
     "two temperatures with exactly equal likelihood bracket the same minimum"),
    ('write_atomically(path, json.dumps(asdict(self), indent=1) + "\\n")',
     'write_atomically(path, json.dumps(asdict(self), indent=None) + "\\n")', "the JSON reads back the same"),
    ('write_atomically(path, json.dumps(asdict(self), indent=1) + "\\n")',
     'write_atomically(path, json.dumps(asdict(self), ) + "\\n")', "the JSON reads back the same"),
    ('write_atomically(path, json.dumps(asdict(self), indent=1) + "\\n")',
     'write_atomically(path, json.dumps(asdict(self), indent=2) + "\\n")', "the JSON reads back the same"),
    ("if is_damage(error) and _fails_integrity(path):", "if is_damage(error) or _fails_integrity(path):",
     "only a file that is not SQLite, or fails its check, fails the integrity check, and opening such a file is "
     "always reported as damage (SQLITE_NOTADB, SQLITE_CORRUPT)"),
    ('probe = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)',
     'probe = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=False, timeout=BUSY_TIMEOUT_MS / 1000)',
     "this SQLite reads file: names as URIs with or without the flag (checked: a write through it is refused)"),
    ('probe = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)',
     'probe = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=None, timeout=BUSY_TIMEOUT_MS / 1000)',
     "this SQLite reads file: names as URIs with or without the flag (checked: a write through it is refused)"),
    ('probe = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)',
     'probe = sqlite3.connect(f"{path.as_uri()}?mode=ro", timeout=BUSY_TIMEOUT_MS / 1000)',
     "this SQLite reads file: names as URIs with or without the flag (checked: a write through it is refused)"),
    ('content = data.encode("utf-8") if isinstance(data, str) else data',
     'content = data.encode("UTF-8") if isinstance(data, str) else data', "codec names are not case-sensitive"),
    ("Path(temporary).unlink(missing_ok=True)", "Path(temporary).unlink(missing_ok=False)",
     "the temporary file still exists whenever a write fails before its rename"),
    ("Path(temporary).unlink(missing_ok=True)", "Path(temporary).unlink(missing_ok=None)",
     "the temporary file still exists whenever a write fails before its rename"),
    ('pid = name[len(PARTIAL_PREFIX):].split("-", 1)[0]', 'pid = name[len(PARTIAL_PREFIX):].split("-", )[0]',
     "the first field is the same however many fields follow"),
    ('pid = name[len(PARTIAL_PREFIX):].split("-", 1)[0]', 'pid = name[len(PARTIAL_PREFIX):].split("-", 2)[0]',
     "the first field is the same however many fields follow"),
    ("os.set_blocking(descriptor, True)", "os.set_blocking(descriptor, False)",
     "reading a regular file never blocks, whatever the flag"),
    ("path.mkdir(parents=True, exist_ok=True, mode=PRIVATE_FOLDER_MODE)", "path.mkdir(parents=True, exist_ok=True, )",
     "make_private takes the same permissions away on the next line"),
    ("if mode & 0o077:", "if mode | 0o077:", "setting a folder's or file's mode to what it already is changes nothing"),
    ("os.close(os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))",
     "os.close(os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL, ))",
     "the reservation is replaced at once by the copy, which carries its own mode"),
    ('return "is not a regular file"', 'return "XXis not a regular fileXX"',
     "Linux has no other kind of file: the line is reached by no file"),
    ('return "is not a regular file"', 'return "IS NOT A REGULAR FILE"',
     "Linux has no other kind of file: the line is reached by no file"),
    ("return image if image.dtype == np.uint8 else np.clip(image, 0, 255).astype(np.uint8)",
     "return image if (image.dtype == np.uint8) and False else np.clip(image, 0, 255).astype(np.uint8)",
     "clipping bytes to 0..255 copies the same values"),
    ("return gray if gray.dtype == np.uint8 else np.clip(gray, 0, 255).astype(np.uint8)",
     "return gray if (gray.dtype == np.uint8) and False else np.clip(gray, 0, 255).astype(np.uint8)",
     "clipping bytes to 0..255 copies the same values"),
    ("if version < SCHEMA_VERSION:", "if version <= SCHEMA_VERSION:",
     "migrating a database that is up to date finds nothing to do and commits nothing"),
    ("for line in script.splitlines(keepends=True):", "for line in script.splitlines(keepends=False):",
     "every line of the migrations is indented, so the statements read the same without the line ends"),
]
"""Mutants that change nothing a caller can see, left out of the score (each listed with its reason)."""


def equivalent(removed: str, added: str, mutant: str = "") -> str | None:
    """Why the change of `removed` into `added` (one line of code each) in `mutant` cannot be seen, or None."""
    removed, added = removed.strip(), added.strip()
    for code, mutated, why, *where in EQUIVALENT:
        if (removed, added) == (code, mutated) and (not where or any(f in mutant for f in where[0].split())):
            return why
    if removed != added and removed.lower() == added.lower():
        changed = [old for old, new in zip(re.findall(r'"([^"]*)"', removed), re.findall(r'"([^"]*)"', added))
                   if old != new]
        if changed and all(text.upper().lstrip().startswith(SQL_WORDS) for text in changed):
            return "SQLite reads keywords and names in any case"
    return None


NAMED: list[tuple[str, str, str, str]] = [
    # (module, code, mutated code, what it breaks): the bugs the fast loop once let through (issue 37)
    ("emosymphony/music/recommend.py", "i / max(length - 1, 1)", "i / length", "lift stops short of its target"),
    ("emosymphony/memory/database.py", 'except BaseException:\n            connection.execute("ROLLBACK")\n            raise\n\n\ndef _statements',
     'except BaseException:\n            connection.execute("COMMIT")\n            raise\n\n\ndef _statements',
     "a failed migration commits"),
    ("emosymphony/memory/database.py", "WHEN ending = 'skipped' THEN 0.5", "WHEN ending = 'skipped' THEN 0.0",
     "the migration ignores late skips"),
    ("emosymphony/memory/database.py", "CAST(strftime('%H', started, 'unixepoch', 'localtime')",
     "CAST(strftime('%H', started, 'unixepoch')", "the migration's time of day in UTC"),
    ("emosymphony/model/calibration.py", "logits[..., NEUTRAL] -= self.shift_at", "logits[..., NEUTRAL] += self.shift_at",
     "the sensitivity shift's sign flipped"),
    ("emosymphony/music/sound_mood.py", "if n >= PERSONAL_MIN_SONGS", "if n > PERSONAL_MIN_SONGS",
     "the personal model's readiness off by one"),
    ("emosymphony/music/sound_mood.py", "result[e] += chance * (filed[e] + (MAPPING_PRIOR if e == named else 0.0)) / total",
     "result[e] += chance * (filed[e] + (MAPPING_PRIOR if e != named else 0.0)) / total",
     "the listener's filing leans away from the built-in model's names"),
    ("emosymphony/session.py", "if len(own) < THIN_FOLDER:", "if len(own) <= THIN_FOLDER:",
     "a folder of five songs counts as thin"),
    ("emosymphony/session.py", "and self.now() - self._nobody_since >= self.settings.away_seconds",
     "and self.now() - self._nobody_since >= 0", "the music fades as soon as nobody is in view"),
    ("emosymphony/music/spectral.py", "return np.pad(rise, (1 + N_FFT // (2 * HOP), 0))[: db_mel.shape[1]]",
     "return np.pad(rise, (1, 0))[: db_mel.shape[1]]", "onsets land two frames early"),
    ("emosymphony/music/recommend.py", "self._towards([POINTS[mood]] * length", 'self._towards([POINTS["sad"]] * length',
     "an empty folder falls back to songs near sad"),
    ("emosymphony/session.py", 'self._start(self.upcoming.pop(0), why)', 'self._start(self.upcoming.pop(1), why)',
     "Next plays the second upcoming song"),
    ("emosymphony/session.py", "if not 0 <= index < len(self.upcoming):", "if not 0 < index < len(self.upcoming):",
     "the first upcoming song cannot be picked"),
    ("emosymphony/session.py", "if item.track.path != track.path]", "if item.track.path == track.path]",
     "a disliked song stays upcoming and the rest are dropped"),
    ("emosymphony/core.py", "if not self.settings.notify_tracks:", "if self.settings.notify_tracks:",
     "notifications ignore the listener's setting"),
    ("emosymphony/ui/style.py", "return black if contrast(black, background) >= contrast(white, background) else white",
     "return white", "white text on every colour, yellow included"),
]


def _copy_project(work: Path) -> Path:
    """The package, the tests (with the simulated listeners of benchmarks/), the README and pyproject.toml copied into
    `work` (mutants never touch the checkout)."""
    (work / "benchmarks").mkdir()
    shutil.copy(ROOT / "benchmarks" / "_simulation.py", work / "benchmarks" / "_simulation.py")
    for name in ("emosymphony", "tests"):
        shutil.copytree(ROOT / name, work / name, ignore=shutil.ignore_patterns("__pycache__", ".fixtures"))
    for name in ("README.md", "pyproject.toml"):
        shutil.copy(ROOT / name, work / name)
    return work


def run_module(module: str, tests: list[str], show: bool) -> tuple[int, int, list[str]]:
    """Mutate `module`, run `tests` against each mutant: (killed, judged, survivors)."""
    with tempfile.TemporaryDirectory(prefix="mutation-") as scratch:
        work = _copy_project(Path(scratch))
        with open(work / "pyproject.toml", "a") as config:
            config.write(f"\n[tool.mutmut]\nsource_paths = [\"{module}\"]\n"
                         f"pytest_add_cli_args_test_selection = {tests!r}\n"
                         "pytest_add_cli_args = [\"-m\", \"not slow\", \"-p\", \"no:cacheprovider\"]\n"
                         "also_copy = [\"emosymphony/\", \"README.md\", \"benchmarks/\"]\n".replace("'", '"'))
        subprocess.run([str(MUTMUT), "run", "--max-children", "2"], cwd=work, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, check=False)
        listing = subprocess.run([str(MUTMUT), "results", "--all", "true"], cwd=work, capture_output=True,
                                 text=True).stdout
        states = dict(re.findall(r"^\s*(\S+): (\S+.*)$", listing, flags=re.MULTILINE))
        survivors, excluded = [], []
        for name in (name for name, state in states.items() if state == "survived"):
            diff = subprocess.run([str(MUTMUT), "show", name], cwd=work, capture_output=True, text=True).stdout
            lines = [line for line in diff.splitlines() if line.startswith(("-", "+")) and not line.startswith(("---", "+++"))]
            removed = [line[1:] for line in lines if line.startswith("-")]
            added = [line[1:] for line in lines if line.startswith("+")]
            why = equivalent(removed[0], added[0], name) if len(removed) == len(added) == 1 else None
            if why:
                excluded.append((name, why))
                continue
            survivors.append(name)
            if show:
                print(f"# {name}\n" + "\n".join(lines), flush=True)
        for name, why in excluded:
            print(f"  equivalent: {name}: {why}", flush=True)
        judged = [name for name, state in states.items() if state in ("killed", "survived", "timeout")]
        judged = [name for name in judged if name not in dict(excluded)]
        return len(judged) - len(survivors), len(judged), survivors


def check_named() -> int:
    """Apply each of NAMED in a scratch copy and run the fast tests of its module: each must fail."""
    missed = 0
    for module, code, mutated, meaning in NAMED:
        with tempfile.TemporaryDirectory(prefix="named-") as scratch:
            work = _copy_project(Path(scratch))
            source = work / module
            text = source.read_text()
            if text.count(code) < 1:
                print(f"NOT APPLIED  {meaning}: {code!r} is not in {module}")
                missed += 1
                continue
            source.write_text(text.replace(code, mutated, 1))
            run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-x", "-m", "not slow", "-p", "no:cacheprovider",
                                  *MODULES[module]], cwd=work, capture_output=True, text=True,
                                 env={**__import__("os").environ, "PYTHONPATH": str(work)})
            caught = run.returncode != 0
            missed += not caught
            last = run.stdout.strip().splitlines()[-1] if run.stdout.strip() else ""
            print(f"{'caught' if caught else 'MISSED'}  {meaning}  ({last})", flush=True)
    print(f"{len(NAMED) - missed} of {len(NAMED)} named mutations caught by the fast tests")
    return 1 if missed else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="*", help=f"modules to mutate (default: all of {', '.join(MODULES)})")
    parser.add_argument("--show", action="store_true", help="print each survivor's change")
    parser.add_argument("--named", action="store_true", help="check only the named mutations (NAMED) are caught")
    args = parser.parse_args()
    if args.named:
        return check_named()
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
