"""Installs like an application: light imports, the model inside the package, a wheel that works anywhere."""

import os
import subprocess
import sys
import sysconfig
import venv

import pytest

from helpers import ROOT


@pytest.mark.parametrize("module", ["emosymphony", "emosymphony.session", "emosymphony.music.library", "emosymphony.cli",
                                    "emosymphony.memory.listener", "emosymphony.memory.journal",
                                    "emosymphony.music.sorting", "emosymphony.music.starter"])
def test_the_core_loads_neither_qt_nor_tensorflow(module):
    probe = (f"import sys, {module}; heavy = sorted(m for m in ('PySide6', 'tensorflow', 'keras') if m in sys.modules); "
             "print(','.join(heavy))")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""


@pytest.mark.parametrize("module", ["emosymphony", "emosymphony.session", "emosymphony.core", "emosymphony.settings"])
def test_the_package_the_session_and_the_core_load_nothing_heavy(module):
    heavy = ("cv2", "PySide6", "scipy", "tensorflow", "keras")
    probe = f"import sys, {module}; print(','.join(sorted(m for m in {heavy!r} if m in sys.modules)))"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0 and result.stdout.strip() == "", result.stdout + result.stderr


LAYERS = (
    {"emotions", "errors", "files", "shutdown", "tracks", "events", "settings", "data", "images", "votes", "words"},
    {"memory"},
    {"music", "vision", "model"},
    {"session"},
    {"core"},
    {"ui", "cli", "__main__", ""},
)
"""Each module may import from its own layer and the ones above it in this list, never from one below."""


def _imports() -> dict[str, set[str]]:
    """The package's modules and the package modules each imports (at the top or inside a function)."""
    import ast

    root = ROOT / "emosymphony"
    names = {}
    for path in root.rglob("*.py"):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        names[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    graph = {}
    for name, path in names.items():
        package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        found = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.level or (node.module or "").startswith("emosymphony")):
                base = package.split(".")[: len(package.split(".")) - node.level + 1] if node.level else []
                target = ".".join(base + ([node.module] if node.module else []))
                found |= {f"{target}.{a.name}" if f"{target}.{a.name}" in names else target for a in node.names}
        graph[name] = {target for target in found if target in names and target != name}
    return graph


def _layer(module: str) -> int:
    area = module.split(".")[1] if "." in module else ""
    return next(number for number, layer in enumerate(LAYERS) if area in layer)


def test_no_import_circles_and_no_arrows_back_up():
    graph = _imports()
    assert {"emosymphony.core", "emosymphony.events", "emosymphony.memory.recorder"} <= set(graph)
    upward = sorted(f"{a} -> {b}" for a, targets in graph.items() for b in targets if _layer(b) > _layer(a))
    assert upward == []
    done: set[str] = set()

    def visit(module: str, path: list[str]) -> None:
        for target in graph[module]:
            assert target not in path, "import circle: " + " -> ".join(path[path.index(target):] + [target])
            if target not in done:
                visit(target, path + [target])
        done.add(module)

    for module in graph:
        visit(module, [module])


def test_the_window_keeps_analysis_and_plotting_out_until_asked():
    """SciPy's signal maths stays in the analysis process; matplotlib loads when the journal first opens (45 MB)."""
    heavy = ("scipy", "matplotlib", "tensorflow", "keras")
    probe = f"import sys, emosymphony.ui.main_window; print(','.join(sorted(m for m in {heavy!r} if m in sys.modules)))"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0 and result.stdout.strip() == "", result.stdout + result.stderr


def test_every_public_name_loads():
    import emosymphony

    assert all(getattr(emosymphony, name) is not None for name in emosymphony.__all__)
    assert set(emosymphony.__all__) <= set(dir(emosymphony))
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        emosymphony.nothing  # noqa: B018


def test_the_bundled_model_is_package_data():
    from emosymphony.model.classifier import EmotionClassifier, bundled_model

    assert bundled_model().is_file()
    assert "(bundled)" in EmotionClassifier.load().source


@pytest.mark.slow
def test_a_wheel_installed_outside_the_checkout_runs(tmp_path, face_photos):
    wheels = tmp_path / "wheels"
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(ROOT)],
                           capture_output=True, text=True, timeout=600)
    assert built.returncode == 0, built.stderr[-2000:]
    [wheel] = wheels.glob("emosymphony-*.whl")
    fresh = tmp_path / "fresh"
    venv.create(fresh, with_pip=True)
    python = fresh / "bin" / "python"
    installed = subprocess.run([str(python), "-m", "pip", "install", "-q", "--no-deps", str(wheel)],
                               capture_output=True, text=True, timeout=300)
    assert installed.returncode == 0, installed.stderr[-2000:]
    # the dependencies come from this venv's site-packages (not its editable emosymphony: .pth lines do not chain)
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True).stdout.strip()
    (fresh / site / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    outside = tmp_path / "elsewhere"
    outside.mkdir()

    def run(*argv):
        return subprocess.run([str(fresh / "bin" / "emosymphony"), *argv], capture_output=True, text=True,
                              cwd=outside, env=env, timeout=120)

    where = subprocess.run([str(python), "-c", "import emosymphony; print(emosymphony.__file__)"], capture_output=True,
                           text=True, cwd=outside, env=env)
    assert str(fresh) in where.stdout, where.stdout + where.stderr
    version = run("--version")
    assert version.returncode == 0 and version.stdout.startswith("emosymphony 0."), version.stderr
    detected = run("detect", str(face_photos["obama"]), "--json")
    assert detected.returncode == 0, detected.stderr[-2000:]
    assert '"emotion": "happy"' in detected.stdout
    profiles = run("profile", "list", "--data-dir", str(tmp_path / "memory"))  # the memory package is in the wheel
    assert profiles.returncode == 0 and profiles.stdout.startswith("* "), profiles.stderr[-2000:]


def test_install_desktop_puts_the_menu_entry_and_icons_in_place(tmp_path, capsys):
    import cv2

    from emosymphony.cli import main

    assert main(["install-desktop", "--data-home", str(tmp_path)]) == 0
    entry = (tmp_path / "applications" / "emosymphony.desktop").read_text()
    assert "Name=Emotion Symphony" in entry and "Icon=emosymphony" in entry
    command = next(line for line in entry.splitlines() if line.startswith("Exec=")).split("=", 1)[1].split()[0]
    assert command.endswith("emosymphony") and os.access(command, os.X_OK)
    for size in (48, 128, 256):
        icon = cv2.imread(str(tmp_path / "icons" / "hicolor" / f"{size}x{size}" / "apps" / "emosymphony.png"),
                          cv2.IMREAD_UNCHANGED)
        assert icon.shape == (size, size, 4) and icon[..., 3].max() == 255 and icon[0, 0, 3] == 0  # drawn, round
    assert (tmp_path / "icons" / "hicolor" / "scalable" / "apps" / "emosymphony.svg").read_bytes().startswith(b"<?xml")
    assert "wrote" in capsys.readouterr().out


@pytest.mark.parametrize("folder", ["sp ace", pytest.param("100%", marks=pytest.mark.slow), "$HOME",
                                    pytest.param('say "hi"', marks=pytest.mark.slow),
                                    pytest.param("back\\slash", marks=pytest.mark.slow),
                                    pytest.param("it's", marks=pytest.mark.slow),
                                    pytest.param("tab\there", marks=pytest.mark.slow)])
def test_the_desktop_entry_launches_from_any_folder(tmp_path, monkeypatch, folder):
    """GLib's gio launches the entry as a desktop would: the program at a path with spaces, %, $, quotes or
    backslashes starts with its arguments whole."""
    import shutil
    import subprocess
    import time

    if shutil.which("gio") is None:
        pytest.skip("GLib's gio is not installed (apt-get install libglib2.0-bin)")
    from emosymphony.ui.desktop import install_desktop

    bin_dir = tmp_path / folder / "bin"
    bin_dir.mkdir(parents=True)
    marker = tmp_path / "started"
    program = bin_dir / "emosymphony"
    program.write_text(f'#!/bin/sh\nprintf "%s|" "$@" > "{marker}"\n')
    program.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    entry = next(path for path in install_desktop(tmp_path / "share") if path.suffix == ".desktop")
    result = subprocess.run(["gio", "launch", str(entry)], capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    deadline = time.monotonic() + 10
    while not marker.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert marker.read_text() == "gui|"
