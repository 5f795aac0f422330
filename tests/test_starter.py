"""The starter library: free Debian music linked into every emotion folder, once, and removable."""

from __future__ import annotations

import os

import numpy as np

import pytest

from emosymphony import EMOTIONS, MusicLibrary
from emosymphony.cli import main
from emosymphony.music.starter import STARTER_PACKAGES, origin

from helpers import write_tone

pytestmark = pytest.mark.slow  # analyses the ninety songs of the starter packages


def test_starter_gives_every_folder_five_songs_once_and_leaves_the_listeners_songs(tmp_path, capsys, real_recordings):
    if not all(package.installed for package in STARTER_PACKAGES):
        pytest.skip("the starter music packages are not installed (scripts/setup.sh installs them)")
    music, data = tmp_path / "music", tmp_path / "data"
    arguments = ["library", "starter", "--music-dir", str(music), "--data-dir", str(data)]
    assert main(arguments) == 0
    first = capsys.readouterr().out
    scan = MusicLibrary(music).scan()
    for emotion in EMOTIONS:
        assert sum(t.emotion == emotion for t in scan.playable) >= 5, f"fewer than five starter songs in {emotion}"
    assert all(origin(t.path) is not None for t in scan.tracks) and "added 89 free songs" in first
    assert any(t.path.endswith(".opus") for t in scan.playable)  # Warzone 2100's music is Opus
    credit = origin(scan.playable[0].path).credit()
    assert "Free music:" in credit and ("GPL" in credit or "CC BY-SA" in credit)

    own = music / "sad" / "my song.wav"
    write_tone(own, seconds=2)
    assert main(arguments) == 0
    assert "added 0 free songs; 89 were there already" in capsys.readouterr().out
    assert len(MusicLibrary(music).scan().playable) == 90

    assert main(arguments + ["--remove"]) == 0
    left = [p for p in music.rglob("*") if p.is_file() or p.is_symlink()]
    assert [p for p in left if p.suffix in (".ogg", ".opus", ".mp3", ".wav")] == [own] and not os.path.islink(own)
    assert all(package.folder.is_dir() and any(package.folder.iterdir()) for package in STARTER_PACKAGES)  # files stay


def test_the_packaged_starter_songs_were_analysed_beforehand_and_only_those_versions_count(tmp_path, monkeypatch):
    import json

    from emosymphony.music import starter
    from emosymphony.music.analysis import FEATURES_VERSION, features_of
    from emosymphony.music.starter import known_features, starter_songs

    songs = starter_songs()
    if not songs:
        pytest.skip("the starter music packages are not installed (scripts/setup.sh installs them)")
    known = known_features(songs)
    assert set(known) == {str(s) for s in songs} - {s for s in map(str, songs) if s.endswith("silence.ogg")}

    song = write_tone(tmp_path / "a song.wav", seconds=3)
    features = features_of(np.sin(np.arange(3 * 22050) / 5).astype("float32"))
    table = tmp_path / "table.json"
    monkeypatch.setattr(starter, "STARTER_FEATURES", table)
    for size, version, expected in ((song.stat().st_size, FEATURES_VERSION, {str(song)}),
                                    (song.stat().st_size + 1, FEATURES_VERSION, set()),  # another version of the file
                                    (song.stat().st_size, FEATURES_VERSION - 1, set())):  # features of another kind
        table.write_text(json.dumps({"version": version, "songs": {str(song): {"size": size, "features": features.to_dict()}}}))
        assert set(known_features([song])) == expected
    table.write_text("{not json")
    assert known_features([song]) == {}


def test_starter_songs_are_named_as_their_packages_credit_them(tmp_path):
    from emosymphony.music.starter import credited
    from emosymphony.tracks import Track

    asc = STARTER_PACKAGES[1].folder / "machine_wars.mp3"
    warzone = STARTER_PACKAGES[3].folder / "albums" / "aftermath_soundtrack" / "track17.opus"
    if not (asc.exists() and warzone.exists()):
        pytest.skip("the starter music packages are not installed (scripts/setup.sh installs them)")

    def track(path, title, artist=""):
        return Track(str(path), "sad", title, artist, "", 60.0, False, 1, 0.0)

    (tmp_path / "sad").mkdir()
    for song in (asc, warzone):
        os.symlink(song, tmp_path / "sad" / song.name)
    assert (credited(track(tmp_path / "sad" / "machine_wars.mp3", "machine_wars")).display_name
            == "Michael Kievernagel – Machine Wars")
    assert credited(track(tmp_path / "sad" / "track17.opus", "track17")).display_name == "LupusMechanicus – Nuclear Heartbeat"
    own = track(write_tone(tmp_path / "sad" / "mine.wav"), "mine")
    assert credited(own) == own
    tagged = track(tmp_path / "sad" / "track17.opus", "My title", "Someone")
    assert credited(tagged) == tagged  # the file's own tags win
