"""A rule-based composer: a valence/arousal point becomes music, decided afresh every bar (no audio here).

The rules follow the research on musical cues to emotion: fast tempo, loud dynamics, dense notes and short
articulation raise activation whatever the valence (Gabrielsson & Lindström 2010); mode weighs most for
valence, then register and consonance (Eerola, Friberg & Bresin 2013); like Morreale & De Angeli's Robin,
the factors are set again at each bar, so the music follows a changing target with no song boundaries.

So that it can be listened to for an hour: 8-bar phrases with a chord progression that moves and ends on a
cadence; a melody built from a motif that is repeated, varied and transposed within the phrase and made new
for every phrase; the key moves now and then. Everything random comes from one seeded generator: the same
seed and the same targets give the same notes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

MODES: tuple[tuple[str, tuple[int, ...]], ...] = (
    ("Lydian", (0, 2, 4, 6, 7, 9, 11)),
    ("Ionian", (0, 2, 4, 5, 7, 9, 11)),
    ("Mixolydian", (0, 2, 4, 5, 7, 9, 10)),
    ("Dorian", (0, 2, 3, 5, 7, 9, 10)),
    ("Aeolian", (0, 2, 3, 5, 7, 8, 10)),
    ("Phrygian", (0, 1, 3, 5, 7, 8, 10)),
)
"""From the brightest to the darkest."""
NOTE_NAMES = ("C", "D♭", "D", "E♭", "E", "F", "F♯", "G", "A♭", "A", "B♭", "B")
BEATS_PER_BAR = 4
PHRASE_BARS = 8
GLIDE_PER_BAR = 0.15
"""How far the music moves toward a new target in one bar, on each axis (a jump across the plane takes ~13 bars)."""
MELODY, HARMONY, BASS, DRUMS = 0, 1, 2, 9
"""MIDI channels (9 is General MIDI's percussion)."""
PROGRESSIONS: tuple[tuple[int, ...], ...] = (
    (0, 5, 3, 4, 0, 3, 4, 0),
    (0, 3, 4, 0, 5, 1, 4, 0),
    (5, 3, 0, 4, 5, 3, 4, 0),
    (0, 4, 5, 2, 3, 0, 3, 4),
    (0, 1, 4, 0, 3, 5, 4, 0),
    (3, 4, 2, 5, 1, 4, 0, 0),
    (0, 5, 1, 4, 2, 5, 4, 0),
    (0, 2, 3, 0, 5, 3, 1, 4),
)
"""Scale degrees, one chord a bar, for an 8-bar phrase; most end V-I (a full cadence), some on V (a half cadence)."""
INSTRUMENTS = {  # General MIDI programs: (melody, harmony, bass)
    "happy": (1, 25, 33),  # bright piano, steel-string guitar, finger bass
    "angry": (30, 61, 34),  # distortion guitar, brass section, picked bass
    "sad": (0, 46, 32),  # piano, harp, acoustic bass
    "calm": (73, 46, 32),  # flute, harp, acoustic bass
}
"""Slow music keeps an instrument with a clear attack on the beat (a harp): soft attacks alone
blur the pulse, and the tempo is no longer heard (nor measured)."""


def _clamp(value: float, low: float = -1.0, high: float = 1.0) -> float:
    return min(max(value, low), high)


@dataclass(frozen=True)
class Parameters:
    """What a bar's music is like, from its valence and arousal (each in -1..1)."""

    valence: float
    arousal: float
    tempo: float
    """Beats per minute, 64 (calmest) to 130."""
    mode: int
    """Index into MODES: 0 (Lydian, brightest) to 5 (Phrygian)."""
    register: int
    """The melody's central MIDI note."""
    density: float
    """Melody notes a beat, 0.5 to 4."""
    velocity: int
    """MIDI loudness of the melody (the others follow it)."""
    articulation: float
    """How much of its time a note sounds: legato near 1, staccato near 0.4."""
    dissonance: float
    """0 (consonant triads) to 1 (clusters and tritones): rises as valence falls and arousal rises."""
    drums: float
    """0 (none) to 1 (a full kit, sixteenth notes)."""

    @property
    def quadrant(self) -> str:
        if self.arousal >= 0:
            return "happy" if self.valence >= 0 else "angry"
        return "calm" if self.valence >= 0 else "sad"


def parameters(valence: float, arousal: float) -> Parameters:
    """The musical factors for a point on the valence/arousal plane (each factor monotonic in its cue)."""
    valence, arousal = _clamp(valence), _clamp(arousal)
    active, bright = (arousal + 1) / 2, (valence + 1) / 2
    return Parameters(
        valence=valence,
        arousal=arousal,
        tempo=64.0 + 66.0 * active,
        mode=min(len(MODES) - 1, int((1 - bright) * (len(MODES) - 1) + 0.9)),  # Lydian only at the very top
        register=60 + int(round(6 * valence + 5 * arousal)),
        density=0.5 * 2 ** (3 * active),
        velocity=int(round(_clamp(38 + 62 * active + 8 * valence, 25, 112))),
        articulation=0.95 - 0.55 * active,
        dissonance=max(0.0, -valence) * max(0.0, arousal),
        drums=max(0.0, arousal),
    )


@dataclass(frozen=True)
class Note:
    """One note of a bar: start and length in beats from the bar's start (a note may sound past its bar)."""

    start: float
    length: float
    channel: int
    pitch: int
    velocity: int


@dataclass(frozen=True)
class Bar:
    """One bar of music and what it was composed as."""

    number: int
    key: int
    """The tonic's pitch class (0 = C)."""
    parameters: Parameters
    chord: tuple[int, ...]
    notes: tuple[Note, ...]
    programs: tuple[int, int, int]
    """The General MIDI programs of melody, harmony and bass."""

    @property
    def seconds(self) -> float:
        return BEATS_PER_BAR * 60.0 / self.parameters.tempo

    @property
    def mode(self) -> str:
        return MODES[self.parameters.mode][0]

    def describe(self) -> str:
        """In words, e.g. "D Dorian, 72 bpm"."""
        return f"{NOTE_NAMES[self.key]} {self.mode}, {round(self.parameters.tempo)} bpm"


@dataclass
class _Phrase:
    progression: tuple[int, ...]
    rhythm: list[float]
    contour: list[int]
    programs: tuple[int, int, int]


@dataclass
class Composer:
    """Bars one after another, each composed for the point the music has glided to (see `next_bar`)."""

    seed: int = 0
    valence: float = 0.0
    arousal: float = 0.0
    """Where the music is now; it moves toward each bar's target by at most GLIDE_PER_BAR."""
    bar_number: int = 0
    key: int = 2
    _random: np.random.Generator = field(init=False, repr=False)
    _phrase: _Phrase | None = field(init=False, default=None, repr=False)
    _last_pitch: int = field(init=False, default=0, repr=False)

    def __post_init__(self) -> None:
        self._random = np.random.default_rng(self.seed)

    def start_at(self, valence: float, arousal: float) -> None:
        """Begin at this point with no glide (the listener's mood when the music starts: the iso principle)."""
        self.valence, self.arousal = _clamp(valence), _clamp(arousal)

    def next_bar(self, valence: float, arousal: float) -> Bar:
        """The next bar, moving from where the music is toward the target (valence, arousal)."""
        self.valence += _clamp(_clamp(valence) - self.valence, -GLIDE_PER_BAR, GLIDE_PER_BAR)
        self.arousal += _clamp(_clamp(arousal) - self.arousal, -GLIDE_PER_BAR, GLIDE_PER_BAR)
        settings = parameters(self.valence, self.arousal)
        position = self.bar_number % PHRASE_BARS
        if position == 0 or self._phrase is None:
            self._new_phrase(settings)
        phrase = self._phrase
        scale = MODES[settings.mode][1]
        degree = phrase.progression[position]
        chord = self._chord(scale, degree, settings)
        notes = [*self._melody(scale, degree, position, settings), *self._harmony(chord, settings),
                 *self._bass(chord, settings), *self._drums(position, settings)]
        bar = Bar(self.bar_number, self.key, settings, tuple(chord), tuple(notes), phrase.programs)
        self.bar_number += 1
        return bar

    # ----- one phrase ------------------------------------------------------------------------------

    def _new_phrase(self, settings: Parameters) -> None:
        if self.bar_number and self._random.random() < 0.3:  # now and then the key moves a fourth or a fifth
            self.key = (self.key + int(self._random.choice((5, 7)))) % 12
        progression = PROGRESSIONS[int(self._random.integers(len(PROGRESSIONS)))]
        self._phrase = _Phrase(progression, self._rhythm(settings.density), self._contour(), INSTRUMENTS[settings.quadrant])

    def _rhythm(self, density: float) -> list[float]:
        """Onsets (in beats) of a one-bar motif: about `density` notes a beat, on a grid of eighths or sixteenths."""
        step = 0.25 if density > 2.5 else 0.5 if density > 1.0 else 1.0  # slow music keeps to the beat
        slots = np.arange(0, BEATS_PER_BAR, step)
        count = int(np.clip(round(density * BEATS_PER_BAR * self._random.uniform(0.7, 1.0)), 2, len(slots)))
        chosen = self._random.choice(len(slots) - 1, size=count - 1, replace=False) + 1
        return sorted([0.0, *slots[chosen].tolist()])

    def _contour(self) -> list[int]:
        """Scale steps between the motif's notes: mostly steps, some leaps."""
        return [int(self._random.choice((-2, -1, -1, 0, 1, 1, 2, 3, -3))) for _ in range(16)]

    # ----- the voices --------------------------------------------------------------------------------

    def _chord(self, scale: tuple[int, ...], degree: int, settings: Parameters) -> list[int]:
        """Pitches of the bar's chord around middle C: a triad, a seventh when bright, a clash when dissonant."""
        def tone(step: int) -> int:
            return 48 + self.key + scale[(degree + step) % 7] + 12 * ((degree + step) // 7)

        chord = [tone(0), tone(2), tone(4)]
        if settings.valence > 0.3 or self._random.random() < 0.25:
            chord.append(tone(6))
        if settings.dissonance > 0.15:  # a minor second, then a tritone too
            chord.append(chord[0] + 1)
            if settings.dissonance > 0.45:
                chord.append(chord[0] + 6)
        return chord

    def _melody(self, scale: tuple[int, ...], degree: int, position: int, settings: Parameters) -> list[Note]:
        phrase = self._phrase
        rhythm, contour = phrase.rhythm, phrase.contour
        if position in (2, 6):  # the motif answered: inverted
            contour = [-step for step in contour]
        shift = {4: 1, 5: 1, 6: 2}.get(position, 0)  # the second half a step higher
        allowed = [self.key + s + 12 * octave for octave in range(2, 9) for s in scale]
        root = min(allowed, key=lambda p: abs(p - (settings.register + 2 * shift)) + (0 if (p - self.key) % 12 ==
                   scale[degree % 7] else 0.5))
        index = allowed.index(root)
        if position in (3, 7):  # cadence bars: fewer notes, the last held long
            rhythm = rhythm[: max(1, len(rhythm) // 3)]
        notes = []
        for number, start in enumerate(rhythm):
            index = int(np.clip(index + (contour[number % len(contour)] if number else 0), 0, len(allowed) - 1))
            if abs(allowed[index] - settings.register) > 9:  # stay in the register: turn back
                index += -2 if allowed[index] > settings.register else 2
                index = int(np.clip(index, 0, len(allowed) - 1))
            following = rhythm[number + 1] if number + 1 < len(rhythm) else BEATS_PER_BAR
            length = (following - start) * (settings.articulation if number + 1 < len(rhythm) else 1.0)
            accent = 8 if start % 2 == 0 else 0
            velocity = int(np.clip(settings.velocity + accent + self._random.integers(-6, 7), 20, 120))
            pitch = allowed[index]
            if number and self._random.random() < 0.6 * settings.dissonance:  # a chromatic clash
                pitch += int(self._random.choice((-1, 1)))
            notes.append(Note(start, max(length, 0.12), MELODY, pitch, velocity))
        return notes

    def _harmony(self, chord: list[int], settings: Parameters) -> list[Note]:
        velocity = int(np.clip(settings.velocity * 0.72, 18, 100))
        if settings.arousal < 0.35:  # the chord broken, one tone a beat, each let ring (calmer: longer)
            order = [chord[0], chord[2], chord[1], chord[-1]]
            ring = 2.0 if settings.arousal < -0.2 else 1.2
            return [Note(float(beat), ring, HARMONY, p, velocity) for beat, p in enumerate(order)]
        hits = (0.0, 1.0, 1.5, 2.5, 3.0) if settings.arousal > 0.7 else (0.0, 1.0, 2.0, 3.0)
        return [Note(beat, 0.45 * settings.articulation + 0.1, HARMONY, p, velocity) for beat in hits for p in chord]

    def _bass(self, chord: list[int], settings: Parameters) -> list[Note]:
        root = chord[0] - 12
        velocity = int(np.clip(settings.velocity * 0.85, 20, 110))
        if settings.arousal < -0.3:  # slow music: root and fifth on every beat, so the pulse stays clear
            return [Note(float(beat), 0.95, BASS, root + (0 if beat % 2 == 0 else 7), velocity) for beat in range(4)]
        if settings.arousal < 0.4:
            return [Note(0.0, 1.8, BASS, root, velocity), Note(2.0, 1.8, BASS, root + 7, velocity - 6)]
        return [Note(beat / 2, 0.4, BASS, root + (12 if beat % 4 == 3 else 0), velocity) for beat in range(8)]

    def _drums(self, position: int, settings: Parameters) -> list[Note]:
        level = settings.drums
        if level < 0.12:
            return []
        velocity = int(np.clip(50 + 60 * level, 30, 118))
        notes = [Note(0.0, 0.25, DRUMS, 36, velocity), Note(2.0, 0.25, DRUMS, 36, velocity - 8)]
        if level > 0.35:
            notes += [Note(1.0, 0.25, DRUMS, 38, velocity - 5), Note(3.0, 0.25, DRUMS, 38, velocity - 5)]
        if level > 0.25:
            step = 0.25 if level > 0.75 else 0.5
            notes += [Note(float(t), 0.1, DRUMS, 42, velocity - 25 + (8 if t % 1 == 0 else 0))
                      for t in np.arange(0, BEATS_PER_BAR, step)]
        if position == 0 and level > 0.5:
            notes.append(Note(0.0, 1.0, DRUMS, 49, velocity - 10))
        if position == PHRASE_BARS - 1 and level > 0.4:  # a fill into the next phrase
            notes += [Note(3.0 + k * 0.25, 0.2, DRUMS, 45 + 2 * k, velocity - 12) for k in range(4)]
        return notes

