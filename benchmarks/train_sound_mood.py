"""Teach the built-in sound-mood model on the annotated clips, cross-validated by artist (issue #33).

    .venv/bin/python benchmarks/train_sound_mood.py [--write emosymphony/music/sound_model.json]

The 500 clips of ../shared/data/music_emotion/ (4Q audio emotion dataset, Panda, Malheiro & Paiva 2020;
Russell quadrants: happy, angry, sad, calm → neutral) are analysed with the program's own analysis
(music/analysis.py, 30-s excerpt; cached in runs/music_emotion_features_vN.json, the audio itself is never
copied), standardised, and two L2 logistic regressions are fitted: valence (high/low) and arousal
(high/low). A clip's four quadrant probabilities are products of the two. Reported: accuracy over the four
moods and the arousal and valence sign, 5-fold cross-validated with each artist's clips in one fold, and
how right the answers are above each confidence, from which the "not sure" threshold is chosen (the lowest
confidence at which cross-validated answers are right at least SURE_ACCURACY of the time). With --write
the model fitted on all 500 clips is written (weights only; no audio).
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from _machine import describe  # noqa: E402

from emosymphony.music.analysis import FEATURES_VERSION, AnalysisError, SoundFeatures, analyse  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
CLIPS = ROOT.parent / "shared" / "data" / "music_emotion"
CACHE = ROOT / "runs" / f"music_emotion_features_v{FEATURES_VERSION}.json"
FOLDS = 5
C = 0.1
"""Inverse L2 strength of both regressions (chosen by the same artist-grouped cross-validation: see --sweep)."""
SURE_ACCURACY = 0.65
MOODS = ("happy", "angry", "sad", "neutral")
QUADRANT_SIGNS = {"happy": (1, 1), "angry": (-1, 1), "sad": (-1, -1), "neutral": (1, -1)}


def clips() -> list[dict]:
    with open(CLIPS / "labels.csv", newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def features_of(rows: list[dict]) -> dict[str, list[float]]:
    """Each clip's feature vector (analysed once, then read from the cache)."""
    known = json.loads(CACHE.read_text()) if CACHE.is_file() else {}
    started, fresh = time.perf_counter(), 0
    for row in rows:
        if row["clip"] in known:
            continue
        try:
            known[row["clip"]] = analyse(CLIPS / row["mood"] / f"{row['clip']}.mp3").to_dict()
        except AnalysisError as error:
            print(f"  {row['clip']}: {error}", file=sys.stderr)
            known[row["clip"]] = None
        fresh += 1
    if fresh:
        CACHE.parent.mkdir(exist_ok=True)
        CACHE.write_text(json.dumps(known))
        print(f"analysed {fresh} clips in {time.perf_counter() - started:.0f} s")
    return {clip: SoundFeatures.from_dict(value).vector().tolist() for clip, value in known.items() if value}


def fit(x: np.ndarray, y: np.ndarray, c: float = C, steps: int = 400) -> tuple[np.ndarray, float]:
    """L2 logistic regression by Newton's method (x standardised; y 0/1)."""
    weights, bias = np.zeros(x.shape[1]), 0.0
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(x @ weights + bias)))
        gradient_w = x.T @ (p - y) + weights / c
        gradient_b = float((p - y).sum())
        s = p * (1 - p)
        hessian = (x.T * s) @ x + np.eye(x.shape[1]) / c
        full = np.block([[hessian, (x.T @ s)[:, None]], [(x.T @ s)[None, :], np.array([[s.sum() + 1e-9]])]])
        step = np.linalg.solve(full, np.concatenate([gradient_w, [gradient_b]]))
        weights, bias = weights - step[:-1], bias - float(step[-1])
        if np.abs(step).max() < 1e-8:
            break
    return weights, bias


def quadrants(p_valence: np.ndarray, p_arousal: np.ndarray) -> np.ndarray:
    """(N, 4) probabilities of happy, angry, sad, neutral (calm)."""
    return np.stack([p_valence * p_arousal, (1 - p_valence) * p_arousal, (1 - p_valence) * (1 - p_arousal),
                     p_valence * (1 - p_arousal)], axis=1)


def cross_validate(x: np.ndarray, valence: np.ndarray, arousal: np.ndarray, artists: list[str], c: float) -> np.ndarray:
    """Out-of-fold quadrant probabilities, each artist's clips in one fold."""
    names = sorted(set(artists))
    rng = np.random.default_rng(0)
    fold_of = dict(zip(names, rng.permutation(len(names)) % FOLDS))
    folds = np.array([fold_of[a] for a in artists])
    out = np.zeros((len(x), 4))
    for fold in range(FOLDS):
        train, test = folds != fold, folds == fold
        centre, scale = x[train].mean(axis=0), x[train].std(axis=0) + 1e-9
        z_train, z_test = (x[train] - centre) / scale, (x[test] - centre) / scale
        wv, bv = fit(z_train, valence[train], c)
        wa, ba = fit(z_train, arousal[train], c)
        out[test] = quadrants(1 / (1 + np.exp(-(z_test @ wv + bv))), 1 / (1 + np.exp(-(z_test @ wa + ba))))
    return out


def personal_versus_built_in(rows: list[dict], probabilities: np.ndarray, per_folder: int, repeats: int = 20,
                             hears: dict[str, str] | None = None) -> None:
    """Simulated listeners: within each fold, one sorted `per_folder` clips into each of the four folders (as the
    annotators did, or, with `hears`, as a listener who files some moods elsewhere: {annotated: their folder});
    the rest of the fold is guessed by the built-in model (trained without this fold) alone, and blended with the
    personal model of those sorted clips as the program blends them, each against the listener's folders."""
    from emosymphony.music.sound_mood import PersonalModel

    known = json.loads(CACHE.read_text())
    features = [SoundFeatures.from_dict(known[row["clip"]]) for row in rows]
    names = sorted({row["artist"] for row in rows})
    fold_of = dict(zip(names, np.random.default_rng(0).permutation(len(names)) % FOLDS))
    folds = np.array([fold_of[row["artist"]] for row in rows])
    annotated = [row["mood"] for row in rows]
    labels = [(hears or {}).get(mood, mood) for mood in annotated]
    rng = np.random.default_rng(1)
    alone = blended = total = 0
    for _ in range(repeats):
        for fold in range(FOLDS):
            members = np.flatnonzero(folds == fold)
            sorted_clips = [int(i) for mood in MOODS
                            for i in rng.choice([m for m in members if annotated[m] == mood], per_folder, replace=False)]
            model = PersonalModel([(features[i], labels[i]) for i in sorted_clips],
                                  [MOODS[int(probabilities[i].argmax())] for i in sorted_clips])  # out of fold
            for i in set(members.tolist()) - set(sorted_clips):
                built_in = dict(zip(MOODS, probabilities[i]))
                mix = model.probabilities(features[i], built_in)
                alone += max(built_in, key=built_in.get) == labels[i]
                blended += max(mix, key=mix.get) == labels[i]
                total += 1
    who = "a listener who files " + ", ".join(f"{a} as {b}" for a, b in hears.items()) if hears else "annotators' folders"
    print(f"{per_folder} sorted songs a folder, {who}: built-in alone {alone / total:.1%}, personal + built-in "
          f"{blended / total:.1%} ({total} guesses over {repeats} draws)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--write", metavar="JSON", help="write the model fitted on all clips here")
    parser.add_argument("--sweep", action="store_true", help="report the cross-validation for several C")
    parser.add_argument("--personal", type=int, nargs="*", metavar="K",
                        help="simulate listeners who sorted K clips a folder: personal + built-in against built-in")
    args = parser.parse_args()
    print(describe())
    rows = clips()
    vectors = features_of(rows)
    rows = [row for row in rows if row["clip"] in vectors]
    x = np.array([vectors[row["clip"]] for row in rows])
    mood = np.array([MOODS.index(row["mood"]) for row in rows])
    valence = np.array([QUADRANT_SIGNS[row["mood"]][0] > 0 for row in rows], dtype=float)
    arousal = np.array([QUADRANT_SIGNS[row["mood"]][1] > 0 for row in rows], dtype=float)
    artists = [row["artist"] for row in rows]
    print(f"{len(rows)} clips, {len(set(artists))} artists, {x.shape[1]} features; {FOLDS} folds by artist")
    for c in ((0.01, 0.03, 0.1, 0.3, 1.0, 3.0) if args.sweep else (C,)):
        probabilities = cross_validate(x, valence, arousal, artists, c)
        predicted = probabilities.argmax(axis=1)
        v_hat = np.isin(predicted, (0, 3)).astype(float)
        a_hat = np.isin(predicted, (0, 1)).astype(float)
        print(f"C={c:<5} four moods {np.mean(predicted == mood):.1%}  valence sign {np.mean(v_hat == valence):.1%}  "
              f"arousal sign {np.mean(a_hat == arousal):.1%}  recall " +
              " ".join(f"{name} {np.mean(predicted[mood == i] == i):.0%}" for i, name in enumerate(MOODS)))
    confidence = probabilities.max(axis=1)
    correct = predicted == mood
    threshold = 1.0
    print("confidence ≥   share of clips   right")
    for level in np.arange(0.25, 0.95, 0.05):
        above = confidence >= level
        if above.any():
            print(f"  {level:.2f}        {above.mean():6.1%}      {correct[above].mean():6.1%}")
            if correct[above].mean() >= SURE_ACCURACY and threshold == 1.0:
                threshold = float(round(level, 2))
    print(f"not sure below {threshold:.2f}: {np.mean(confidence < threshold):.1%} of the clips")
    for per_folder in args.personal or ():
        personal_versus_built_in(rows, probabilities, per_folder)
        personal_versus_built_in(rows, probabilities, per_folder, hears={"sad": "neutral", "neutral": "sad"})
    if args.write:
        centre, scale = x.mean(axis=0), x.std(axis=0) + 1e-9
        z = (x - centre) / scale
        wv, bv = fit(z, valence)
        wa, ba = fit(z, arousal)
        model = {
            "source": "4Q audio emotion dataset (R. Panda, R. Malheiro, R. P. Paiva, IEEE TAFFC 11(4), 2020), "
                      "the 500 training clips of ../shared/data/music_emotion (no audio is shipped)",
            "features": "SoundFeatures.vector(): tempo, loudness, onset rate, flux, centroid, mode, key clarity, "
                        "MFCC means and deviations",
            "centre": centre.tolist(), "scale": scale.tolist(),
            "valence": {"weights": wv.tolist(), "bias": bv}, "arousal": {"weights": wa.tolist(), "bias": ba},
            "not_sure_below": threshold, "c": C,
            "cross_validated": {"four_moods": float(np.mean(predicted == mood)),
                                "arousal_sign": float(np.mean(a_hat == arousal)),
                                "valence_sign": float(np.mean(v_hat == valence)),
                                "confusion": [[int(np.sum((mood == i) & (predicted == j))) for j in range(4)]
                                              for i in range(4)],
                                "order": list(MOODS), "folds": FOLDS, "grouped_by": "artist"},
        }
        Path(args.write).write_text(json.dumps(model, indent=1) + "\n")
        print(f"wrote {args.write}")


if __name__ == "__main__":
    main()
