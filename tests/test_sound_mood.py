"""The folder a sound fits: the prior's rules, and the listener's own sorting winning over them."""

from __future__ import annotations

import random

import pytest

from emosymphony.music.analysis import SoundFeatures
from emosymphony.music.sound_mood import PersonalModel, estimate, leave_one_out, prior


def _song(rng: random.Random, tempo, loudness, onsets, centroid, mode) -> SoundFeatures:
    """A song of a kind: its cues, and a timbre (MFCCs) that the kind shares, each with some spread."""
    jitter = lambda value, spread: value + rng.uniform(-spread, spread)  # noqa: E731
    timbre = random.Random(tempo)
    return SoundFeatures(tempo=jitter(tempo, 5), loudness=jitter(loudness, 1), onset_rate=jitter(onsets, 0.3),
                         flux=jitter(0.95, 0.02), centroid=jitter(centroid, 80), key="C major" if mode > 0 else "A minor",
                         mode=jitter(mode, 0.02), key_clarity=jitter(0.7, 0.02),
                         mfcc_mean=tuple(jitter(timbre.uniform(-20, 20), 2) for _ in range(13)),
                         mfcc_std=tuple(jitter(timbre.uniform(5, 15), 1) for _ in range(13)))


KINDS = {  # tempo, loudness, onsets, centroid, mode
    "pumping": (160, -16, 6.0, 2600, -0.15),
    "gentle": (70, -32, 1.0, 800, -0.2),
    "sunny": (130, -22, 3.5, 2000, 0.25),
}


def test_the_prior_reads_the_classic_cues():
    rng = random.Random(1)
    assert prior(_song(rng, *KINDS["gentle"])).emotion == "sad"
    assert prior(_song(rng, *KINDS["gentle"])).reason.endswith("→ sad")
    assert prior(_song(rng, *KINDS["gentle"])).reason.startswith("slow, soft")
    assert prior(_song(rng, *KINDS["sunny"])).emotion in ("happy", "surprise")
    pumping = prior(_song(rng, *KINDS["pumping"]))
    assert pumping.arousal > 0.4 and pumping.emotion in ("angry", "fear", "surprise", "disgust")


def test_the_listeners_idea_of_a_folder_wins():
    """This listener files pumping minor songs under happy: the personal model follows them, not the rules."""
    rng = random.Random(2)
    listener = {"pumping": "happy", "gentle": "sad", "sunny": "neutral"}
    examples = [(_song(rng, *KINDS[kind]), folder) for kind, folder in listener.items() for _ in range(6)]
    assert PersonalModel.ready([folder for _, folder in examples])
    assert not PersonalModel.ready(["happy"] * 5 + ["sad"] * 5 + ["neutral"] * 4)
    new = _song(rng, *KINDS["pumping"])
    assert prior(new).emotion != "happy"
    guess = estimate(new, PersonalModel(examples))
    assert guess.emotion == "happy" and "like your happy songs" in guess.reason
    personal, by_rules = leave_one_out(examples)
    assert personal == 1.0 and by_rules < 0.7


def test_the_personal_model_is_ready_at_exactly_five_songs_in_three_folders():
    assert PersonalModel.ready(["happy"] * 5 + ["sad"] * 5 + ["neutral"] * 5)
    assert not PersonalModel.ready(["happy"] * 5 + ["sad"] * 5 + ["neutral"] * 4)
    assert not PersonalModel.ready(["happy"] * 9 + ["sad"] * 9)  # two folders are not enough


MIDDLE = SoundFeatures(tempo=115.0, loudness=-24.0, onset_rate=3.0, flux=0.95, centroid=1500.0, key="C major",
                       mode=0.0, key_clarity=0.65, mfcc_mean=(0.0,) * 13, mfcc_std=(1.0,) * 13)
"""A song at every cue's anchor: the centre of the plane."""


@pytest.mark.parametrize("cue, field, higher, arousal, valence", [
    ("loudness", "loudness", -18.0, +1, 0),
    ("tempo", "tempo", 150.0, +1, +1),
    ("onsets", "onset_rate", 5.5, +1, 0),
    ("flux", "flux", 1.2, +1, 0),
    ("brightness", "centroid", 2200.0, 0, +1),
    ("mode", "mode", 0.2, 0, +1),
    ("clarity", "key_clarity", 0.85, 0, +1),
])
def test_each_cue_moves_the_song_its_own_way_and_by_its_own_weight(cue, field, higher, arousal, valence):
    from dataclasses import replace

    from emosymphony.music.sound_mood import AROUSAL_WEIGHTS, SCALE, VALENCE_WEIGHTS, place

    assert place(MIDDLE) == pytest.approx((0.0, 0.0), abs=1e-9)
    moved = place(replace(MIDDLE, **{field: higher}))  # this cue at +1 (one width above its anchor), the others still
    expected = (valence * SCALE * VALENCE_WEIGHTS.get(cue, 0.0), arousal * SCALE * AROUSAL_WEIGHTS.get(cue, 0.0))
    assert moved == pytest.approx(expected, abs=1e-9)
    assert (moved[1] > 0) == (arousal > 0) and (moved[0] > 0) == (valence > 0)


def test_the_prior_is_a_softmax_of_distances_to_the_emotion_points():
    import math
    from dataclasses import replace

    from emosymphony.music.recommend import POINTS
    from emosymphony.music.sound_mood import SPREAD, place

    song = replace(MIDDLE, loudness=-18.0, tempo=150.0, mode=-0.2)  # loud, fast, minor
    estimate_ = prior(song)
    v, a = place(song)
    weights = {e: math.exp(-((v - x) ** 2 + (a - y) ** 2) / SPREAD) for e, (x, y) in POINTS.items()}
    weights["neutral"] += weights.pop("calm")  # calm music goes to the neutral folder
    total = sum(weights.values())
    assert estimate_.probabilities == pytest.approx({e: w / total for e, w in weights.items()})
    assert estimate_.emotion == max(weights, key=weights.get) and estimate_.confidence == pytest.approx(
        max(weights.values()) / total)
    assert (estimate_.valence, estimate_.arousal) == (v, a)
    assert estimate_.reason == f"fast, loud, minor → {estimate_.emotion}"  # equals keep the order of WORDS
    assert prior(MIDDLE).reason == "middling in every way → neutral"


def test_the_reason_names_the_three_strongest_cues_past_a_quarter():
    from dataclasses import replace

    song = replace(MIDDLE, loudness=-24.0 + 6 * 0.25, tempo=115.0 - 35 * 0.9, centroid=1500.0 + 700 * 0.5,
                   onset_rate=3.0 + 2.5 * 0.24, mode=-0.2 * 0.3)
    assert prior(song).reason.split(" → ")[0] == "slow, bright, minor"  # loud at 0.25 is fourth; busy at 0.24 too weak
    assert prior(replace(MIDDLE, loudness=-24.0 + 6 * 0.25)).reason.startswith("loud → ")


def test_the_personal_model_weighs_its_nearest_neighbours_by_closeness():
    rng = random.Random(5)
    examples = [(_song(rng, *KINDS["pumping"]), "happy") for _ in range(5)] + \
               [(_song(rng, *KINDS["gentle"]), "sad") for _ in range(5)] + \
               [(_song(rng, *KINDS["sunny"]), "neutral") for _ in range(5)]
    model = PersonalModel(examples)
    chances = model.probabilities(_song(rng, *KINDS["gentle"]))
    assert sum(chances.values()) == pytest.approx(1.0) and max(chances, key=chances.get) == "sad"
    assert chances["sad"] > 0.9 and set(chances) == {"angry", "disgust", "fear", "happy", "sad", "surprise", "neutral"}
    exact = model.probabilities(examples[0][0])  # a song the listener sorted: its own vote is all but certain
    assert exact["happy"] > 0.99


def test_the_blend_gives_the_listener_three_quarters():
    from emosymphony.music.sound_mood import PERSONAL_WEIGHT

    rng = random.Random(6)
    examples = [(_song(rng, *KINDS[kind]), folder) for kind, folder in
                (("pumping", "happy"), ("gentle", "sad"), ("sunny", "neutral")) for _ in range(5)]
    song = _song(rng, *KINDS["pumping"])
    model = PersonalModel(examples)
    blended = estimate(song, model)
    own, rules = model.probabilities(song), prior(song).probabilities
    assert blended.probabilities == pytest.approx({e: PERSONAL_WEIGHT * own[e] + (1 - PERSONAL_WEIGHT) * rules[e]
                                                   for e in own})
    assert PERSONAL_WEIGHT == 0.75 and blended.confidence == pytest.approx(blended.probabilities["happy"])
