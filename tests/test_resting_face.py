"""A listener's resting face: learned from looks, stored per profile and model, applied by detect/watch/listen."""

from __future__ import annotations

import json

import cv2
import numpy as np
import pytest

from helpers import portrait_frame, write_video
from emosymphony.cli import main
from emosymphony.emotions import EMOTIONS
from emosymphony.memory.listener import ListenerMemory
from emosymphony.model.calibration import NEUTRAL, Calibration
from emosymphony.model.resting_face import MAX_OFFSET, MIN_LOOKS, RestingFace, RestingFaceError, learn

CALIBRATION = Calibration(temperature=0.5, neutral_shift=-0.25)


def _looks(ratios: list[float], count: int = 20, jitter: float = 0.05, seed: int = 0) -> np.ndarray:
    """Calibrated probabilities of `count` looks whose raw log-ratios to neutral are `ratios` (plus jitter)."""
    random = np.random.default_rng(seed)
    raw = np.array(ratios, dtype=float)[None, :] + random.normal(0, jitter, (count, len(EMOTIONS)))
    raw[:, NEUTRAL] = 0.0
    probabilities = np.exp(raw) / np.exp(raw).sum(axis=1, keepdims=True)
    return CALIBRATION.apply(probabilities)


def _still(count: int = 20) -> tuple[np.ndarray, np.ndarray]:
    return np.tile([[320.0, 240.0]], (count, 1)), np.full(count, 200.0)


SAD_AT_REST = [-2.0, -3.0, -2.5, -2.0, 0.4, -2.5, 0.0]
"""A resting face the raw model finds a little more sad than neutral."""


def test_a_resting_face_that_reads_sad_reads_neutral_after():
    face = learn(_looks(SAD_AT_REST), *_still(), "model-a", CALIBRATION, 0.5)
    assert face.before[0] == "sad" and face.after[0] == "neutral" and face.looks == 20
    assert face.offsets[EMOTIONS.index("sad")] > 0 and face.offsets[NEUTRAL] == 0.0
    assert all(0.0 <= offset <= MAX_OFFSET for offset in face.offsets)
    # emotions the resting face does not lean toward are never made more likely
    assert face.offsets[EMOTIONS.index("happy")] == 0.0
    calibrated = CALIBRATION.apply(np.exp(np.array(SAD_AT_REST))[None, :] / np.exp(SAD_AT_REST).sum(),
                                   resting=np.array(face.offsets))[0]
    assert EMOTIONS[int(calibrated.argmax())] == "neutral" and calibrated[NEUTRAL] >= 2 * calibrated.max(initial=0,
                                                                                                       where=np.arange(7) != NEUTRAL)


@pytest.mark.parametrize("sensitivity", [0.0, 0.5, 1.0])
@pytest.mark.parametrize("lead", [MAX_OFFSET + 0.05, 2.5, 5.0])
def test_a_clear_expression_never_becomes_neutral(lead, sensitivity):
    """Even a resting face that reads as a strong emotion cannot teach away a clear expression of it."""
    very_sad = [-4.0, -4.0, -4.0, -4.0, 6.0, -4.0, 0.0]
    face = learn(_looks(very_sad), *_still(), "model-a", CALIBRATION, sensitivity)
    assert face.offsets[EMOTIONS.index("sad")] == MAX_OFFSET
    # sad `lead` log-units ahead of neutral at this sensitivity (whose shift lowers neutral by shift_at)
    clear = np.array([-4.0, -4.0, -4.0, -4.0, lead - CALIBRATION.shift_at(sensitivity), -4.0, 0.0])
    probabilities = np.exp(clear)[None, :] / np.exp(clear).sum()
    assert EMOTIONS[int(CALIBRATION.apply(probabilities, sensitivity).argmax())] == "sad"
    after = CALIBRATION.apply(probabilities, sensitivity, resting=np.array(face.offsets))[0]
    assert EMOTIONS[int(after.argmax())] == "sad"


@pytest.mark.parametrize("looks, centres, message", [
    (_looks(SAD_AT_REST, count=MIN_LOOKS - 1), _still(MIN_LOOKS - 1), "only 9 looks with a face"),
    (_looks(SAD_AT_REST), (np.array([[320.0, 240.0]] * 10 + [[520.0, 240.0]] * 10), np.full(20, 200.0)),
     "the face moved too much"),
    (np.vstack([_looks(SAD_AT_REST, 10), _looks([-1, -3, -3, 4.0, -3, -3, 0], 10)]), _still(),
     "the face changed too much"),
])
def test_a_capture_that_cannot_teach_is_refused(looks, centres, message):
    with pytest.raises(RestingFaceError, match=message):
        learn(looks, *centres, "model-a", CALIBRATION, 0.5)


def test_a_stored_resting_face_reads_back_and_damage_is_refused():
    face = learn(_looks(SAD_AT_REST), *_still(), "model-a", CALIBRATION, 0.5)
    assert RestingFace.from_dict(json.loads(json.dumps(face.to_dict()))) == face
    for damaged in ({}, {**face.to_dict(), "offsets": [0.0] * 6}, {**face.to_dict(), "offsets": [9.0] * 7},
                    {**face.to_dict(), "offsets": [0, 0, 0, 0, 0, 0, 1.0]}, {**face.to_dict(), "before": None}):
        with pytest.raises(ValueError, match="not a resting face"):
            RestingFace.from_dict(damaged)


# ----- end to end: the command line on a real face ------------------------------------------------------------


@pytest.fixture
def resting_video(face_photos, tmp_path):
    """A video of a calm face (obama2.jpg) that reads as an emotion (happy, surprise) to a listener who set the
    sensitivity to 0.75."""
    frame = portrait_frame(cv2.imread(str(face_photos["obama2"])))
    return write_video(tmp_path / "rest.avi", [frame] * 90, fps=15)


def _detect(capsys, photo, *options) -> dict[str, float]:
    assert main(["detect", str(photo), "--json", *options]) == 0
    return json.loads(capsys.readouterr().out)[0]["faces"][0]["probabilities"]


def _stored(data):
    memory = ListenerMemory.open(data)
    value = memory.settings().get("resting_face")
    memory.close()
    return value


def test_calibrate_on_a_video_then_detect_reads_the_resting_face_as_calm(resting_video, face_photos, tmp_path, capsys):
    data = ["--data-dir", str(tmp_path / "data")]
    memory = ListenerMemory.open(tmp_path / "data")
    memory.save_settings({"sensitivity": 0.75})  # an expressive setting, at which this calm face reads happy
    memory.close()
    before = _detect(capsys, face_photos["obama2"], *data)
    leaning = max(before, key=before.get)
    assert leaning != "neutral"
    assert main(["calibrate", "--camera", str(resting_video), "--json", *data]) == 0
    taught = json.loads(capsys.readouterr().out)
    assert taught["before"][0] != "neutral" and taught["after"][0] == "neutral" and taught["looks"] >= MIN_LOOKS
    assert f"your resting face read as {taught['before'][0]}" in taught["summary"]
    after = _detect(capsys, face_photos["obama2"], *data)  # a new process would read the same stored face
    assert max(after, key=after.get) == "neutral"
    assert after[leaning] < before[leaning] and after["neutral"] > before["neutral"]
    assert _detect(capsys, face_photos["obama2"], "--no-calibration", *data) == before
    smile = _detect(capsys, face_photos["obama"], *data)
    assert max(smile, key=smile.get) == "happy"  # the same person's clear expression still reads as itself

    stored = _stored(tmp_path / "data")
    memory = ListenerMemory.open(tmp_path / "data")
    memory.save_settings({"resting_face": {**stored, "model": "another-model"}})  # taught for other weights
    memory.close()
    assert main(["detect", str(face_photos["obama2"]), "--json", *data]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out)[0]["faces"][0]["probabilities"] == before and "taught for another emotion model" in err

    assert main(["calibrate", "--reset", *data]) == 0
    assert "forgot the resting face" in capsys.readouterr().out
    assert _stored(tmp_path / "data") is None
    assert _detect(capsys, face_photos["obama2"], *data) == before


def test_calibrate_without_faces_says_so_and_stores_nothing(face_photos, tmp_path, capsys):
    data = ["--data-dir", str(tmp_path / "data")]
    blank = tmp_path / "wall.png"
    cv2.imwrite(str(blank), np.full((240, 320, 3), 128, np.uint8))
    assert main(["calibrate", "--photos", str(blank), str(blank), *data]) == 1
    err = capsys.readouterr().err
    assert "only 0 looks with a face; at least 10 are needed" in err and "wall.png: no face" in err
    empty_room = write_video(tmp_path / "room.avi", [np.full((240, 320, 3), 90, np.uint8)] * 45, fps=15)
    assert main(["calibrate", "--camera", str(empty_room), *data]) == 1
    assert "only 0 looks with a face" in capsys.readouterr().err
    assert _stored(tmp_path / "data") is None
