"""A song's sound in a few numbers, from a 30-second excerpt; cached by the file's content.

Features (all from the excerpt, resampled to 22,050 Hz mono; the signal maths is in `spectral.py`):
- tempo (beats per minute, from the onset envelope's autocorrelation);
- loudness (mean RMS level, dB below full scale);
- onset rate (note or drum onsets per second) and spectral flux (mean onset strength);
- spectral centroid (Hz: brightness);
- key, mode and key clarity: the mean chroma correlated with the Krumhansl-Kessler major and minor
  key profiles (C. L. Krumhansl, "Cognitive Foundations of Musical Pitch", 1990); `mode` is the best
  major correlation minus the best minor one (above 0: sounds major), `key_clarity` the best of both;
- MFCC means and standard deviations (13 each: timbre).

The features were first computed with librosa 0.11; `spectral.py` computes the same numbers with NumPy
and SciPy (the same figures as librosa's on the shared clips and Debian songs compared, benchmarks/RESULTS.md) and saves the 280 MB
that librosa, numba and scikit-learn added to the install. Decoding is libsndfile's (soundfile: WAV,
FLAC, Ogg Vorbis, MP3), reading only the excerpt.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import warnings
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Callable, Iterable

import numpy as np

from ..errors import EmosymphonyError, os_problem, shown
from ..files import open_regular
from ..memory.tracks import storable
from . import spectral
from .loudness import integrated_loudness, replaygain_loudness
from .tags import TagError, read_tags

SAMPLE_RATE = 22050
EXCERPT_SECONDS = 30.0
EXCERPT_START = 0.3
"""The excerpt starts this far into the song (past the intro), or earlier when the song is short."""
SHORTEST_SECONDS = 3.0
FEATURES_VERSION = 2
"""Raised when the features change: cached results of another version are computed again."""
N_MFCC = 13
NOTES = ("C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B")
_MAJOR = np.array([6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88])
_MINOR = np.array([6.33, 2.68, 3.52, 5.38, 2.60, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17])


class AnalysisError(EmosymphonyError):
    """A song whose sound cannot be analysed (damaged, cut short, silent, not audio)."""


@dataclass(frozen=True)
class SoundFeatures:
    """What a song sounds like, in numbers (see the module docstring)."""

    tempo: float
    loudness: float
    onset_rate: float
    flux: float
    centroid: float
    key: str
    mode: float
    key_clarity: float
    mfcc_mean: tuple[float, ...]
    mfcc_std: tuple[float, ...]
    integrated_loudness: float = -math.inf
    """LUFS (music/loudness.py): what levelling plays every song at the same level by; not a mood feature."""

    def vector(self) -> np.ndarray:
        """The numbers as one vector, for a classifier (the key's name left out)."""
        return np.array([self.tempo, self.loudness, self.onset_rate, self.flux, self.centroid, self.mode,
                         self.key_clarity, *self.mfcc_mean, *self.mfcc_std], dtype=float)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "SoundFeatures":
        """Features from `to_dict`'s form; ValueError (or TypeError, KeyError) for anything else."""
        if not isinstance(data, dict) or set(data) != {f.name for f in fields(cls)}:
            raise ValueError("not a set of sound features")
        values = {name: float(data[name]) for name in ("tempo", "loudness", "onset_rate", "flux", "centroid",
                                                       "mode", "key_clarity", "integrated_loudness")}
        mfccs = {name: tuple(float(v) for v in data[name]) for name in ("mfcc_mean", "mfcc_std")}
        if any(len(v) != N_MFCC for v in mfccs.values()) or not isinstance(data["key"], str):
            raise ValueError("not a set of sound features")
        if not all(math.isfinite(v) for v in (*values.values(), *mfccs["mfcc_mean"], *mfccs["mfcc_std"])):
            raise ValueError("sound features must be finite numbers")
        return cls(key=data["key"], **values, **mfccs)


def features_of(channels: np.ndarray, rate: int = SAMPLE_RATE) -> SoundFeatures:
    """The features of samples (floats in -1..1) at `rate` Hz, shaped (channels, n), or (n,) for mono: the mood
    features of their mix, the loudness of all channels."""
    samples = channels if channels.ndim == 1 else channels.mean(axis=0)

    spectrum = spectral.magnitude_spectrogram(samples)
    mel = spectral.mel_filters(rate) @ spectrum**2
    envelope = spectral.onset_envelope(spectral.power_to_db(mel, reference=float(mel.max())))
    seconds = len(samples) / rate
    onsets = spectral.onset_frames(envelope, rate)
    chroma = spectral.chroma(spectrum**2, rate).mean(axis=1)
    major = [_correlation(chroma, np.roll(_MAJOR, k)) for k in range(12)]
    minor = [_correlation(chroma, np.roll(_MINOR, k)) for k in range(12)]
    best_major, best_minor = int(np.argmax(major)), int(np.argmax(minor))
    key = f"{NOTES[best_major]} major" if major[best_major] >= minor[best_minor] else f"{NOTES[best_minor]} minor"
    mfcc = spectral.mfcc(spectral.power_to_db(mel), N_MFCC)
    return SoundFeatures(
        tempo=round(spectral.tempo(envelope, rate), 2),
        loudness=round(20 * math.log10(float(spectral.rms(spectrum).mean()) + 1e-9), 2),
        onset_rate=round(len(onsets) / seconds, 3),
        flux=round(float(envelope.mean()), 4),
        centroid=round(float(spectral.centroid(spectrum, rate).mean()), 1),
        key=key,
        mode=round(major[best_major] - minor[best_minor], 4),
        key_clarity=round(max(major[best_major], minor[best_minor]), 4),
        mfcc_mean=tuple(round(float(v), 3) for v in mfcc.mean(axis=1)),
        mfcc_std=tuple(round(float(v), 3) for v in mfcc.std(axis=1)),
        integrated_loudness=round(integrated_loudness(channels, rate), 2),
    )


def _correlation(a: np.ndarray, b: np.ndarray) -> float:
    if a.std() == 0:
        return 0.0
    return float(np.corrcoef(a, b)[0, 1])


def read_excerpt(path: str | Path) -> np.ndarray:
    """The excerpt's samples, (channels, n) at SAMPLE_RATE (a mono file gives one channel); AnalysisError when
    the file cannot give them."""
    import soundfile

    try:
        read_tags(Path(path))  # the library's own check: whole audio, not cut short
    except TagError as error:
        raise AnalysisError(f"{shown(path)}: {error}") from None
    try:
        info = soundfile.info(str(path))
    except OSError as error:
        raise AnalysisError(f"{shown(path)}: {os_problem(error)}") from None
    except RuntimeError:  # soundfile's LibsndfileError: no decoder understands the file
        raise AnalysisError(f"{shown(path)}: cannot be decoded (damaged, or not audio)") from None
    duration = info.frames / info.samplerate if info.samplerate else 0.0
    if duration < SHORTEST_SECONDS:
        raise AnalysisError(f"{shown(path)}: too short to analyse ({duration:.1f} s)")
    length = min(EXCERPT_SECONDS, duration)
    start = min(duration * EXCERPT_START, duration - length)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            frames, _ = soundfile.read(str(path), start=int(start * info.samplerate),
                                       frames=int(length * info.samplerate), dtype="float32", always_2d=True)
    except Exception as error:  # noqa: BLE001 - decoders raise many kinds; all mean the same to the listener
        raise AnalysisError(f"{shown(path)}: cannot be decoded ({type(error).__name__}: damaged, or not audio)") from None
    samples = resampled(frames.T, info.samplerate)
    samples = np.atleast_2d(samples)
    if samples.shape[1] < 0.9 * length * SAMPLE_RATE:
        raise AnalysisError(f"{shown(path)}: ends early ({samples.shape[1] / SAMPLE_RATE:.1f} s of the "
                            f"{length:.0f} s expected): damaged or cut short")
    if float(np.abs(samples).max(initial=0.0)) < 1e-4:
        raise AnalysisError(f"{shown(path)}: silent")
    return samples


def resampled(channels: np.ndarray, rate: int) -> np.ndarray:
    """Channels (channels, n) at `rate` Hz brought to SAMPLE_RATE (polyphase filter, Kaiser window)."""
    if rate == SAMPLE_RATE:
        return channels
    from scipy.signal import resample_poly

    common = math.gcd(rate, SAMPLE_RATE)
    return resample_poly(channels, SAMPLE_RATE // common, rate // common, axis=1).astype(np.float32)


def content_hash(path: str | Path) -> str:
    """The SHA-256 of the file's bytes: a song keeps its analysis when it is renamed or its tags are moved."""
    digest = hashlib.sha256()
    try:
        descriptor = open_regular(path, "a song")  # a named pipe or a device is refused, never read
    except EmosymphonyError as error:
        raise AnalysisError(str(error)) from None
    try:
        with open(descriptor, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except OSError as error:
        raise AnalysisError(f"{shown(path)}: {os_problem(error)}") from None
    return digest.hexdigest()


class SoundCache:
    """Analysed songs by content hash, in the listening memory's database (with each file's hash kept
    by path and identity: size, modification time, inode and status-change time. A song rewritten in
    place with its size and modification time restored still has a new status-change time, so its
    content is hashed again). A cached entry that does not read back as features is analysed again."""

    def __init__(self, connection):
        self.connection = connection
        self.notes: list[str] = []
        """Damaged cached analyses met (each is analysed again), said once each."""

    def digest(self, path: str | Path) -> str:
        """The content hash of a file, read again only when its identity (see the class) changed."""
        try:
            status = os.stat(path)
        except OSError as error:
            raise AnalysisError(f"{shown(path)}: {os_problem(error)}") from None
        key = storable(os.path.abspath(path))
        row = self.connection.execute(
            "SELECT hash FROM sound_files WHERE path = ? AND size = ? AND mtime = ? AND inode = ? AND ctime = ?",
            (key, *_identity(status))).fetchone()
        if row:
            return row[0]
        digest = content_hash(path)
        self.connection.execute(
            "INSERT OR REPLACE INTO sound_files(path, size, mtime, inode, ctime, hash) VALUES (?, ?, ?, ?, ?, ?)",
            (key, *_identity(status), digest))
        return digest

    def known(self, path: str | Path) -> SoundFeatures | None:
        """The cached features of a file analysed before at this path, unchanged since; else None.
        Reads neither the file nor its sound (fast enough for a whole library at start-up)."""
        try:
            status = os.stat(path)
        except OSError:
            return None
        row = self.connection.execute(
            "SELECT hash, features FROM sound_files JOIN sounds USING (hash) WHERE path = ? AND size = ? AND mtime = ? "
            "AND inode = ? AND ctime = ? AND version = ?",
            (storable(os.path.abspath(path)), *_identity(status), FEATURES_VERSION)).fetchone()
        return self._read(*row) if row else None

    def get(self, digest: str) -> SoundFeatures | None:
        row = self.connection.execute("SELECT hash, features FROM sounds WHERE hash = ? AND version = ?",
                                      (digest, FEATURES_VERSION)).fetchone()
        return self._read(*row) if row else None

    def put(self, digest: str, features: SoundFeatures) -> None:
        self.connection.execute("INSERT OR REPLACE INTO sounds(hash, version, features) VALUES (?, ?, ?)",
                                (digest, FEATURES_VERSION, json.dumps(features.to_dict())))

    def _read(self, digest: str, text: str) -> SoundFeatures | None:
        """Cached features, checked; a damaged entry is dropped (and analysed again) with a note."""
        try:
            return SoundFeatures.from_dict(json.loads(text))
        except (TypeError, ValueError, KeyError, AttributeError, RecursionError):
            self.connection.execute("DELETE FROM sounds WHERE hash = ?", (digest,))
            self.notes.append(f"a damaged cached analysis was dropped (song {digest[:12]}); it is analysed again")
            return None


def _identity(status: os.stat_result) -> tuple[int, float, int, float]:
    return status.st_size, status.st_mtime, status.st_ino, status.st_ctime


def analyse(path: str | Path, cache: SoundCache | None = None) -> SoundFeatures:
    """The features of one song (from the cache when its content was analysed before)."""
    digest = cache.digest(path) if cache is not None else ""
    found = cache.get(digest) if cache is not None else None
    if found is not None:
        return found
    features = measure(path)
    if cache is not None:
        cache.put(digest, features)
    return features


def measure(path: str | Path) -> SoundFeatures:
    """Decode the excerpt and compute its features (no cache): what a worker process runs. A ReplayGain track
    gain in the tags gives the song's loudness, when there is one."""
    features = features_of(read_excerpt(path))
    tagged = replaygain_loudness(path)
    return features if tagged is None else replace(features, integrated_loudness=round(tagged, 2))


def analyse_all(paths: Iterable[str | Path], cache: SoundCache | None = None,
                progress: Callable[[int, int], None] | None = None) -> tuple[dict[str, SoundFeatures], list[tuple[str, str]]]:
    """Analyse songs one by one: (features by path, [(path, why it failed)]); one bad song never stops the others."""
    paths = [str(p) for p in paths]
    done: dict[str, SoundFeatures] = {}
    failed: list[tuple[str, str]] = []
    for number, path in enumerate(paths, start=1):
        try:
            done[path] = analyse(path, cache)
        except AnalysisError as error:
            failed.append((path, str(error)))
        if progress is not None:
            progress(number, len(paths))
    return done, failed
