"""How loud a song is (integrated loudness, ITU-R BS.1770-4 as EBU R128 uses it), and the gain that plays every
song at one level, so that a quiet song after a loud one does not make the listener reach for the volume.

The loudness is measured on the analysis excerpt (all its channels, music/analysis.py): K-weighting (a high shelf of +4 dB
from 1.5 kHz, Q 0.71, and a high-pass at 38 Hz, Q 0.5: RBJ biquads at the excerpt's rate, as pyloudnorm
builds them; a full-scale 997 Hz tone reads -0.06 LUFS at 22,050 Hz, the standard says 0), mean square in 400-ms blocks
overlapping by 75%, the channels' powers summed, blocks under -70 LUFS dropped, then blocks more than 10 LU
under the mean of the rest. A mono signal counts as played on both channels (+3.01 dB). A ReplayGain 2.0 track gain in the file's tags, when present, is used instead (its reference is
-18 LUFS).
"""

from __future__ import annotations

import math

import numpy as np

TARGET_LUFS = -18.0
"""Every song is played as if mastered at this loudness (the ReplayGain 2.0 reference)."""
_BLOCK, _STEP = 0.4, 0.1
_ABSOLUTE_GATE, _RELATIVE_GATE = -70.0, -10.0


def _biquad(kind: str, rate: float, frequency: float, q: float, gain_db: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
    """RBJ cookbook coefficients (b, a) of a high shelf or a high-pass."""
    amplitude = 10 ** (gain_db / 40)
    omega = 2 * math.pi * frequency / rate
    alpha, cos = math.sin(omega) / (2 * q), math.cos(omega)
    if kind == "shelf":
        root = 2 * math.sqrt(amplitude) * alpha
        b = [amplitude * ((amplitude + 1) + (amplitude - 1) * cos + root),
             -2 * amplitude * ((amplitude - 1) + (amplitude + 1) * cos),
             amplitude * ((amplitude + 1) + (amplitude - 1) * cos - root)]
        a = [(amplitude + 1) - (amplitude - 1) * cos + root, 2 * ((amplitude - 1) - (amplitude + 1) * cos),
             (amplitude + 1) - (amplitude - 1) * cos - root]
    else:
        b = [(1 + cos) / 2, -(1 + cos), (1 + cos) / 2]
        a = [1 + alpha, -2 * cos, 1 - alpha]
    return np.array(b) / a[0], np.array(a) / a[0]


def integrated_loudness(samples: np.ndarray, rate: int) -> float:
    """The loudness in LUFS of samples (floats, -1..1) shaped (channels, n), or (n,) for a mono signal played on
    both channels; -inf for silence."""
    from scipy.signal import lfilter

    weighted = np.asarray(samples, dtype=np.float64)
    channels = np.vstack([weighted, weighted]) if weighted.ndim == 1 else weighted
    for kind, frequency, q, gain in (("shelf", 1500.0, 1 / math.sqrt(2), 4.0), ("highpass", 38.0, 0.5, 0.0)):
        channels = lfilter(*_biquad(kind, rate, frequency, q, gain), channels, axis=-1)
    block, step = int(_BLOCK * rate), int(_STEP * rate)
    if channels.shape[-1] < block:
        return -math.inf
    squares = np.cumsum(np.concatenate([np.zeros((len(channels), 1)), channels**2], axis=1), axis=1)
    starts = np.arange(0, channels.shape[-1] - block + 1, step)
    power = ((squares[:, starts + block] - squares[:, starts]) / block).sum(axis=0)  # channels' powers summed
    loudness = -0.691 + 10 * np.log10(np.maximum(power, 1e-20))
    kept = power[loudness > _ABSOLUTE_GATE]
    if not len(kept):
        return -math.inf
    relative = -0.691 + 10 * math.log10(kept.mean()) + _RELATIVE_GATE
    kept = kept[-0.691 + 10 * np.log10(kept) > relative]
    return float(-0.691 + 10 * math.log10(kept.mean()))


def replaygain_loudness(path) -> float | None:
    """The loudness a ReplayGain track gain in the file's tags implies (-18 LUFS minus the gain), or None."""
    import mutagen

    try:
        tags = mutagen.File(path, easy=True)
        text = str((tags.get("replaygain_track_gain") or [""])[0]) if tags is not None and tags.tags is not None else ""
        gain = float(text.lower().replace("db", "").strip())
    except (mutagen.MutagenError, OSError, ValueError, TypeError, AttributeError):
        return None
    return TARGET_LUFS - gain if math.isfinite(gain) and abs(gain) < 60 else None


def level_gain(lufs: float | None, target: float = TARGET_LUFS) -> float:
    """The factor on the amplitude that brings a song of `lufs` to `target` (1 when its loudness is unknown).
    The output multiplies it with the listener's volume and never goes past full scale."""
    if lufs is None or not math.isfinite(lufs):
        return 1.0
    return 10 ** ((target - lufs) / 20)
