"""Reading an audio file's tags, length and cover art with mutagen."""

from __future__ import annotations

import base64
import struct
from dataclasses import dataclass
from pathlib import Path

import mutagen
from mutagen.flac import FLAC, Picture
from mutagen.id3 import ID3
from mutagen.ogg import OggFileType
from mutagen.wave import WAVE

from ..errors import EmosymphonyError, os_problem, shown
from ..files import check_regular

AUDIO_SUFFIXES = frozenset({".mp3", ".ogg", ".oga", ".opus", ".flac", ".wav"})
"""Formats pygame plays; other files in the music folders are ignored."""
TAG_LIMIT = 300
"""Characters kept of a tag: tags are strangers' text, and a title of a million characters must not reach a label."""


class TagError(Exception):
    """The file is not a readable audio file."""


@dataclass(frozen=True)
class TagInfo:
    """What the tags say (None where a tag is missing) and the length in seconds."""

    title: str | None
    artist: str | None
    album: str | None
    duration: float
    has_cover: bool


def read_tags(path: Path) -> TagInfo:
    """Tags, duration and whether the file carries cover art; TagError if it is not whole, playable audio."""
    audio = _open(path)
    problem = _cut_short(path, audio)
    if problem:
        raise TagError(problem)
    tags = audio.tags
    return TagInfo(
        title=_text(tags, "TIT2", "title"),
        artist=_text(tags, "TPE1", "artist"),
        album=_text(tags, "TALB", "album"),
        duration=float(getattr(audio.info, "length", 0.0) or 0.0),
        has_cover=_cover(audio) is not None,
    )


def read_cover(path: Path) -> bytes | None:
    """The embedded cover image (JPEG or PNG bytes), or None when there is none or it cannot be read."""
    try:
        return _cover(_open(path))
    except TagError:
        return None


def _open(path: Path) -> mutagen.FileType:
    try:
        check_regular(path, "a song")  # a named pipe or a device is refused, never opened
    except EmosymphonyError as error:
        raise TagError(str(error).removeprefix(f"{shown(path)}: ")) from None
    try:
        with open(path, "rb") as handle:  # a file object (named, for mutagen's guess): names that are not UTF-8 open too
            audio = mutagen.File(handle)
    except OSError as error:
        raise TagError(f"cannot read it: {os_problem(error)}") from None
    except (mutagen.MutagenError, ValueError, EOFError, struct.error) as error:
        raise TagError(f"unreadable audio file ({error})") from None
    if audio is None or getattr(audio, "info", None) is None:
        raise TagError("not an audio file mutagen recognises")
    return audio


def _cut_short(path: Path, audio: mutagen.FileType) -> str | None:
    """Why a file that mutagen reads is still damaged (its data ends early), or None.

    Ogg: the last page must end exactly at the end of the file. WAV: the RIFF header's size must fit
    in the file. (MP3 and FLAC decoders play a cut file up to the cut, so they are taken as they are.)
    """
    try:
        size = path.stat().st_size
        with open(path, "rb") as handle:
            if isinstance(audio, OggFileType):
                handle.seek(max(0, size - _OGG_TAIL))
                return None if _ogg_ends_cleanly(handle.read(), size) else "damaged: the file ends in the middle of its audio"
            if isinstance(audio, WAVE):
                header = handle.read(8)
                riff_size = int.from_bytes(header[4:8], "little") if header[:4] == b"RIFF" else 0
                return "damaged: the file is shorter than its header says" if riff_size + 8 > size else None
    except OSError as error:
        return f"cannot read it: {os_problem(error)}"
    return None


_OGG_TAIL = 256 * 1024
"""How much of an Ogg file's end is read to find its last page (a page holds at most 65,307 bytes)."""


def _ogg_ends_cleanly(tail: bytes, size: int) -> bool:
    """Whether the last Ogg page that starts in `tail` (the end of a file of `size` bytes) ends with the file."""
    start = len(tail)
    while (start := tail.rfind(b"OggS", 0, start)) >= 0:
        if start + 27 > len(tail):
            continue
        segments = tail[start + 26]
        table = tail[start + 27 : start + 27 + segments]
        if len(table) < segments:
            return False
        end = start + 27 + segments + sum(table)
        if end <= len(tail):
            return end == len(tail)
        return False
    return False


def _text(tags: object, id3_key: str, vorbis_key: str) -> str | None:
    if tags is None:
        return None
    if isinstance(tags, ID3):
        frame = tags.get(id3_key)
        values = list(frame.text) if frame is not None else []
    else:
        try:
            values = tags.get(vorbis_key) or tags.get(vorbis_key.upper()) or []
        except (KeyError, ValueError):
            values = []
    text = str(values[0])[: TAG_LIMIT * 4].strip() if values else ""
    return shorten(text) or None


def shorten(text: str, limit: int = TAG_LIMIT) -> str:
    """`text` cut to `limit` characters, with an ellipsis where it was cut."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _cover(audio: mutagen.FileType) -> bytes | None:
    tags = audio.tags
    if isinstance(tags, ID3):
        pictures = tags.getall("APIC")
        return bytes(pictures[0].data) if pictures else None
    if isinstance(audio, FLAC):
        return bytes(audio.pictures[0].data) if audio.pictures else None
    if isinstance(audio, OggFileType) and tags is not None:
        for encoded in tags.get("metadata_block_picture", []):
            try:
                return bytes(Picture(base64.b64decode(encoded)).data)
            except (ValueError, mutagen.MutagenError):
                continue
    return None
