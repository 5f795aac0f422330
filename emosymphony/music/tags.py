"""Reading an audio file's tags, length and cover art with mutagen."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from pathlib import Path

import mutagen
from mutagen.flac import FLAC, Picture
from mutagen.id3 import ID3
from mutagen.ogg import OggFileType

AUDIO_SUFFIXES = frozenset({".mp3", ".ogg", ".oga", ".flac", ".wav"})
"""Formats pygame plays; other files in the music folders are ignored."""


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
    """Tags, duration and whether the file carries cover art; TagError if it cannot be read."""
    audio = _open(path)
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
        audio = mutagen.File(path)
    except (mutagen.MutagenError, OSError, ValueError, EOFError) as error:
        raise TagError(f"unreadable audio file ({error})") from None
    if audio is None or getattr(audio, "info", None) is None:
        raise TagError("not an audio file mutagen recognises")
    return audio


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
    text = str(values[0]).strip() if values else ""
    return text or None


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
