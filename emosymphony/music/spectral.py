"""The signal maths behind a song's features, in NumPy and SciPy: spectrogram, mel and chroma filter banks,
onset envelope and peaks, tempo, MFCCs. Each function follows librosa 0.11's definition with its default
settings (Slaney mel scale, periodic Hann window, centred frames), so the features mean what the
literature's do; the package carries no librosa, numba or scikit-learn (about 280 MB of install)."""

from __future__ import annotations

import math

import numpy as np

N_FFT = 2048
HOP = 512
N_MELS = 128
TOP_DB = 80.0
_AMIN = 1e-10
_TINY = np.finfo(np.float64).tiny


def magnitude_spectrogram(samples: np.ndarray) -> np.ndarray:
    """|STFT| of mono samples, (1 + N_FFT/2, frames): centred frames (zero padded), periodic Hann window."""
    padded = np.pad(samples.astype(np.float64), N_FFT // 2)
    frames = np.lib.stride_tricks.sliding_window_view(padded, N_FFT)[::HOP]
    window = 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(N_FFT) / N_FFT)
    return np.abs(np.fft.rfft(frames * window, axis=-1)).T


def _hz_to_mel(hz: np.ndarray) -> np.ndarray:
    """Slaney's mel scale: linear below 1 kHz, logarithmic above."""
    hz = np.asarray(hz, dtype=float)
    linear = hz / (200.0 / 3)
    logarithmic = 15.0 + np.log(np.maximum(hz, 1e-9) / 1000.0) / (math.log(6.4) / 27.0)
    return np.where(hz >= 1000.0, logarithmic, linear)


def _mel_to_hz(mel: np.ndarray) -> np.ndarray:
    mel = np.asarray(mel, dtype=float)
    return np.where(mel >= 15.0, 1000.0 * np.exp((math.log(6.4) / 27.0) * (mel - 15.0)), mel * (200.0 / 3))


def mel_filters(rate: int) -> np.ndarray:
    """Triangular mel filters (N_MELS, 1 + N_FFT/2), 0 Hz to Nyquist, each normalised to unit area (Slaney)."""
    bins = np.fft.rfftfreq(N_FFT, 1.0 / rate)
    edges = _mel_to_hz(np.linspace(_hz_to_mel(0.0), _hz_to_mel(rate / 2.0), N_MELS + 2))
    widths = np.diff(edges)
    ramps = edges[:, None] - bins[None, :]
    lower = -ramps[:-2] / widths[:-1, None]
    upper = ramps[2:] / widths[1:, None]
    weights = np.maximum(0.0, np.minimum(lower, upper))
    return weights * (2.0 / (edges[2:] - edges[:-2]))[:, None]


def chroma_filters(rate: int) -> np.ndarray:
    """Gaussian bumps mapping spectrum bins to the 12 pitch classes (12, 1 + N_FFT/2), starting at C, weighted
    toward the octaves around C5 (centre 5, width 2 octaves), as librosa's chroma filter bank at tuning 0."""
    frequencies = np.linspace(0, rate, N_FFT, endpoint=False)[1:]
    bins = 12 * np.log2(frequencies / (440.0 / 16))
    bins = np.concatenate(([bins[0] - 18.0], bins))
    widths = np.concatenate((np.maximum(np.diff(bins), 1.0), [1.0]))
    distance = np.subtract.outer(bins, np.arange(12.0)).T
    distance = np.remainder(distance + 6.0 + 120.0, 12) - 6.0
    weights = np.exp(-0.5 * (2 * distance / widths[None, :]) ** 2)
    weights /= np.maximum(np.sqrt((weights**2).sum(axis=0, keepdims=True)), _TINY)
    weights *= np.exp(-0.5 * ((bins / 12 - 5.0) / 2.0) ** 2)[None, :]
    return np.roll(weights, -3, axis=0)[:, : N_FFT // 2 + 1]


def power_to_db(power: np.ndarray, reference: float = 1.0) -> np.ndarray:
    """Decibels relative to `reference`, floored TOP_DB below the loudest value."""
    db = 10.0 * np.log10(np.maximum(_AMIN, power)) - 10.0 * math.log10(max(_AMIN, reference))
    return np.maximum(db, db.max() - TOP_DB)


def onset_envelope(db_mel: np.ndarray) -> np.ndarray:
    """Onset strength per frame: the mean rise of each mel band's level from the frame before, shifted so
    that a rise lands where the sound starts (centred frames)."""
    rise = np.maximum(0.0, np.diff(db_mel, axis=1)).mean(axis=0)
    return np.pad(rise, (1 + N_FFT // (2 * HOP), 0))[: db_mel.shape[1]]


def onset_frames(envelope: np.ndarray, rate: int) -> np.ndarray:
    """Frames where a note or beat starts: local maxima of the normalised envelope that stand 0.07 above the
    mean around them (30 ms before to 0 after for the maximum, 100 ms each side for the mean), 30 ms apart."""
    env = envelope - envelope.min()
    if not env.any():
        return np.zeros(0, dtype=int)
    env = env / (env.max() + _TINY)
    pre_max, post_max = math.ceil(0.03 * rate // HOP), math.ceil(0.0 * rate // HOP + 1)
    pre_avg, post_avg = math.ceil(0.10 * rate // HOP), math.ceil(0.10 * rate // HOP + 1)
    wait = math.ceil(0.03 * rate // HOP)
    n = len(env)
    peaks, last = [], -math.inf
    for i in range(n):
        if env[i] != env[max(0, i - pre_max):min(n, i + post_max)].max():
            continue
        if env[i] < env[max(0, i - pre_avg):min(n, i + post_avg)].mean() + 0.07:
            continue
        if i > last + wait:
            peaks.append(i)
            last = i
    return np.array(peaks, dtype=int)


def tempo(envelope: np.ndarray, rate: int) -> float:
    """Beats per minute: the autocorrelation of the onset envelope in 8-s Hann windows, averaged over the
    excerpt, weighted by a log-normal prior around 120 bpm (one octave wide), at most 320 bpm."""
    length = int(8.0 * rate / HOP)
    padded = np.pad(envelope, length // 2, mode="linear_ramp", end_values=(0, 0))
    frames = np.lib.stride_tricks.sliding_window_view(padded, length).T
    window = 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(length) / length)
    size = 1 << (2 * length - 1).bit_length()  # zero padding past 2 * length - 1 leaves the lags unchanged
    spectrum = np.fft.rfft(frames * window[:, None], n=size, axis=0)
    correlation = np.fft.irfft(np.abs(spectrum) ** 2, n=size, axis=0)[:length]
    peak = np.abs(correlation).max(axis=0, keepdims=True)
    correlation = np.where(peak > _TINY, correlation / np.where(peak > _TINY, peak, 1.0), correlation)
    mean = correlation.mean(axis=1)
    with np.errstate(divide="ignore"):
        bpms = 60.0 * rate / (HOP * np.arange(length, dtype=float))
    log_prior = -0.5 * ((np.log2(bpms[1:]) - math.log2(120.0)) / 1.0) ** 2
    log_prior = np.concatenate(([-np.inf], log_prior))
    log_prior[: int(np.argmax(bpms < 320.0))] = -np.inf
    return float(bpms[int(np.argmax(np.log1p(1e6 * mean) + log_prior))])


def mfcc(db_mel: np.ndarray, count: int) -> np.ndarray:
    """Mel-frequency cepstral coefficients (count, frames): the orthonormal DCT-II of the mel levels in dB."""
    from scipy.fft import dct

    return dct(db_mel, axis=0, type=2, norm="ortho")[:count]


def rms(spectrum: np.ndarray) -> np.ndarray:
    """Root-mean-square level of each Hann-windowed frame, from its magnitude spectrum (Parseval, halving DC and
    Nyquist)."""
    power = spectrum**2
    power[0] *= 0.5
    power[-1] *= 0.5
    return np.sqrt(2 * power.sum(axis=0) / N_FFT**2)


def centroid(spectrum: np.ndarray, rate: int) -> np.ndarray:
    """The spectrum's centre of mass per frame, in Hz (brightness)."""
    total = spectrum.sum(axis=0)
    weighted = (np.fft.rfftfreq(N_FFT, 1.0 / rate)[:, None] * spectrum).sum(axis=0)
    return weighted / np.maximum(total, _TINY)


def chroma(power: np.ndarray, rate: int) -> np.ndarray:
    """Pitch-class energy per frame (12, frames), each frame scaled to a maximum of 1."""
    raw = chroma_filters(rate) @ power
    peak = raw.max(axis=0, keepdims=True)
    return raw / np.where(peak > _TINY, peak, 1.0)
