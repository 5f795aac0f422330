"""M3U8 playlists: a mood's folder, or the songs of a listening session, for any other player.

Paths are written relative to the playlist's own folder when they can be (the playlist and the music can
move together), absolute otherwise; the file is UTF-8, written in one step (never half-written) and the
listener's alone (0600: it tells what they listen to).
Generated music has no file and is left out.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable

from ..files import write_atomically
from ..memory.history import PlayRecord
from ..tracks import Track


def playlist_text(tracks: list[Track], playlist: Path) -> str:
    """The M3U8 text of `tracks` for a playlist file at `playlist`."""
    folder = Path(os.path.abspath(playlist)).parent
    lines = ["#EXTM3U"]
    for track in tracks:
        if track.generated:
            continue
        path = Path(os.path.abspath(track.path))
        try:
            shown = os.path.relpath(path, folder)
        except ValueError:  # another drive (Windows)
            shown = str(path)
        seconds = round(track.duration) if track.duration > 0 else -1
        title = " – ".join(part for part in (track.artist, track.title) if part)
        lines += [f"#EXTINF:{seconds},{title.replace(chr(10), ' ')}", shown]
    return "\n".join(lines) + "\n"


def played_tracks(plays: Iterable[PlayRecord]) -> list[Track]:
    """The songs of `plays`, each once in the order first played; songs whose file is gone are left out."""
    seen: dict[str, Track] = {}
    for play in plays:
        if play.path not in seen and os.path.isfile(play.path):
            seen[play.path] = Track(play.path, play.mood, play.title, play.artist, "", 0.0, False, 0, 0.0)
    return list(seen.values())


def write_playlist(tracks: list[Track], playlist: str | Path) -> int:
    """Write the playlist (EmosymphonyError naming it when it cannot be written); returns how many songs it holds."""
    write_atomically(playlist, playlist_text(tracks, Path(playlist)), private=True)
    return sum(1 for track in tracks if not track.generated)


def read_playlist(playlist: str | Path) -> list[Path]:
    """The songs an M3U/M3U8 playlist names, as absolute paths (relative ones from the playlist's folder)."""
    folder = Path(os.path.abspath(playlist)).parent
    text = Path(playlist).read_text(encoding="utf-8-sig")
    return [Path(os.path.normpath(folder / line.strip())) for line in text.splitlines()
            if line.strip() and not line.startswith("#")]
