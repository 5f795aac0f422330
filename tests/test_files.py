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


# ----- failures injected: what the tmpfs and chattr tests check, without their privileges ---------------------


def test_a_write_that_fails_on_its_way_to_disk_leaves_the_old_file(tmp_path, monkeypatch):
    import errno

    import emosymphony.files as files

    target = tmp_path / "cache.json"
    target.write_text("old and whole")
    seen_at_flush = []

    def full_disk(descriptor):  # the disk fills as the new content is flushed
        seen_at_flush.append(target.read_text())
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files.os, "fsync", full_disk)
    with pytest.raises(EmosymphonyError, match="cache.json: the disk is full"):
        write_atomically(target, "new " * 10_000)
    assert seen_at_flush == ["old and whole"]  # the target was untouched while the new content was written
    assert target.read_text() == "old and whole" and os.listdir(tmp_path) == ["cache.json"]


def test_a_rename_that_fails_leaves_the_old_file_and_no_leftover(tmp_path, monkeypatch):
    import errno

    import emosymphony.files as files

    target = tmp_path / "cache.json"
    target.write_text("old")
    monkeypatch.setattr(files.os, "replace", lambda *_: (_ for _ in ()).throw(OSError(errno.EIO, "I/O error")))
    with pytest.raises(EmosymphonyError, match="cache.json: the disk could not be read"):
        write_atomically(target, "new")
    assert target.read_text() == "old" and os.listdir(tmp_path) == ["cache.json"]


def test_a_move_whose_source_cannot_be_deleted_keeps_both_and_undo_knows(tmp_path, monkeypatch):
    import errno
    from pathlib import Path

    from helpers import write_tone
    from emosymphony.music.adding import add_songs, undo_add
    from emosymphony.music.library import MusicLibrary

    song = write_tone(tmp_path / "stuck.wav", seconds=0.2)
    real_unlink = Path.unlink

    def immutable(path, missing_ok=False):  # what chattr +i does to the source
        if path == song:
            raise OSError(errno.EPERM, "Operation not permitted", str(path))
        return real_unlink(path, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", immutable)
    music = tmp_path / "music"
    report = add_songs(MusicLibrary(music, cache_file=tmp_path / "c.json"), [song], "sad", move=True)
    assert report.summary() == "0 song(s) moved into sad, 1 copied but the original kept (not permitted)"
    assert song.exists() and (music / "sad" / "stuck.wav").exists()
    assert undo_add(report) == []
    assert song.exists() and not (music / "sad" / "stuck.wav").exists()
