"""The composer (music/generate/composer.py): reproducible, its factors follow valence and arousal, changes glide,
and its phrases move and vary."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from emosymphony.music.generate.composer import (
    GLIDE_PER_BAR, MODES, PHRASE_BARS, PROGRESSIONS, Composer, parameters,
)

GRID = np.linspace(-1, 1, 9)


def notes_of(composer: Composer, targets) -> list[tuple]:
    return [tuple((n.start, n.length, n.channel, n.pitch, n.velocity) for n in composer.next_bar(*t).notes) for t in targets]


def test_the_same_seed_and_targets_give_the_same_music_and_another_seed_other_music():
    targets = [(-0.6, -0.5)] * 20 + [(0.7, 0.8)] * 20
    assert notes_of(Composer(seed=3), targets) == notes_of(Composer(seed=3), targets)
    assert notes_of(Composer(seed=3), targets) != notes_of(Composer(seed=4), targets)


@pytest.mark.parametrize("valence", GRID)
def test_tempo_loudness_density_and_drums_rise_with_arousal_and_notes_get_shorter(valence):
    factors = [parameters(valence, a) for a in GRID]
    for name in ("tempo", "velocity", "density", "drums", "register"):
        values = [getattr(f, name) for f in factors]
        assert values == sorted(values) and values[-1] > values[0], name
    articulation = [f.articulation for f in factors]
    assert articulation == sorted(articulation, reverse=True)
    assert factors[0].tempo == pytest.approx(64) and factors[-1].tempo == pytest.approx(130)


@pytest.mark.parametrize("arousal", GRID)
def test_the_mode_brightens_the_register_rises_and_clashes_fade_as_valence_rises(arousal):
    factors = [parameters(v, arousal) for v in GRID]
    modes = [f.mode for f in factors]
    assert modes == sorted(modes, reverse=True) and MODES[modes[0]][0] == "Phrygian" and MODES[modes[-1]][0] == "Lydian"
    registers = [f.register for f in factors]
    assert registers == sorted(registers) and registers[-1] > registers[0]
    dissonance = [f.dissonance for f in factors]
    assert dissonance == sorted(dissonance, reverse=True)


def test_a_new_target_is_reached_by_gliding_a_little_each_bar():
    composer = Composer(seed=1)
    composer.start_at(-0.8, -0.8)
    bars = [composer.next_bar(0.8, 0.8) for _ in range(14)]
    valences = [-0.8] + [bar.parameters.valence for bar in bars]
    steps = np.diff(valences)
    assert (steps >= 0).all() and steps.max() <= GLIDE_PER_BAR + 1e-9 and (steps[:10] > 0).all()
    assert bars[-1].parameters.valence == pytest.approx(0.8) and bars[-1].parameters.arousal == pytest.approx(0.8)
    tempos = [bar.parameters.tempo for bar in bars]
    assert max(np.diff(tempos)) < 6  # bpm a bar: no jump


def test_phrases_follow_a_progression_that_moves_and_ends_on_a_cadence():
    composer = Composer(seed=2)
    bars = [composer.next_bar(0.5, 0.2) for _ in range(PHRASE_BARS * 12)]
    for start in range(0, len(bars), PHRASE_BARS):
        phrase = bars[start:start + PHRASE_BARS]
        roots = [bar.chord[0] for bar in phrase]
        assert len(set(roots)) >= 3  # the harmony moves
        scale = MODES[phrase[-1].parameters.mode][1]
        last_degree = scale.index((phrase[-1].chord[0] - 48 - phrase[-1].key) % 12)
        assert last_degree in (0, 4)  # a full cadence (I) or a half cadence (V)
    assert all(progression[-1] in (0, 4) for progression in PROGRESSIONS)


def test_no_eight_bar_window_repeats_in_a_long_render():
    composer = Composer(seed=9)
    bars = notes_of(composer, [(-0.5, -0.4)] * 300)  # about 18 minutes of sad music
    windows = [tuple(bars[i:i + PHRASE_BARS]) for i in range(len(bars) - PHRASE_BARS + 1)]
    assert len(set(windows)) == len(windows)
    phrases = [tuple(n for bar in bars[i:i + PHRASE_BARS] for n in bar if n[2] == 0) for i in range(0, 296, PHRASE_BARS)]
    assert len(set(phrases)) == len(phrases)  # every phrase has a melody of its own


def test_every_quadrant_has_its_instruments_and_the_description_names_key_mode_and_tempo():
    programs = {Composer(seed=0).next_bar(v, a).programs for v, a in itertools.product((-0.8, 0.8), repeat=2)}
    assert len(programs) == 4
    composer = Composer(seed=0)
    composer.start_at(-0.7, -0.4)
    bar = composer.next_bar(-0.7, -0.4)
    assert bar.describe() == f"D {bar.mode}, {round(bar.parameters.tempo)} bpm" and bar.mode in ("Aeolian", "Phrygian")
