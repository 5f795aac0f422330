"""The folder's mood written into each song's own tags, so that other players (Navidrome, foobar2000...) can use
it: Vorbis comments (Ogg, FLAC, Opus) `MOOD`, ID3 (MP3, WAV) `TMOO`, MP4 `----:com.apple.iTunes:MOOD`.

A song is rewritten whole, in one step (a copy with the new tag replaces it: never half-written), keeping its
permissions; nothing but the mood tag changes. A file the listener made read-only is left alone, and so is a
link (a free starter song links into its Debian package; another link's target lies outside the music folder).
"""

from __future__ import annotations

import io
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from ..errors import EmosymphonyError, os_problem, shown
from ..files import check_regular, read_limited, write_atomically
from ..tracks import Track

MP4_MOOD = "----:com.apple.iTunes:MOOD"
MAX_SONG_BYTES = 2 * 1024**3
"""A song is rewritten in memory: larger files are not tagged."""


class MoodTagError(EmosymphonyError):
    """A song whose mood tag cannot be read or written (one line, naming it)."""


@dataclass(frozen=True)
class TagChange:
    """A song whose mood tag is not its folder's yet."""

    track: Track
    current: str | None
    wanted: str


def _load(source: bytes | Path, path: Path):
    import mutagen

    try:
        audio = mutagen.File(io.BytesIO(source) if isinstance(source, bytes) else source)
    except (mutagen.MutagenError, OSError) as error:
        raise MoodTagError(f"{shown(path)}: its tags cannot be read ({error})") from None
    if audio is None:
        raise MoodTagError(f"{shown(path)}: not a format whose tags can be written")
    return audio


def read_mood(path: str | Path) -> str | None:
    """The mood tag of a song, or None (only its tags are read)."""
    path = Path(path)
    check_regular(path, "a song")  # a named pipe or a device is refused, never opened
    audio = _load(path, path)
    tags = audio.tags
    if tags is None:
        return None
    from mutagen.id3 import ID3
    from mutagen.mp4 import MP4Tags

    if isinstance(tags, ID3):
        frame = tags.get("TMOO")
        return str(frame.text[0]) if frame and frame.text else None
    if isinstance(tags, MP4Tags):
        values = tags.get(MP4_MOOD)
        return bytes(values[0]).decode("utf-8", "replace") if values else None
    values = tags.get("MOOD") if hasattr(tags, "get") else None
    return str(values[0]) if values else None


def write_mood(path: str | Path, mood: str) -> None:
    """Set a song's mood tag (MoodTagError when it cannot be, the file untouched)."""
    from mutagen.id3 import ID3, TMOO
    from mutagen.mp4 import MP4FreeForm, MP4Tags

    path = Path(path)
    try:
        mode = os.stat(path).st_mode
    except OSError as error:
        raise MoodTagError(f"{shown(path)}: {os_problem(error)}") from None
    if not mode & stat.S_IWUSR:
        raise MoodTagError(f"{shown(path)}: read-only; left as it is")
    buffer = io.BytesIO(read_limited(path, MAX_SONG_BYTES, "a song"))
    audio = _load(buffer.getvalue(), path)
    if audio.tags is None:
        audio.add_tags()
    tags = audio.tags
    if isinstance(tags, ID3):
        tags.setall("TMOO", [TMOO(encoding=3, text=[mood])])
    elif isinstance(tags, MP4Tags):
        tags[MP4_MOOD] = [MP4FreeForm(mood.encode("utf-8"))]
    else:
        tags["MOOD"] = [mood]
    try:
        buffer.seek(0)
        audio.save(buffer)
    except Exception as error:  # noqa: BLE001 - mutagen raises many kinds; the file on disk is untouched
        raise MoodTagError(f"{shown(path)}: the mood tag cannot be written ({type(error).__name__})") from None
    write_atomically(path, buffer.getvalue(), mode=stat.S_IMODE(mode))


def changes(tracks: list[Track]) -> tuple[list[TagChange], list[tuple[str, str]]]:
    """The songs whose mood tag differs from their folder's, and (path, why) of those left alone: links, and songs
    whose tags cannot be read."""
    found, problems = [], []
    for track in tracks:
        if os.path.islink(track.path):
            problems.append((track.path, "a link (a free starter song, or a file kept elsewhere): left as it is"))
            continue
        try:
            current = read_mood(track.path)
        except EmosymphonyError as error:
            problems.append((track.path, str(error)))
            continue
        if current != track.emotion:
            found.append(TagChange(track, current, track.emotion))
    return found, problems
