"""The starter library: free Debian music linked into every emotion folder, once, and removable."""

from __future__ import annotations

import os

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
