"""The folder a sound fits: the built-in model learned from annotated music, and the listener's own sorting
winning over it."""

from __future__ import annotations

import random

import numpy as np
import pytest

from emosymphony.music.analysis import SoundFeatures
from emosymphony.music.sound_mood import PersonalModel, built_in, estimate, leave_one_out


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


def test_loud_fast_music_reads_aroused_and_soft_slow_music_calm(tmp_path):
    """Real audio, synthesised: bright chords over drum-like hits at 170 bpm, driven hard as loud music is (about
    -12 dB RMS), and soft low minor chords, one every 2.4 s."""
    from helpers import chords, progression, write_clip
    from emosymphony.music.analysis import measure
    from emosymphony.music.sound_mood import place

    rate, rng = 22050, np.random.default_rng(0)
    busy = chords(progression(4) * 2, seconds_each=0.35, level=0.5, rate=rate, harmonics=8)
    beat = int(rate * 60 / 170)
    for start in range(0, len(busy) - 2000, beat):
        busy[start : start + 2000] += rng.normal(0, 1.0, 2000) * np.exp(-np.arange(2000) / 600)
    busy = np.tanh(3 * busy)
    gentle = chords([[48, 51, 55], [46, 50, 53], [44, 48, 51], [43, 47, 50]] * 2, seconds_each=2.4, level=0.04, rate=rate)
    loud, soft = (measure(write_clip(tmp_path / f"{name}.wav", samples, rate))
                  for name, samples in (("loud", busy), ("soft", gentle)))
    assert place(loud)[1] > 0 and built_in(loud).emotion in ("happy", "angry")
    assert place(soft)[1] < 0 and built_in(soft).emotion in ("sad", "neutral")


def test_the_built_in_model_multiplies_valence_and_arousal_and_never_proposes_what_it_never_heard():
    from emosymphony.music.sound_mood import RADIUS, _built_in, place

    model = _built_in()
    for song in (MIDDLE, _song(random.Random(3), *KINDS["pumping"]), _song(random.Random(4), *KINDS["gentle"])):
        guess = built_in(song)
        v, a = model.chances(song)
        assert guess.probabilities["happy"] == pytest.approx(v * a) and guess.probabilities["sad"] == pytest.approx(
            (1 - v) * (1 - a))
        assert guess.probabilities["angry"] == pytest.approx((1 - v) * a)
        assert guess.probabilities["neutral"] == pytest.approx(v * (1 - a))
        assert guess.probabilities["fear"] == guess.probabilities["disgust"] == guess.probabilities["surprise"] == 0.0
        assert place(song) == pytest.approx((RADIUS * (2 * v - 1), RADIUS * (2 * a - 1)))
        assert (guess.valence, guess.arousal) == place(song)


def test_an_ambiguous_sound_is_not_sure_and_names_its_two_closest_folders():
    from emosymphony.music.sound_mood import _built_in

    model = _built_in()
    centre = model.centre
    values = [float(v) for v in centre]
    ambiguous = SoundFeatures(*values[:5], "C major", *values[5:7], tuple(values[7:20]), tuple(values[20:33]))
    guess = built_in(ambiguous)  # the average annotated clip: valence and arousal each about even
    assert not guess.sure and guess.confidence < model.not_sure_below
    assert guess.reason.endswith(f"not sure: {guess.closest[0]} or {guess.closest[1]}")
    ranked = sorted(guess.probabilities, key=guess.probabilities.get, reverse=True)
    assert guess.closest == (ranked[0], ranked[1]) == (guess.emotion, ranked[1])


def test_the_listeners_idea_of_a_folder_wins():
    """This listener files pumping minor songs under happy: the personal model follows them, not the rules."""
    rng = random.Random(2)
    listener = {"pumping": "happy", "gentle": "sad", "sunny": "neutral"}
    examples = [(_song(rng, *KINDS[kind]), folder) for kind, folder in listener.items() for _ in range(6)]
    assert PersonalModel.ready([folder for _, folder in examples])
    assert not PersonalModel.ready(["happy"] * 5 + ["sad"] * 5 + ["neutral"] * 4)
    new = _song(rng, *KINDS["pumping"])
    assert built_in(new).emotion != "happy"
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


def test_the_reason_names_the_three_strongest_cues_past_a_quarter():
    from dataclasses import replace

    song = replace(MIDDLE, loudness=-24.0 + 6 * 0.25, tempo=115.0 - 35 * 0.9, centroid=1500.0 + 700 * 0.5,
                   onset_rate=3.0 + 2.5 * 0.24, mode=-0.2 * 0.3)
    assert built_in(song).reason.split(" → ")[0] == "slow, bright, minor"  # loud at 0.25 is fourth; busy at 0.24 too weak
    assert built_in(replace(MIDDLE, loudness=-24.0 + 6 * 0.25)).reason.startswith("loud → ")
    assert built_in(MIDDLE).reason.startswith("middling in every way → ")


def test_the_personal_model_weighs_its_nearest_neighbours_by_closeness():
    rng = random.Random(5)
    examples = [(_song(rng, *KINDS["pumping"]), "happy") for _ in range(5)] + \
               [(_song(rng, *KINDS["gentle"]), "sad") for _ in range(5)] + \
               [(_song(rng, *KINDS["sunny"]), "neutral") for _ in range(5)]
    model = PersonalModel(examples)
    chances = model.neighbours(_song(rng, *KINDS["gentle"]))
    assert sum(chances.values()) == pytest.approx(1.0) and max(chances, key=chances.get) == "sad"
    assert chances["sad"] > 0.9 and set(chances) == {"angry", "disgust", "fear", "happy", "sad", "surprise", "neutral"}
    exact = model.neighbours(examples[0][0])  # a song the listener sorted: its own vote is all but certain
    assert exact["happy"] > 0.99


def test_the_blend_gives_the_listeners_neighbours_three_quarters_of_the_built_in_model_read_in_their_folders():
    from emosymphony.music.sound_mood import PERSONAL_WEIGHT

    rng = random.Random(6)
    examples = [(_song(rng, *KINDS[kind]), folder) for kind, folder in
                (("pumping", "happy"), ("gentle", "sad"), ("sunny", "neutral")) for _ in range(5)]
    song = _song(rng, *KINDS["pumping"])
    model = PersonalModel(examples)
    blended = estimate(song, model)
    assert model.weight == PERSONAL_WEIGHT  # these neighbours know the listener better than the filing does
    own, filed = model.neighbours(song), model.filed(built_in(song).probabilities)
    assert blended.probabilities == pytest.approx({e: PERSONAL_WEIGHT * own[e] + (1 - PERSONAL_WEIGHT) * filed[e]
                                                   for e in own})
    assert PERSONAL_WEIGHT == 0.75 and blended.confidence == pytest.approx(blended.probabilities["happy"])


def test_the_built_in_model_is_read_in_the_folders_the_listener_files_its_moods_in():
    from emosymphony.music.sound_mood import MAPPING_PRIOR

    rng = random.Random(7)
    examples = [(_song(rng, *KINDS["gentle"]), "neutral") for _ in range(6)]  # what sounds sad, they call neutral
    guesses = ["sad"] * 6
    model = PersonalModel(examples, guesses)
    filed = model.filed({"sad": 0.8, "happy": 0.2})
    assert filed["neutral"] == pytest.approx(0.8 * 6 / (6 + MAPPING_PRIOR))
    assert filed["sad"] == pytest.approx(0.8 * MAPPING_PRIOR / (6 + MAPPING_PRIOR)) and filed["happy"] == pytest.approx(0.2)
    assert sum(filed.values()) == pytest.approx(1.0)
    assert model.filed({"sad": 1.0}, leave_out=0)["neutral"] == pytest.approx(5 / (5 + MAPPING_PRIOR))
