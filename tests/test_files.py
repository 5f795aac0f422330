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
        beside = [name for name in os.listdir(tmp_path) if name != "cache.json"]
        assert len(beside) == 1 and beside[0].startswith(f"{PARTIAL_PREFIX}{os.getpid()}-")  # marked as ours
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
    assert report.summary() == "0 songs moved into sad, 1 copied but the original kept (not permitted)"
    assert song.exists() and (music / "sad" / "stuck.wav").exists()
    assert undo_add(report) == []
    assert song.exists() and not (music / "sad" / "stuck.wav").exists()


def test_what_cannot_be_read_is_named_with_the_reason(tmp_path):
    from emosymphony.files import check_regular, open_regular, read_limited

    os.mkfifo(tmp_path / "pipe")
    cases = [(tmp_path / "missing.bin", f"{tmp_path / 'missing.bin'}: no such file or folder"),
             (tmp_path / "pipe", f"{tmp_path / 'pipe'}: is a named pipe, not a file"),
             (tmp_path, f"{tmp_path}: is a folder, not a file"),
             ("/dev/null", "/dev/null: is a device, not a file")]
    for path, message in cases:
        for reader in (check_regular, open_regular, lambda p: read_limited(p, 10)):
            with pytest.raises(EmosymphonyError) as caught:
                reader(path)
            assert str(caught.value) == message


def test_read_limited_reads_up_to_its_limit_and_not_past_it(tmp_path):
    from emosymphony.files import read_limited

    data = tmp_path / "data.bin"
    data.write_bytes(b"x" * 3_000_001)
    assert len(read_limited(data, 3_000_001)) == 3_000_001
    with pytest.raises(EmosymphonyError, match=r"data.bin: too large for a file \(3 MB; at most 3 MB\)"):
        read_limited(data, 3_000_000)


def test_private_files_are_the_owners_alone_and_others_are_not(tmp_path):
    import stat

    write_atomically(tmp_path / "shared.txt", "x")
    write_atomically(tmp_path / "a" / "b" / "mine.txt", "x", private=True)  # missing folders are made
    assert stat.S_IMODE((tmp_path / "a" / "b" / "mine.txt").stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "shared.txt").stat().st_mode) & 0o044  # readable by others, as the umask allows


def test_private_folder_and_make_private_only_take_permissions_away(tmp_path):
    import stat

    from emosymphony.files import make_private, private_folder

    made = private_folder(tmp_path / "new" / "data")
    assert stat.S_IMODE(made.stat().st_mode) == 0o700
    (tmp_path / "old").mkdir(mode=0o755)
    private_folder(tmp_path / "old")
    assert stat.S_IMODE((tmp_path / "old").stat().st_mode) == 0o700
    read_only = tmp_path / "ro.db"
    read_only.write_text("x")
    os.chmod(read_only, 0o444)
    make_private(read_only)
    assert stat.S_IMODE(read_only.stat().st_mode) == 0o400  # still read-only: nothing is given, only taken
    make_private(tmp_path / "missing")  # nothing to do, no error


def test_names_go_on_counting_and_a_file_system_without_hard_links_still_never_replaces(tmp_path, monkeypatch):
    import errno

    import emosymphony.files as files

    (tmp_path / "in").mkdir()
    for n in range(3):
        source = tmp_path / f"s{n}" / "song.ogg"
        source.parent.mkdir()
        source.write_bytes(b"take %d" % n)
        if n == 2:  # this file system has no hard links: the name is reserved exclusively instead
            monkeypatch.setattr(files.os, "link", lambda *_: (_ for _ in ()).throw(OSError(errno.EPERM, "no links")))
        assert place_new(source, tmp_path / "in").name == ["song.ogg", "song (1).ogg", "song (2).ogg"][n]
    assert [(tmp_path / "in" / name).read_bytes() for name in ("song.ogg", "song (1).ogg", "song (2).ogg")] == [
        b"take 0", b"take 1", b"take 2"]
    assert sorted(os.listdir(tmp_path / "in")) == ["song (1).ogg", "song (2).ogg", "song.ogg"]  # no leftovers


def test_same_content_is_found_only_for_the_same_bytes(tmp_path):
    from emosymphony.files import same_content

    folder = tmp_path / "in"
    folder.mkdir()
    source = tmp_path / "song.ogg"
    source.write_bytes(b"abcd")
    assert same_content(source, []) is None
    (folder / "song.ogg").write_bytes(b"abce")  # same size, other bytes
    os.mkfifo(folder / "pipe.ogg")  # not a regular file: passed over, never opened
    (folder / "copy.ogg").write_bytes(b"abcd")
    candidates = [folder / "song.ogg", folder / "pipe.ogg", folder / "copy.ogg"]
    assert same_content(source, candidates) == folder / "copy.ogg"
    assert same_content(source, candidates[:2]) is None
    assert same_content(tmp_path / "missing.ogg", candidates) is None


def test_leftovers_of_a_writer_that_still_runs_or_is_another_users_are_kept(tmp_path, monkeypatch):
    import emosymphony.files as files

    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    names = {f"{PARTIAL_PREFIX}{dead.stdout.strip()}-abc": False, f"{PARTIAL_PREFIX}{os.getpid()}-x-y": True,
             f"{PARTIAL_PREFIX}1-other-user": True, f"{PARTIAL_PREFIX}nopid": False}
    for name in names:
        (tmp_path / name).write_bytes(b"half")
    real_kill = os.kill

    def kill(pid, signal_number):
        if pid == 1:
            raise PermissionError  # a process of another user: alive, and not ours to judge
        return real_kill(pid, signal_number)

    monkeypatch.setattr(files.os, "kill", kill)
    removed = {path.name for path in remove_leftovers(tmp_path)}
    assert removed == {name for name, alive in names.items() if not alive}
    assert {p.name for p in tmp_path.iterdir()} == {name for name, alive in names.items() if alive}


def test_a_file_that_says_it_is_empty_but_is_not_is_still_read_with_the_limit():
    from emosymphony.files import read_limited

    status = read_limited("/proc/self/status", 100_000)  # /proc files report size 0
    assert status.startswith(b"Name:") and len(status) > 200
    with pytest.raises(EmosymphonyError) as caught:
        read_limited("/proc/self/status", 100)
    assert str(caught.value) == "/proc/self/status: too large for a file (over 100 bytes)"
    with pytest.raises(EmosymphonyError) as caught:
        read_limited("/proc/self/mem", 100)  # opens, then cannot be read
    assert str(caught.value) == "/proc/self/mem: the disk could not be read (input/output error)"


@pytest.mark.parametrize("count, said", [(999_999, "999999 bytes"), (1_000_000, "1 MB"), (999_999_999, "1000 MB"),
                                         (1_000_000_000, "1.0 GB"), (2_540_000_000, "2.5 GB")])
def test_sizes_are_said_in_bytes_megabytes_or_gigabytes(count, said):
    from emosymphony.files import _size

    assert _size(count) == said


def test_a_socket_is_named_as_such(tmp_path):
    import socket

    from emosymphony.files import check_regular

    server = socket.socket(socket.AF_UNIX)
    server.bind(str(tmp_path / "sock"))
    try:
        with pytest.raises(EmosymphonyError) as caught:
            check_regular(tmp_path / "sock", "a song")
        assert str(caught.value) == f"{tmp_path / 'sock'}: is a socket, not a song"
    finally:
        server.close()


def test_what_write_atomically_refuses_is_said_exactly(tmp_path):
    (tmp_path / "plain").write_text("x")
    (tmp_path / "dangling").symlink_to(tmp_path / "gone")
    os.mkfifo(tmp_path / "pipe")
    cases = [(tmp_path, f"{tmp_path}: is a folder; give a file name"),
             (tmp_path / "pipe", f"{tmp_path / 'pipe'}: is a named pipe; only a regular file is ever replaced"),
             (tmp_path / "dangling", f"cannot write {tmp_path / 'dangling'}: no such file or folder"),
             (tmp_path / "plain" / "x.json", f"cannot write {tmp_path / 'plain' / 'x.json'}: file exists")]
    for target, message in cases:
        with pytest.raises(EmosymphonyError) as caught:
            write_atomically(target, "x")
        assert str(caught.value) == message


def test_a_song_is_copied_beside_its_final_name_under_a_name_marked_as_ours(tmp_path):
    import shutil

    (tmp_path / "in").mkdir()
    source = tmp_path / "song.ogg"
    source.write_bytes(b"music")
    seen = []
    target = place_new(source, tmp_path / "in", copy=lambda s, d: (seen.append(d), shutil.copyfile(s, d)))
    assert seen[0].parent == tmp_path / "in" and seen[0].name.startswith(f"{PARTIAL_PREFIX}{os.getpid()}-")
    assert target.read_bytes() == b"music" and os.listdir(tmp_path / "in") == ["song.ogg"]


def test_content_is_compared_byte_by_byte_and_a_broken_name_is_passed_over(tmp_path):
    from emosymphony.files import same_content

    folder = tmp_path / "in"
    folder.mkdir()
    source = tmp_path / "song.ogg"
    source.write_bytes(b"abcd")
    (folder / "song.ogg").write_bytes(b"abce")
    stamp = os.stat(source)
    os.utime(folder / "song.ogg", ns=(stamp.st_atime_ns, stamp.st_mtime_ns))  # same size and time: bytes decide
    (folder / "song (1).ogg").symlink_to(tmp_path / "gone.ogg")  # a name that cannot be read
    (folder / "song (2).ogg").write_bytes(b"abcd")
    assert same_content(source, sorted(folder.iterdir())) == folder / "song (2).ogg"


def test_a_leftover_that_cannot_be_removed_does_not_stop_the_others(tmp_path):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    stuck = tmp_path / f"{PARTIAL_PREFIX}{dead.stdout.strip()}-a"
    stuck.mkdir()  # unlink() refuses a folder
    loose = tmp_path / f"{PARTIAL_PREFIX}{dead.stdout.strip()}-b"
    loose.write_bytes(b"half")
    assert remove_leftovers(tmp_path) == [loose] and stuck.exists()
