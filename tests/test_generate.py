"""`emosymphony generate` and `listen --generate` (issue #34)."""

from __future__ import annotations

import json
import wave

import numpy as np
import pytest

from emosymphony.cli import main
from emosymphony.music.generate.synth import GenerationUnavailable, find_soundfont


@pytest.fixture
def soundfont():
    try:
        return find_soundfont()
    except GenerationUnavailable as error:
        pytest.skip(str(error))


@pytest.mark.parametrize("arguments, problem", [
    (["--mood", "sad", "--seconds", "x"], "argument --seconds: must be a number above 0 and at most 3600, not 'x'"),
    (["--mood", "sad", "--seconds", "0"], "argument --seconds: must be a number above 0 and at most 3600, not '0'"),
    (["--mood", "bored"], "argument --mood: invalid choice: 'bored'"),
    (["--valence", "1.5", "--arousal", "0"], "argument --valence: must be a number from -1 to 1, not '1.5'"),
    (["--valence", "0.5"], "give --mood, or both --valence and --arousal"),
    (["--mood", "sad", "--valence", "0.5", "--arousal", "0"], "give --mood or --valence/--arousal, not both"),
    (["--mood", "sad"], "the following arguments are required: --out"),
])
def test_bad_arguments_get_one_line_and_exit_2(arguments, problem, tmp_path, capsys):
    out = [] if problem.endswith("--out") else ["--out", str(tmp_path / "x.wav")]
    with pytest.raises(SystemExit) as stopped:
        status = main(["generate", *arguments, *out])
        raise SystemExit(status)
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and problem in err and err.startswith("emosymphony generate: ")
    assert not (tmp_path / "x.wav").exists()


def test_generate_writes_the_wav_and_never_overwrites_by_surprise(soundfont, tmp_path, capsys):
    out = tmp_path / "sad.wav"
    assert main(["generate", "--mood", "sad", "--seconds", "3", "--seed", "5", "--out", str(out)]) == 0
    assert "3 s of music generated for sad (seed 5" in capsys.readouterr().out
    with wave.open(str(out)) as written:
        frames = np.frombuffer(written.readframes(written.getnframes()), dtype="<i2")
        assert written.getnframes() == 3 * 44100 and np.abs(frames).max() > 300
    first = out.read_bytes()
    assert main(["generate", "--valence", "0.5", "--arousal", "0.5", "--seconds", "3", "--out", str(out)]) == 1
    assert "exists; pass --force" in capsys.readouterr().err and out.read_bytes() == first
    assert main(["generate", "--mood", "sad", "--seconds", "3", "--seed", "5", "--out", str(out), "--force"]) == 0
    assert out.read_bytes() == first  # the same seed, the same music


def test_an_unwritable_out_gets_one_line(soundfont, tmp_path, capsys):
    blocker = tmp_path / "a file"
    blocker.write_text("x")
    assert main(["generate", "--mood", "happy", "--seconds", "1", "--out", str(blocker / "x.wav")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "cannot write" in err and "x.wav" in err


@pytest.mark.slow
def test_listen_generate_follows_the_face_with_generated_music(soundfont, face_photos, tmp_path, capsys, monkeypatch,
                                                              shipped_model):
    from helpers import portrait_frame, write_tone, write_video
    import cv2

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("SDL_AUDIODRIVER", "disk")
    monkeypatch.setenv("SDL_DISKAUDIOFILE", str(tmp_path / "out.raw"))
    smiling = portrait_frame(cv2.imread(str(face_photos["obama"])))
    video = write_video(tmp_path / "camera.avi", [smiling] * 45, fps=15)
    for emotion in ("happy", "sad"):
        (tmp_path / "music" / emotion).mkdir(parents=True)
        for n in range(6):  # full folders: without --generate, songs would play
            write_tone(tmp_path / "music" / emotion / f"{emotion}{n}.wav", seconds=3, frequency=300 + 20 * n)
    assert main(["listen", "--generate", "--camera", str(video), "--music-dir", str(tmp_path / "music"),
                 "--seconds", "5", "--json"]) == 0
    events = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    starts = [e for e in events if e["event"] == "track"]
    assert starts and all(s["path"] == "generated:happy" for s in starts) and starts[0]["reason"] == "following happy"
    samples = np.frombuffer((tmp_path / "out.raw").read_bytes(), dtype="<i2")
    assert np.abs(samples).max() > 1000  # generated music came out of the (disk) sound device
    assert main(["history", "--json"]) == 0
    plays = json.loads(capsys.readouterr().out)["plays"]
    assert [p["path"] for p in plays] == ["generated:happy"] and plays[0]["ending"] == "interrupted"
