"""librosa or essentia? The same features of a 30-second excerpt, timed on the Debian songs.

Run each in a virtual environment holding only that library (neither is mixed into the project's):

    python3.11 -m venv /tmp/lv && /tmp/lv/bin/pip install librosa==0.11.0
    /tmp/lv/bin/python benchmarks/compare_audio_libraries.py librosa
    python3.11 -m venv /tmp/ev && /tmp/ev/bin/pip install essentia
    /tmp/ev/bin/python benchmarks/compare_audio_libraries.py essentia
    du -sh /tmp/lv/lib/python3.11/site-packages /tmp/ev/lib/python3.11/site-packages

Both compute tempo (with a beat tracker), loudness, onsets, spectral centroid and flux, key and
MFCCs. The first song is reported apart: it includes compiling (librosa's numba) or set-up.
"""

from __future__ import annotations

import glob
import statistics
import sys
import time

SONGS = sorted(glob.glob("/usr/share/games/singularity/music/**/*.ogg", recursive=True)) \
    + sorted(glob.glob("/usr/share/games/asc/music/*.mp3")) \
    + sorted(glob.glob("/usr/share/games/wesnoth/1.16/data/core/music/*.ogg"))


def with_librosa() -> list[float]:
    import librosa
    import numpy as np

    times = []
    for path in SONGS:
        began = time.perf_counter()
        duration = librosa.get_duration(path=path)
        samples, rate = librosa.load(path, sr=22050, mono=True, offset=max(0.0, min(duration * 0.3, duration - 30)),
                                     duration=30)
        librosa.beat.beat_track(y=samples, sr=rate)
        librosa.feature.rms(y=samples)
        envelope = librosa.onset.onset_strength(y=samples, sr=rate)
        librosa.onset.onset_detect(onset_envelope=envelope, sr=rate)
        spectrum = np.abs(librosa.stft(samples))
        librosa.feature.spectral_centroid(S=spectrum, sr=rate)
        librosa.feature.chroma_stft(S=spectrum**2, sr=rate)
        librosa.feature.mfcc(y=samples, sr=rate, n_mfcc=13)
        times.append(time.perf_counter() - began)
    return times


def with_essentia() -> list[float]:
    import essentia.standard as es

    rhythm, key, onsets, loudness = es.RhythmExtractor2013(method="degara"), es.KeyExtractor(), es.OnsetRate(), es.Loudness()
    window, spectrum, centroid, flux, mfcc = es.Windowing(type="hann"), es.Spectrum(), es.Centroid(range=22050), es.Flux(), es.MFCC()
    times = []
    for path in SONGS:
        began = time.perf_counter()
        audio = es.MonoLoader(filename=path, sampleRate=44100)()
        length = 44100 * 30
        start = max(0, min(int(len(audio) * 0.3), len(audio) - length))
        excerpt = audio[start:start + length]
        rhythm(excerpt)
        key(excerpt)
        onsets(excerpt)
        loudness(excerpt)
        for frame in es.FrameGenerator(excerpt, frameSize=2048, hopSize=1024):
            spectral = spectrum(window(frame))
            centroid(spectral)
            flux(spectral)
            mfcc(spectral)
        times.append(time.perf_counter() - began)
    return times


if __name__ == "__main__":
    name = sys.argv[1]
    taken = {"librosa": with_librosa, "essentia": with_essentia}[name]()
    print(f"{name}: first song {taken[0]:.2f} s; then median {statistics.median(taken[1:]):.3f} s, "
          f"max {max(taken[1:]):.3f} s over {len(taken) - 1} songs")
