"""A catalog of real songs with Spotify audio features, for suggestions and for placing owned tracks.

Two layouts are read: the "Music Mood Classification" list (comma-separated; name, artist, id,
valence and energy on 0..1, a mood label) and "Spotify Top 2000" (semicolon-separated; Title,
Artist, Valence and Energy on 0..100). The package embeds a default catalog built from both.
"""

from __future__ import annotations

import csv
import io
import math
import re
import unicodedata
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import quote_plus

from ..errors import EmosymphonyError, shown
from ..files import read_limited, write_atomically

DEFAULT_CATALOG = Path(__file__).with_name("catalog.csv")
MAX_CATALOG_BYTES = 100_000_000
"""A catalog of a million songs is about 100 MB; a larger file (or /dev/zero) is refused unread."""
_FIELDS = ("title", "artist", "album", "spotify_id", "valence", "energy", "label", "year", "source")


class CatalogError(EmosymphonyError):
    """A catalog file is missing or in neither known layout."""


@dataclass(frozen=True)
class CatalogSong:
    """A song with its valence and energy (both 0..1) as Spotify measured them."""

    title: str
    artist: str
    album: str
    spotify_id: str
    valence: float
    energy: float
    label: str
    """The list's own mood label or genre."""
    year: str
    source: str

    @property
    def key(self) -> str:
        return song_key(self.artist, self.title)

    @property
    def link(self) -> str:
        """Opens the song on Spotify when its id is known, else a web search for it."""
        if self.spotify_id:
            return f"https://open.spotify.com/track/{self.spotify_id}"
        return "https://duckduckgo.com/?q=" + quote_plus(f"{self.artist} {self.title}")


def song_key(artist: str, title: str) -> str:
    """A loose artist+title key: case, accents, punctuation, "feat." and bracketed parts ignored."""

    def clean(text: str) -> str:
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
        text = re.sub(r"[\(\[].*?[\)\]]", " ", text)
        text = re.sub(r"\b(feat|ft|featuring)\b.*", " ", text)
        text = re.sub(r"\s+-\s+.*(remaster|version|edit|mix|live).*", " ", text)
        return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())

    return f"{clean(artist)}|{clean(title)}"


def read_catalog_csv(path: str | Path) -> list[CatalogSong]:
    """Songs of a catalog file in one of the two known layouts (or the package's own).

    CatalogError names the file (and the line) for anything we cannot use: not UTF-8, not CSV, a short
    row, a value that is not a finite number.
    """
    path = Path(path)
    try:
        data = read_limited(path, MAX_CATALOG_BYTES, "a catalog")
    except EmosymphonyError as error:
        raise CatalogError(f"cannot read catalog {error}") from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise CatalogError(f"{shown(path)}: UTF-16 text; save the catalog as UTF-8 CSV")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise CatalogError(f"{shown(path)}: not UTF-8 text (byte {error.start}); save the catalog as UTF-8 CSV") from None
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        columns = set(reader.fieldnames or ())
        if set(_FIELDS) <= columns:
            make = _own
        elif {"name", "artist", "valence", "energy"} <= columns:
            make = _mood_list
        elif {"Title", "Artist", "Valence", "Energy"} <= columns:
            make = _top_2000
        else:
            raise CatalogError(
                f"{shown(path)}: unknown layout; expected columns name,artist,id,valence,energy,mood (comma) or "
                f"Title;Artist;Energy;Valence (semicolon); found {', '.join(sorted(columns)) or 'none'}"
            )
        songs = []
        for row in reader:
            if None in row.values() or None in row:
                raise CatalogError(f"{shown(path)}, line {reader.line_num}: {len(reader.fieldnames)} fields expected")
            try:
                songs.append(make(row, path.name))
            except CatalogError as error:
                raise CatalogError(f"{shown(path)}, line {reader.line_num}: {error}") from None
        return songs
    except csv.Error as error:
        raise CatalogError(f"{shown(path)}, line {reader.line_num}: not a readable CSV ({error})") from None


def write_catalog_csv(songs: list[CatalogSong], path: str | Path) -> None:
    """Write songs in the package's own layout (deduplicated by artist+title, first kept), atomically."""
    seen: set[str] = set()
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=_FIELDS)
    writer.writeheader()
    for song in songs:
        if song.key not in seen:
            seen.add(song.key)
            writer.writerow(asdict(song))
    try:
        write_atomically(path, out.getvalue())
    except EmosymphonyError as error:
        raise CatalogError(str(error)) from None


def load_default_catalog() -> list[CatalogSong]:
    """The catalog embedded in the package."""
    return read_catalog_csv(DEFAULT_CATALOG)


def _own(row: dict, source: str) -> CatalogSong:
    return CatalogSong(
        row["title"], row["artist"], row["album"], row["spotify_id"], _unit(row["valence"], 1.0),
        _unit(row["energy"], 1.0), row["label"], row["year"], row["source"],
    )


def _mood_list(row: dict, source: str) -> CatalogSong:
    return CatalogSong(
        title=row["name"].strip(),
        artist=row["artist"].strip(),
        album=row.get("album", "").strip(),
        spotify_id=row.get("id", "").strip(),
        valence=_unit(row["valence"], 1.0),
        energy=_unit(row["energy"], 1.0),
        label=row.get("mood", "").strip(),
        year=row.get("release_date", "")[:4],
        source=source,
    )


def _top_2000(row: dict, source: str) -> CatalogSong:
    return CatalogSong(
        title=row["Title"].strip(),
        artist=row["Artist"].strip(),
        album="",
        spotify_id="",
        valence=_unit(row["Valence"], 100.0),
        energy=_unit(row["Energy"], 100.0),
        label=row.get("Top Genre", "").strip(),
        year=row.get("Year", "").strip(),
        source=source,
    )


def _unit(value: str, full_scale: float) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise CatalogError(f"not a number: {value!r}") from None
    if not math.isfinite(number):
        raise CatalogError(f"not a finite number: {value!r}")
    return min(max(number / full_scale, 0.0), 1.0)
