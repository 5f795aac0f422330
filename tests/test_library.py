import os
import shutil

import pytest

from helpers import write_tone
from emosymphony import EMOTIONS, MusicLibrary
from emosymphony.music.library import LibraryError


@pytest.fixture
def library(tmp_path):
    lib = MusicLibrary(tmp_path / "music", cache_file=tmp_path / "cache.json")
    lib.ensure_layout()
    return lib


def test_first_run_creates_the_seven_folders(library):
    assert sorted(p.name for p in library.root.iterdir()) == sorted(EMOTIONS)


def test_scan_reads_real_tags_and_falls_back_to_file_names(library, real_recordings, untagged_mp3s):
    shutil.copy(real_recordings[0], library.folder("happy"))
    shutil.copy(untagged_mp3s[0], library.folder("angry") / "Battle Theme.mp3")
    (library.folder("sad") / "notes.txt").write_text("not music")
    result = library.scan()
    assert len(result.tracks) == 2 and not result.unreadable
    angry, happy = result.tracks  # FER order: angry first
    assert angry.title == "Battle Theme" and angry.artist == "" and angry.duration > 60
    assert happy.emotion == "happy" and happy.artist == "Maxstack" and happy.title == real_recordings[0].stem


def test_corrupt_files_are_listed_as_unreadable(library):
    (library.folder("fear") / "broken.ogg").write_bytes(b"OggS" + b"\x00" * 100)
    write_tone(library.folder("fear") / "ok.wav")
    result = library.scan()
    assert [t.title for t in result.playable] == ["ok"]
    assert [os.path.basename(t.path) for t in result.unreadable] == ["broken.ogg"]
    assert result.unreadable[0].error


def test_rescan_reuses_the_cache_for_unchanged_files(library, tmp_path):
    path = write_tone(library.folder("happy") / "song.wav", title="First title")
    assert library.scan().tracks[0].title == "First title"
    stat = path.stat()
    write_tone(path, title="Other title")  # same size, then the old time put back: looks unchanged
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert path.stat().st_size == stat.st_size
    assert library.scan().tracks[0].title == "First title"
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    assert library.scan().tracks[0].title == "Other title"
    fresh = MusicLibrary(library.root, cache_file=tmp_path / "cache.json")
    assert fresh._cache and fresh.scan().tracks[0].title == "Other title"


def test_added_removed_and_renamed_files_are_noticed(library):
    write_tone(library.folder("sad") / "a.wav")
    write_tone(library.folder("sad") / "b.wav", seconds=0.5)
    library.scan()
    write_tone(library.folder("neutral") / "c.wav", seconds=0.3)
    (library.folder("sad") / "a.wav").unlink()
    os.rename(library.folder("sad") / "b.wav", library.folder("sad") / "b renamed.wav")
    result = library.scan()
    assert [os.path.basename(p) for p in result.added] == ["c.wav"]
    assert [os.path.basename(p) for p in result.removed] == ["a.wav"]
    assert [(os.path.basename(a), os.path.basename(b)) for a, b in result.renamed] == [("b.wav", "b renamed.wav")]
    assert library.scan().changed is False


def test_missing_root_is_a_clear_error(tmp_path):
    with pytest.raises(LibraryError, match="music folder not found"):
        MusicLibrary(tmp_path / "gone", cache_file=tmp_path / "c.json").scan()


def test_root_that_cannot_be_created(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(LibraryError, match="cannot create the music folder .*music: a part of the path is not a folder"):
        MusicLibrary(blocker / "music", cache_file=tmp_path / "c.json").ensure_layout()
