"""A starter library from Debian's packages of freely licensed music, so a new listener hears something.

`scripts/setup.sh` installs the packages; `add_starter` links their songs into the seven emotion
folders by the analyser's proposals. Links, not copies: the system already holds the files (about
295 MB), read-only and kept up to date by the package manager, and a link can always be told from a
song of the listener's own (it points into a package's folder), so `remove_starter` removes exactly
the starter songs and never a file of the listener's. If a package is removed, its links are listed
as unreadable by the next scan and can be removed the same way. Nothing is downloaded.
"""

from __future__ import annotations

import functools
import json
import math
import os
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..emotions import EMOTIONS
from ..errors import os_problem
from ..tracks import Track
from .analysis import FEATURES_VERSION, SoundFeatures
from .library import MusicLibrary, walk_audio
from .recommend import POINTS
from .sound_mood import Estimate, PersonalModel, estimate

STARTER_MINIMUM = 5
"""Songs every folder gets from the starter library, where the packages hold enough."""
STARTER_FEATURES = Path(__file__).with_name("starter_features.json")
"""The packaged starter songs' sound, analysed beforehand (scripts/starter_features.py): they are linked at once."""


@dataclass(frozen=True)
class StarterPackage:
    """A Debian package of free music: where its songs are, their licence and where they come from."""

    name: str
    folder: Path
    licence: str
    source: str
    composer: str = ""
    """Who wrote its songs, for those whose tags do not say."""

    @property
    def installed(self) -> bool:
        return self.folder.is_dir()

    @property
    def copyright_file(self) -> Path:
        return Path("/usr/share/doc") / self.name / "copyright"

    def credit(self) -> str:
        """One line for Now Playing."""
        return f"Free music: {self.source} — {self.licence} (Debian package {self.name}; {self.copyright_file})"


STARTER_PACKAGES: tuple[StarterPackage, ...] = (
    StarterPackage("singularity-music", Path("/usr/share/games/singularity/music"), "CC BY-SA 3.0",
                   "Max McCracken, music of Endgame: Singularity"),
    StarterPackage("asc-music", Path("/usr/share/games/asc/music"), "GPL-2+",
                   "Michael Kievernagel, music of Advanced Strategic Command (asc-hq.org)", "Michael Kievernagel"),
    StarterPackage("wesnoth-1.16-music", Path("/usr/share/games/wesnoth/1.16/data/core/music"), "GPL-2+",
                   "the composers of The Battle for Wesnoth (wesnoth.org)"),
    StarterPackage("warzone2100-music", Path("/usr/share/games/warzone2100/music"), "GPL-2+ (the Aftermath and Legacy albums also CC BY-SA 3.0)",
                   "LupusMechanicus and Martin Severn, music of Warzone 2100 (wz2100.net)", "Warzone 2100 Project"),
)


def known_features(songs: list[Path]) -> dict[str, SoundFeatures]:
    """The sound of those `songs` analysed beforehand for their packaged versions (same path and size); a song
    that is not there, or another version of it, is left to be analysed."""
    try:
        table = json.loads(STARTER_FEATURES.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(table, dict) or table.get("version") != FEATURES_VERSION or not isinstance(table.get("songs"), dict):
        return {}
    known = {}
    for song in map(str, songs):
        entry = table["songs"].get(song)
        try:
            if isinstance(entry, dict) and os.stat(song).st_size == entry.get("size"):
                known[song] = SoundFeatures.from_dict(entry["features"])
        except (OSError, ValueError, TypeError, KeyError):
            continue
    return known


def starter_songs() -> list[Path]:
    """The songs of the starter packages that are installed."""
    songs: list[Path] = []
    for package in STARTER_PACKAGES:
        if package.installed:
            songs += [Path(path) for path, _ in walk_audio(package.folder, recursive=True)[0]]
    return songs


def origin(path: str | Path) -> StarterPackage | None:
    """The starter package a library song links to (None for the listener's own songs)."""
    path = Path(path)
    if not path.is_symlink():
        return None
    target = Path(os.path.realpath(path))
    for package in STARTER_PACKAGES:
        if target.is_relative_to(os.path.realpath(package.folder)):
            return package
    return None


def credited(track: Track) -> Track:
    """A starter song as its package credits it, where its tags are silent: the title and composer of the
    package's album list (Warzone 2100's album.json), else a title made of the file name and the package's
    composer. Any other song is returned as it is."""
    if track.artist or not Path(track.path).is_symlink():
        return track
    package = origin(track.path)
    if package is None:
        return track
    target = Path(os.path.realpath(track.path))
    title, composer = _album_list(target.parent).get(target.name, (None, None))
    if track.title == Path(track.path).stem:
        track = replace(track, title=title or target.stem.replace("_", " ").replace("-", " ").title())
    return replace(track, artist=composer or package.composer)


@functools.lru_cache(maxsize=32)
def _album_list(folder: Path) -> dict[str, tuple[str, str]]:
    """(title, author) by file name from a folder's album.json, or nothing."""
    try:
        album = json.loads((folder / "album.json").read_text(encoding="utf-8"))
        return {entry["filename"]: (str(entry.get("title") or ""), str(entry.get("author") or album.get("author") or ""))
                for entry in album.get("tracks", []) if isinstance(entry, dict) and "filename" in entry}
    except (OSError, ValueError, AttributeError, TypeError):
        return {}


@dataclass
class StarterReport:
    """What `add_starter` did: links made (song, link), songs already linked, and songs skipped (path, why)."""

    added: list[tuple[str, str]] = field(default_factory=list)
    already: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    placed: dict[str, Estimate] = field(default_factory=dict)
    """The analyser's proposal for each song linked."""

    def summary(self) -> str:
        counts = {e: sum(1 for _, link in self.added if Path(link).parent.name == e) for e in EMOTIONS}
        spread = ", ".join(f"{n} {e}" for e, n in counts.items() if n)
        text = f"added {len(self.added)} free songs" + (f" ({spread})" if spread else "")
        if self.already:
            text += f"; {self.already} were there already"
        return text + (f"; {len(self.skipped)} skipped" if self.skipped else "")


def add_starter(library: MusicLibrary, features: dict[str, SoundFeatures], failed: list[tuple[str, str]],
                personal: PersonalModel | None = None) -> StarterReport:
    """Link the analysed starter songs (`features` by path, from `analyse_all(starter_songs())`; `failed` are
    reported as skipped) into the folders the analyser proposes; a folder left with fewer than STARTER_MINIMUM
    gets the songs that sound nearest its point on the valence/arousal plane, from folders that can spare
    them. Songs linked before are left as they are (running it twice adds nothing twice). Analyses nothing
    itself."""
    library.ensure_layout()
    linked = {os.path.realpath(path) for path in _starter_links(library)}
    report = StarterReport(already=len(linked), skipped=list(failed))
    estimates = {path: estimate(found, personal) for path, found in features.items()
                 if os.path.realpath(path) not in linked}
    folders = {path: found.emotion for path, found in estimates.items()}
    present = Counter(Path(link).parent.name for link in _starter_links(library))
    for emotion in EMOTIONS:  # the built-in model never proposes fear, disgust or surprise: the nearest songs fill them
        point = POINTS[emotion]
        while present[emotion] + sum(1 for e in folders.values() if e == emotion) < STARTER_MINIMUM:
            counts = Counter(folders.values()) + present
            spare = [p for p, e in folders.items() if e != emotion and counts[e] > STARTER_MINIMUM]
            if not spare:
                break
            folders[min(spare, key=lambda p: math.dist((estimates[p].valence, estimates[p].arousal), point))] = emotion
    for path, emotion in folders.items():
        try:
            link = _link(Path(path), library.folder(emotion))
        except OSError as error:
            report.skipped.append((path, os_problem(error)))
            continue
        report.added.append((path, str(link)))
        report.placed[path] = estimates[path]
    return report


def remove_starter(library: MusicLibrary) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """Remove every starter link from the emotion folders (never a file of the listener's): ([(link, where it
    pointed)], problems); `restore_starter` puts them back."""
    removed, problems = [], []
    for link in _starter_links(library):
        try:
            target = os.readlink(link)
            os.unlink(link)
            removed.append((link, target))
        except OSError as error:
            problems.append((link, os_problem(error)))
    return removed, problems


def restore_starter(removed: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Put back starter links `remove_starter` removed (a name taken since is left as it is); returns problems."""
    problems = []
    for link, target in removed:
        try:
            os.symlink(target, link)
        except OSError as error:
            problems.append((link, os_problem(error)))
    return problems


def _starter_links(library: MusicLibrary) -> list[str]:
    links = []
    for emotion in EMOTIONS:
        folder = library.folder(emotion)
        if not folder.is_dir():
            continue
        for entry in os.scandir(folder):
            if entry.is_symlink() and origin(entry.path) is not None:
                links.append(entry.path)
    return links


def _link(song: Path, folder: Path) -> Path:
    """A symbolic link to `song` in `folder` under the song's name, or the first free `name (n)`."""
    number = 0
    while True:
        name = song.name if number == 0 else f"{song.stem} ({number}){song.suffix}"
        try:
            os.symlink(song, folder / name)
            return folder / name
        except FileExistsError:
            number += 1
