"""`library tag`: each song's folder mood written into its own tags, shown first, atomic, nothing else changed."""

from __future__ import annotations

import os
import shutil

import numpy as np
import pytest
import soundfile

from emosymphony.cli import main
from emosymphony.music.mood_tags import read_mood


@pytest.fixture
def library(tmp_path, real_recordings, untagged_mp3s):
    music = tmp_path / "music"
    for folder in ("happy", "sad", "neutral", "angry"):
        (music / folder).mkdir(parents=True)
    songs = {
        "ogg": shutil.copy(real_recordings[0], music / "happy" / real_recordings[0].name),
        "mp3": shutil.copy(untagged_mp3s[0], music / "sad" / untagged_mp3s[0].name),
        "flac": music / "neutral" / "tone.flac",
        "locked": shutil.copy(real_recordings[1], music / "angry" / real_recordings[1].name),
    }
    os.symlink(real_recordings[2], music / "happy" / "free starter song.ogg")  # a link into a Debian package
    t = np.arange(22050 * 3) / 22050
    soundfile.write(songs["flac"], 0.3 * np.sin(2 * np.pi * 440 * t), 22050, format="FLAC")
    os.chmod(songs["locked"], 0o444)
    return music, {name: os.fspath(path) for name, path in songs.items()}


def _audio(path):
    data, rate = soundfile.read(path)
    return data.shape, rate


def test_a_dry_run_changes_nothing_and_apply_writes_only_the_mood(library, tmp_path, capsys):
    music, songs = library
    options = ["--music-dir", str(music), "--data-dir", str(tmp_path / "data")]
    before = {name: open(path, "rb").read() for name, path in songs.items()}
    audio = {name: _audio(path) for name, path in songs.items()}
    os.chmod(songs["mp3"], 0o640)
    modes = {name: os.stat(path).st_mode & 0o777 for name, path in songs.items()}
    import mutagen

    titles = {name: (mutagen.File(path, easy=True) or {}).get("title") for name, path in songs.items()}
    assert main(["library", "tag", *options]) == 0
    out = capsys.readouterr().out
    assert out.count("would tag") == 4 and "nothing was changed" in out
    assert {name: open(path, "rb").read() for name, path in songs.items()} == before

    assert main(["library", "tag", "--apply", *options]) == 1  # the read-only song is left alone, and said so
    out, err = capsys.readouterr()
    assert "3 songs tagged" in out and "read-only; left as it is" in err
    assert "free starter song.ogg: a link" in err and read_mood(os.path.realpath(music / "happy" / "free starter song.ogg")) is None
    assert open(songs["locked"], "rb").read() == before["locked"] and read_mood(songs["locked"]) is None
    for name, folder in (("ogg", "happy"), ("mp3", "sad"), ("flac", "neutral")):
        assert read_mood(songs[name]) == folder  # MOOD (Vorbis comments, FLAC) or TMOO (ID3)
        assert _audio(songs[name]) == audio[name]  # the sound is the same
        assert (mutagen.File(songs[name], easy=True) or {}).get("title") == titles[name]  # the other tags too
        assert os.stat(songs[name]).st_mode & 0o777 == modes[name]  # the listener's permissions kept
    assert not [p for p in music.rglob(".*") if p.is_file()]  # no half-written copies left behind

    assert main(["library", "tag", "--apply", *options]) == 1
    assert "0 songs tagged" in capsys.readouterr().out  # already right: nothing rewritten


def test_a_mood_tag_is_strong_evidence_when_sorting(library, tmp_path, capsys, real_recordings):
    import json

    from emosymphony.music.mood_tags import write_mood

    music, _ = library
    incoming = tmp_path / "incoming"
    incoming.mkdir()
    song = shutil.copy(real_recordings[2], incoming / "tagged elsewhere.ogg")
    write_mood(song, " Fear ")  # another player's spelling
    plain = shutil.copy(real_recordings[2], incoming / "plain.ogg")
    assert main(["library", "sort", str(incoming), "--json", "--music-dir", str(music),
                 "--data-dir", str(tmp_path / "data")]) == 0
    proposals = {p["path"].rsplit("/", 1)[1]: p for p in json.loads(capsys.readouterr().out)["proposals"]}
    tagged = proposals["tagged elsewhere.ogg"]
    assert (tagged["emotion"], tagged["confidence"], tagged["reason"]) == ("fear", 1.0, "its own mood tag says fear")
    assert proposals["plain.ogg"]["emotion"] != "fear"  # the same sound, untagged: the model never proposes fear
    assert os.path.exists(plain)


def test_bad_songs_get_one_line_each_and_odd_but_whole_ones_are_tagged(tmp_path, real_recordings, capsys):
    music = tmp_path / "music"
    for folder in ("happy", "sad", "angry", "neutral"):
        (music / folder).mkdir(parents=True)
    whole = real_recordings[0].read_bytes()
    (music / "angry" / "cut short.ogg").write_bytes(whole[: len(whole) // 3])
    (music / "happy" / "damaged.mp3").write_bytes(b"ID3\x04\x00\x00\x00\x00\x00\x10" + bytes(range(256)) * 12)
    (music / "sad" / "empty.mp3").write_bytes(b"")
    soundfile.write(music / "sad" / "silence.wav", np.zeros(22050 * 5), 22050)
    soundfile.write(music / "neutral" / "a blip.ogg", 0.2 * np.sin(np.arange(2205) / 5), 22050, format="OGG")
    soundfile.write(music / "happy" / "twenty minutes.flac", (0.1 * np.sin(np.arange(8000 * 60 * 20) / 9)).astype("float32"),
                    8000, format="FLAC")
    bad = {"cut short.ogg", "damaged.mp3", "empty.mp3"}
    before = {p.name: p.read_bytes() for p in music.rglob("*.*")}

    assert main(["library", "tag", "--apply", "--music-dir", str(music), "--data-dir", str(tmp_path / "data")]) == 0
    out, err = capsys.readouterr()
    lines = [line for line in err.splitlines() if line]
    assert len(lines) == 3 and all(line.startswith("  not tagged: ") for line in lines)
    assert {name for name in bad if any(name in line for line in lines)} == bad
    assert "3 songs tagged" in out
    for path in music.rglob("*.*"):
        if path.name in bad:
            assert path.read_bytes() == before[path.name]  # left exactly as they were
        else:
            assert read_mood(path) == path.parent.name
    assert _audio(music / "happy" / "twenty minutes.flac") == ((8000 * 60 * 20,), 8000)
    assert not [p for p in music.rglob(".*") if p.is_file()]
