"""Generated music (issue #34): does the mapping hold by the project's own analysis, is it cheap, clean and varied?

    .venv/bin/python benchmarks/bench_generate.py [--seconds 30] [--grid 5] [--minutes 10]

- Mapping: a render of `--seconds` at each point of a grid×grid valence/arousal grid (-0.8..0.8), analysed by
  music/analysis.py: Spearman correlation of tempo and loudness with arousal, of mode and of the built-in sound
  model's valence with valence; the built-in sound-mood model's quadrant for the four quadrant corners'
  renders (every grid point off the axes counts, by the sign of its valence and arousal).
- Cost: seconds of CPU per second of music rendered (offline, each quadrant), and live: the whole process's CPU
  time and memory while generated music plays through pygame, against the idle player.
- Clean sound: the largest sample-to-sample step in a render whose target jumps to a new quadrant every bar,
  beside the same for renders with a steady target (what the instruments produce themselves).
- Variety: two `--minutes` renders of one mood (seeds 1 and 2): 8-bar windows of notes seen more than once.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from _machine import describe  # noqa: E402


def spearman(a: list[float], b: list[float]) -> float:
    ranks = [np.argsort(np.argsort(x, kind="stable")).astype(float) for x in (a, b)]
    return float(np.corrcoef(*ranks)[0, 1])


def analysed(audio: np.ndarray, rate: int):
    from emosymphony.music.analysis import SAMPLE_RATE, features_of, resampled

    return features_of(resampled(audio.T.astype(np.float32) / 32768.0, rate), SAMPLE_RATE)


def mapping(seconds: float, grid: int) -> None:
    from emosymphony.music.generate.stream import GeneratedMusic, render_to
    from emosymphony.music.sound_mood import built_in

    axis = np.linspace(-0.8, 0.8, grid)
    rows, right, counted = [], 0, 0
    for valence in axis:
        for arousal in axis:
            music = GeneratedMusic((valence, arousal), seed=7)
            features = analysed(render_to(music, seconds), music.rate)
            music.close()
            guess = built_in(features)
            rows.append((valence, arousal, features.tempo, features.loudness, features.mode, guess.valence))
            if valence and arousal:
                wanted = {(True, True): "happy", (False, True): "angry", (False, False): "sad", (True, False): "neutral"}[
                    (valence > 0, arousal > 0)]
                counted += 1
                right += guess.emotion == wanted
                print(f"  v {valence:+.1f} a {arousal:+.1f}: tempo {features.tempo:6.1f} loudness {features.loudness:6.1f} dB "
                      f"mode {features.mode:+.3f} -> {guess.emotion} (v {guess.valence:+.2f}, a {guess.arousal:+.2f})")
    v, a, tempo, loud, mode, model_valence = (list(column) for column in zip(*rows))
    print(f"Spearman with arousal: tempo {spearman(a, tempo):+.2f}, loudness {spearman(a, loud):+.2f}")
    print(f"Spearman with valence: mode {spearman(v, mode):+.2f}, the sound model's valence {spearman(v, model_valence):+.2f}")
    print(f"the sound-mood model puts {right} of {counted} off-axis renders in their quadrant ({100 * right / counted:.0f}%)")


def cost(seconds: float) -> None:
    from emosymphony.music.generate.stream import GeneratedMusic, render_to

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    for name, point in {"happy": (0.7, 0.7), "angry": (-0.7, 0.7), "sad": (-0.7, -0.7), "calm": (0.7, -0.7)}.items():
        music = GeneratedMusic(point, seed=3)
        cpu = time.process_time()
        audio = render_to(music, seconds)
        used = time.process_time() - cpu
        music.close()
        peak = np.abs(audio.astype(np.int32)).max() / 32768
        print(f"  {name:6s} {100 * used / seconds:.2f}% of one core while playing, peak {peak:.2f} of full scale")
    print(f"peak memory added by rendering: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 - before:.0f} MB "
          f"(process {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB)")


def live(seconds: float) -> None:
    """Generated music played live through pygame (SDL's dummy driver, which paces like a sound card): the CPU
    time and memory the whole process spends while it plays, against the same process playing nothing."""
    import os

    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    import psutil

    from emosymphony.music.generate.stream import GeneratedMusic
    from emosymphony.music.player import PygameOutput
    from emosymphony.tracks import generated_track

    process = psutil.Process()
    output = PygameOutput()
    cpu, rss = process.cpu_times(), process.memory_info().rss
    time.sleep(seconds)
    idle = sum(process.cpu_times()[:2]) - sum(cpu[:2])
    music = GeneratedMusic((0.7, 0.7), seed=3)
    cpu, started = process.cpu_times(), time.monotonic()
    output.play_generated(generated_track("happy"), music)
    peak = 0
    while time.monotonic() - started < seconds:
        time.sleep(0.5)
        peak = max(peak, process.memory_info().rss)
    used = sum(process.cpu_times()[:2]) - sum(cpu[:2])
    output.close()
    music.close()
    print(f"live, happy (the densest): {100 * used / seconds:.2f}% of one core over {seconds:g} s "
          f"(idle player: {100 * idle / seconds:.2f}%); memory {(peak - rss) / 2**20:.0f} MB more than the idle player")


def clicks(bars: int) -> None:
    from emosymphony.music.generate.stream import GeneratedMusic

    corners = [(0.7, 0.7), (-0.7, -0.7), (-0.7, 0.7), (0.7, -0.7)]
    music = GeneratedMusic(corners[0], seed=5)
    blocks = []
    for number in range(bars):
        music.steer(*corners[number % 4])
        blocks.append(music.next_block().astype(np.int32))
    music.close()
    steps = np.abs(np.diff(np.concatenate(blocks), axis=0)).max(axis=1) / 32768
    seams = np.cumsum([len(b) for b in blocks])[:-1] - 1
    at_seams = max(steps[max(0, s - 2):s + 3].max() for s in seams)
    print(f"{bars} bars, the target jumping to another quadrant every bar: largest step between samples at the "
          f"{len(seams)} bar lines {at_seams:.3f}; within the bars: 99.9th percentile {np.percentile(steps, 99.9):.3f}, "
          f"largest {steps.max():.3f} (of full scale)")


def variety(minutes: float) -> None:
    from emosymphony.music.generate.composer import Composer, PHRASE_BARS

    windows: dict[tuple, int] = {}
    for seed in (1, 2):
        composer = Composer(seed)
        composer.start_at(-0.6, -0.5)
        bars, elapsed = [], 0.0
        while elapsed < minutes * 60:
            bar = composer.next_bar(-0.6, -0.5)
            bars.append(tuple(sorted((n.channel, n.pitch, n.start, n.length) for n in bar.notes if n.channel != 9)))
            elapsed += bar.seconds
        for start in range(len(bars) - PHRASE_BARS + 1):
            key = tuple(bars[start:start + PHRASE_BARS])
            windows[key] = windows.get(key, 0) + 1
    repeated = sum(1 for count in windows.values() if count > 1)
    print(f"two {minutes:g}-minute renders of sad (seeds 1, 2): {len(windows)} 8-bar windows, {repeated} seen more than once")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--grid", type=int, default=5)
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--only", choices=("mapping", "cost", "live", "clicks", "variety"))
    args = parser.parse_args()
    print(describe())
    if args.only in (None, "cost"):
        cost(args.seconds)
    if args.only in (None, "live"):
        live(args.seconds)
    if args.only in (None, "clicks"):
        clicks(32)
    if args.only in (None, "variety"):
        variety(args.minutes)
    if args.only in (None, "mapping"):
        mapping(args.seconds, args.grid)


if __name__ == "__main__":
    main()
