"""The signal maths of music/spectral.py against what the signals are known to hold."""

from __future__ import annotations

import numpy as np
import pytest

from emosymphony.music import spectral

RATE = 22050


def tone(hz: float, seconds: float = 4.0, amplitude: float = 0.5) -> np.ndarray:
    return amplitude * np.sin(2 * np.pi * hz * np.arange(int(seconds * RATE)) / RATE)


def clicks(bpm: float, seconds: float = 20.0) -> np.ndarray:
    """A short decaying noise burst on every beat."""
    samples = np.zeros(int(seconds * RATE))
    burst = np.random.default_rng(0).normal(0, 0.5, 600) * np.exp(-np.arange(600) / 120)
    for start in np.arange(0.5, seconds - 0.1, 60.0 / bpm):
        index = int(start * RATE)
        samples[index:index + 600] += burst
    return samples


def test_a_tone_has_its_level_its_brightness_and_its_pitch_class():
    spectrum = spectral.magnitude_spectrogram(tone(440.0))
    middle = slice(5, -5)  # away from the zero-padded ends
    hann_power = 3 / 8  # the level is that of the windowed frame, as librosa's
    assert spectral.rms(spectrum)[middle] == pytest.approx(0.5 / np.sqrt(2) * np.sqrt(hann_power), rel=0.01)
    assert spectral.centroid(spectrum, RATE)[middle].mean() == pytest.approx(440.0, rel=0.03)
    chroma = spectral.chroma(spectrum**2, RATE)[:, middle].mean(axis=1)
    assert int(np.argmax(chroma)) == 9  # A, counting from C
    assert spectral.magnitude_spectrogram(tone(440.0, 1.0)).shape == (spectral.N_FFT // 2 + 1, 1 + RATE // spectral.HOP)


def test_the_mel_filters_tile_the_spectrum_with_unit_area():
    filters = spectral.mel_filters(RATE)
    assert filters.shape == (spectral.N_MELS, spectral.N_FFT // 2 + 1)
    bin_width = RATE / spectral.N_FFT
    areas = filters.sum(axis=1) * bin_width
    assert np.median(areas[20:]) == pytest.approx(1.0, rel=0.05)  # Slaney: each filter has area 1 (in Hz)
    assert (filters.argmax(axis=1)[1:] >= filters.argmax(axis=1)[:-1]).all()  # ordered low to high


@pytest.mark.parametrize("bpm", [90.0, 120.0, 140.0])
def test_a_click_track_has_its_tempo_and_one_onset_a_beat(bpm):
    samples = clicks(bpm)
    mel = spectral.mel_filters(RATE) @ spectral.magnitude_spectrogram(samples) ** 2
    envelope = spectral.onset_envelope(spectral.power_to_db(mel, float(mel.max())))
    beats = len(np.arange(0.5, 20.0 - 0.1, 60.0 / bpm))
    assert len(spectral.onset_frames(envelope, RATE)) == pytest.approx(beats, abs=1)
    assert spectral.tempo(envelope, RATE) == pytest.approx(bpm, rel=0.04)


def test_silence_has_no_onsets_and_a_floored_level():
    silent = np.zeros(RATE * 2)
    mel = spectral.mel_filters(RATE) @ spectral.magnitude_spectrogram(silent) ** 2
    assert len(spectral.onset_frames(spectral.onset_envelope(spectral.power_to_db(mel)), RATE)) == 0
    assert spectral.power_to_db(np.array([0.0, 1.0])).tolist() == [-spectral.TOP_DB, 0.0]


def test_the_mfccs_are_an_orthonormal_transform_of_the_mel_levels():
    db = spectral.power_to_db(spectral.mel_filters(RATE) @ spectral.magnitude_spectrogram(tone(300.0, 1.0)) ** 2)
    coefficients = spectral.mfcc(db, spectral.N_MELS)
    assert np.allclose((coefficients**2).sum(axis=0), (db**2).sum(axis=0))
    assert spectral.mfcc(db, 13).shape == (13, db.shape[1])


def test_an_onset_is_found_where_the_sound_starts():
    samples = clicks(120.0, seconds=6.0)
    mel = spectral.mel_filters(RATE) @ spectral.magnitude_spectrogram(samples) ** 2
    frames = spectral.onset_frames(spectral.onset_envelope(spectral.power_to_db(mel, float(mel.max()))), RATE)
    found = frames * spectral.HOP / RATE
    starts = np.arange(0.5, 6.0 - 0.1, 0.5)
    assert len(found) == len(starts)
    assert np.abs(found - starts).max() <= 1.5 * spectral.HOP / RATE  # within a frame and a half (about 35 ms)
