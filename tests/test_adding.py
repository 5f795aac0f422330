import pytest

from helpers import write_tone
from emosymphony import MusicLibrary
from emosymphony.music.adding import add_songs, undo_add


@pytest.fixture
def library(tmp_path):
    return MusicLibrary(tmp_path / "music", cache_file=tmp_path / "cache.json")


@pytest.fixture
def downloads(tmp_path):
    folder = tmp_path / "downloads"
    (folder / "album").mkdir(parents=True)
    write_tone(folder / "one.wav", frequency=300)
    write_tone(folder / "album" / "two.wav", frequency=500)
    (folder / "album" / "cover.jpg").write_bytes(b"jpeg")
    (folder / "readme.txt").write_text("hi")
    return folder


def test_copy_files_and_folders_into_an_emotion_folder(library, downloads):
    progress = []
    report = add_songs(library, [downloads / "one.wav", downloads / "album", downloads / "readme.txt"], "happy",
                       progress=lambda done, total: progress.append((done, total)))
    assert sorted(p.name for p in library.folder("happy").iterdir()) == ["one.wav", "two.wav"]
    assert (downloads / "one.wav").exists()  # copied, not moved
    assert len(report.added) == 2 and report.skipped[0][0].endswith("readme.txt")
    assert progress == [(1, 2), (2, 2)]
    assert report.summary() == "2 songs copied into happy, 1 skipped"


def test_name_collision_never_overwrites(library, downloads):
    library.ensure_layout()
    existing = library.folder("sad") / "one.wav"
    existing.write_bytes(b"the user's own file")
    report = add_songs(library, [downloads / "one.wav"], "sad")
    assert existing.read_bytes() == b"the user's own file"
    assert report.added[0][1].endswith("one (1).wav")
    again = add_songs(library, [downloads / "one.wav"], "sad")  # the same song again: found, not copied twice
    assert again.added == [] and again.present == [(str(downloads / "one.wav"), report.added[0][1])]
    assert not (library.folder("sad") / "one (2).wav").exists()


def test_move_and_undo_puts_files_back(library, downloads):
    original = (downloads / "one.wav").read_bytes()
    report = add_songs(library, [downloads / "one.wav"], "angry", move=True)
    assert not (downloads / "one.wav").exists() and (library.folder("angry") / "one.wav").exists()
    assert undo_add(report) == []
    assert (downloads / "one.wav").read_bytes() == original
    assert not (library.folder("angry") / "one.wav").exists()


def test_undo_of_a_copy_removes_only_the_copies(library, downloads):
    report = add_songs(library, [downloads / "album"], "fear")
    assert undo_add(report) == []
    assert list(library.folder("fear").iterdir()) == []
    assert (downloads / "album" / "two.wav").exists()


def test_unknown_emotion_and_missing_files(library, tmp_path):
    with pytest.raises(ValueError, match="unknown emotion"):
        add_songs(library, [], "joy")
    report = add_songs(library, [tmp_path / "ghost.mp3"], "happy")
    assert report.added == [] and report.skipped == [(str(tmp_path / "ghost.mp3"), "no such file")]


def test_a_song_already_in_the_library_is_not_added_twice_unless_asked(tmp_path):
    from helpers import write_tone

    library = MusicLibrary(tmp_path / "music")
    library.ensure_layout()
    mine = write_tone(library.folder("happy") / "sunny day.wav", seconds=1, frequency=500)
    again = tmp_path / "download" / "track01.wav"
    again.parent.mkdir()
    again.write_bytes(mine.read_bytes())
    other = write_tone(tmp_path / "download" / "other.wav", seconds=1, frequency=700)
    report = add_songs(library, [again, other], "sad")
    assert report.duplicates == [(str(again), str(mine))] and [s for s, _ in report.added] == [str(other)]
    assert report.summary() == "1 song copied into sad, already in happy as sunny day.wav"
    assert sorted(p.name for p in library.folder("sad").iterdir()) == ["other.wav"]
    report = add_songs(library, [again], "sad", anyway=True)
    assert [s for s, _ in report.added] == [str(again)] and not report.duplicates


def test_the_same_song_twice_in_one_add_is_added_once(tmp_path):
    from helpers import write_tone

    library = MusicLibrary(tmp_path / "music")
    (tmp_path / "a").mkdir()
    one = write_tone(tmp_path / "a" / "x.wav", seconds=1, frequency=610)
    two = tmp_path / "b.wav"
    two.write_bytes(one.read_bytes())
    report = add_songs(library, [one, two], "neutral")
    assert len(report.added) == 1 and report.present == [(str(two), report.added[0][1])]  # already there: not twice
