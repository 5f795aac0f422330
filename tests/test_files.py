import os
import subprocess
import sys

import pytest

from emosymphony.errors import EmosymphonyError
from emosymphony.files import PARTIAL_PREFIX, place_new, remove_leftovers, write_atomically


def test_write_atomically_replaces_whole_and_refuses_a_folder(tmp_path):
    target = tmp_path / "deep" / "cache.json"
    write_atomically(target, "first")
    write_atomically(target, b"second")
    assert target.read_text() == "second" and os.listdir(target.parent) == ["cache.json"]
    assert oct(target.stat().st_mode & 0o777) in ("0o644", "0o640", "0o600")
    with pytest.raises(EmosymphonyError, match="is a folder"):
        write_atomically(tmp_path, "x")


def test_place_new_never_replaces_a_file(tmp_path):
    (tmp_path / "in").mkdir()
    source = tmp_path / "song.ogg"
    source.write_bytes(b"new")
    (tmp_path / "in" / "song.ogg").write_bytes(b"old")
    assert place_new(source, tmp_path / "in").name == "song (1).ogg"
    assert (tmp_path / "in" / "song.ogg").read_bytes() == b"old"
    assert sorted(os.listdir(tmp_path / "in")) == ["song (1).ogg", "song.ogg"]


def test_only_leftovers_of_writers_that_are_gone_are_removed(tmp_path):
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead = tmp_path / f"{PARTIAL_PREFIX}{gone.stdout.strip()}-abc"
    writing = tmp_path / f"{PARTIAL_PREFIX}{os.getpid()}-def"  # ours: still being written
    unnamed = tmp_path / f"{PARTIAL_PREFIX}xyz"
    for path in (dead, writing, unnamed):
        path.write_bytes(b"partial")
    assert sorted(remove_leftovers(tmp_path)) == sorted([dead, unnamed])
    assert writing.exists()
