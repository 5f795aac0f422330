"""`library sort`: proposals by sound on real songs, --apply through the safe add, --check."""

from __future__ import annotations

import json
import shutil

from emosymphony.cli import main

from helpers import chords, progression, write_clip


def _tree(tmp_path, real_recordings, untagged_mp3s):
    songs = tmp_path / "to sort"
    (songs / "more").mkdir(parents=True)
    for song in real_recordings[:2]:
        shutil.copy(song, songs / song.name)
    shutil.copy(untagged_mp3s[1], songs / "more" / untagged_mp3s[1].name)
    (songs / "notes.txt").write_text("not a song")
    (songs / "broken.ogg").write_bytes(real_recordings[2].read_bytes()[:50_000])
    return songs


def test_sort_proposes_a_folder_for_each_song_with_a_reason(tmp_path, capsys, real_recordings, untagged_mp3s):
    songs = _tree(tmp_path, real_recordings, untagged_mp3s)
    music, data = tmp_path / "music", tmp_path / "data"
    music.mkdir()
    assert main(["library", "sort", str(songs), "--music-dir", str(music), "--data-dir", str(data), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["personal_model"] is False  # an empty library: the built-in model alone
    by_name = {p["path"].rsplit("/", 1)[1]: p for p in result["proposals"]}
    assert set(by_name) == {real_recordings[0].name, real_recordings[1].name, untagged_mp3s[1].name, "broken.ogg"}
    assert by_name["broken.ogg"]["emotion"] is None and "ends in the middle" in by_name["broken.ogg"]["reason"]
    from emosymphony.music.analysis import measure
    from emosymphony.music.sound_mood import built_in

    for name in (real_recordings[0].name, untagged_mp3s[1].name):
        proposal = by_name[name]
        expected = built_in(measure(proposal["path"]))  # the command proposes what the model says of this very sound
        assert (proposal["emotion"], proposal["reason"]) == (expected.emotion, expected.reason)
        assert proposal["confidence"] == round(expected.confidence, 3) and 0 < proposal["confidence"] <= 1
        assert (proposal["valence"], proposal["arousal"]) == (round(expected.valence, 3), round(expected.arousal, 3))
        assert proposal["sure"] == expected.sure and proposal["closest"] == list(expected.closest)
    assert not any(music.rglob("*.ogg"))  # without --apply nothing is copied


def test_apply_copies_in_and_never_overwrites(tmp_path, capsys, real_recordings, untagged_mp3s):
    songs = _tree(tmp_path, real_recordings, untagged_mp3s)
    music, data = tmp_path / "music", tmp_path / "data"
    arguments = ["library", "sort", str(songs), "--music-dir", str(music), "--data-dir", str(data), "--json"]
    assert main(arguments + ["--apply"]) == 0
    proposals = json.loads(capsys.readouterr().out)["proposals"]
    placed = {p["path"].rsplit("/", 1)[1]: p["emotion"] for p in proposals if p["emotion"]}
    for name, emotion in placed.items():
        assert (music / emotion / name).read_bytes() == (songs / name if (songs / name).exists() else songs / "more" / name).read_bytes()
    mine = music / placed[real_recordings[0].name] / real_recordings[0].name
    mine.write_bytes(b"the listener's own file with that name")
    assert main(arguments + ["--apply"]) == 0
    assert mine.read_bytes() == b"the listener's own file with that name"  # untouched
    assert (mine.parent / f"{mine.stem} (1){mine.suffix}").read_bytes() == real_recordings[0].read_bytes()
    assert all((songs / name).exists() or (songs / "more" / name).exists() for name in placed)  # copies, not moves


def test_check_lists_songs_whose_sound_disagrees_with_their_folder(tmp_path, capsys):
    """A loud, fast, bright piece in a major key sounds happy: filed under sad it is listed, under happy it is not."""
    import numpy as np

    music = tmp_path / "music"
    for folder in ("happy", "sad"):
        (music / folder).mkdir(parents=True)
    lively = chords(progression(4) * 2, 0.35, 0.5, harmonics=8)
    hits = np.random.default_rng(0).normal(0, 1.0, 2000) * np.exp(-np.arange(2000) / 600)
    for start in range(0, len(lively) - 2000, int(22050 * 60 / 170)):
        lively[start : start + 2000] += hits
    write_clip(music / "sad" / "lively.wav", np.tanh(3 * lively))
    write_clip(music / "happy" / "lively too.wav", np.tanh(3 * lively))
    assert main(["library", "sort", "--check", "--music-dir", str(music), "--data-dir", str(tmp_path / "d"), "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(e["path"].rsplit("/", 1)[1], e["folder"], e["emotion"]) for e in listed] == [("lively.wav", "sad", "happy")]
    assert main(["library", "sort", "--check", "some.ogg", "--music-dir", str(music)]) == 1
