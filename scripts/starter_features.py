"""Write the analysed sound of the packaged starter songs into the package, so that "Start with free music"
links them at once (emosymphony/music/starter.py, `known_features`); songs whose file differs are analysed then.

    .venv/bin/python scripts/starter_features.py

Run it again when a starter package changes version or the features change (FEATURES_VERSION).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from emosymphony.music.analysis import FEATURES_VERSION, analyse_all  # noqa: E402
from emosymphony.music.starter import STARTER_FEATURES, starter_songs  # noqa: E402


def main() -> None:
    songs = starter_songs()
    found, failed = analyse_all(songs)
    table = {"version": FEATURES_VERSION,
             "songs": {path: {"size": os.stat(path).st_size, "features": features.to_dict()}
                       for path, features in sorted(found.items())}}
    STARTER_FEATURES.write_text(json.dumps(table, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {STARTER_FEATURES}: {len(found)} songs ({len(failed)} not analysed: {[why for _, why in failed]})")


if __name__ == "__main__":
    main()
