"""M3U8 playlists of a mood's folder and of what was played (music/playlists.py, `library export`, `history --playlist`)."""

from __future__ import annotations

import os

from emosymphony.cli import main
from emosymphony.music.playlists import playlist_text, read_playlist, write_playlist
from emosymphony.tracks import Track, generated_track

from helpers import write_tone


def _track(path, emotion="happy", title="A song", artist="Band", duration=3.2):
    return Track(str(path), emotion, title, artist, "", duration, False, 1, 0.0)


def test_paths_are_relative_to_the_playlist_and_the_list_round_trips(tmp_path):
    music = tmp_path / "music" / "happy"
    music.mkdir(parents=True)
    songs = [music / "é ü.ogg", music / "b.mp3"]
    elsewhere = tmp_path.parent / "elsewhere.flac"
    tracks = [_track(songs[0], title="Été"), _track(songs[1], artist=""), generated_track("happy"), _track(elsewhere)]
    playlist = tmp_path / "lists" / "happy.m3u8"
    assert write_playlist(tracks, playlist) == 3  # generated music has no file
    text = playlist.read_text(encoding="utf-8")
    assert text.startswith("#EXTM3U\n#EXTINF:3,Band – Été\n../music/happy/é ü.ogg\n#EXTINF:3,A song\n")
    assert read_playlist(playlist) == [*songs, elsewhere]
    assert not [p for p in playlist.parent.iterdir() if p.name != "happy.m3u8"]  # written in one step
    assert playlist.stat().st_mode & 0o777 == 0o600  # the listener's alone


def test_library_export_and_history_playlist(tmp_path, capsys):
    music = tmp_path / "music"
    for emotion in ("happy", "sad"):
        (music / emotion).mkdir(parents=True)
        for n in range(2):
            write_tone(music / emotion / f"{emotion}{n}.wav", seconds=1, frequency=300 + 50 * n)
    options = ["--music-dir", str(music), "--data-dir", str(tmp_path / "data")]
    out = tmp_path / "happy.m3u8"
    assert main(["library", "export", "--mood", "happy", "--out", str(out), *options]) == 0
    assert "2 songs of the happy folder" in capsys.readouterr().out
    assert read_playlist(out) == sorted(music.joinpath("happy").iterdir())
    assert main(["library", "export", "--mood", "happy", "--out", str(out), *options]) == 1
    assert "exists; pass --force" in capsys.readouterr().err

    assert main(["play", "--emotion", "sad", "--seconds", "1.2", *options]) == 0
    capsys.readouterr()
    played = tmp_path / "played.m3u8"
    assert main(["history", "--playlist", str(played), "--data-dir", str(tmp_path / "data")]) == 0
    assert "played since" in capsys.readouterr().out
    listed = read_playlist(played)
    assert listed and all(p.parent == music / "sad" for p in listed) and len(set(listed)) == len(listed)
    assert all(os.path.isfile(p) for p in listed)
    assert "../" not in playlist_text([_track(listed[0])], tmp_path / "x.m3u8")  # beside the music: relative
