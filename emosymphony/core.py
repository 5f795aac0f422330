"""The application: one object that both shells (the window and the command line) open and present. No Qt.

`Symphony.open` builds the music library, the listener's memory, the recommender, the listening session and
the sound cache; the symphony then keeps the listener's rules in one place: what a library scan changes
(renamed songs keep their likes), what is remembered of each event, which settings apply and when they are
saved, what a profile switch changes, and how everything closes.
"""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path
from typing import Callable, Protocol

import numpy as np

from .errors import EmosymphonyError, plain_text
from .events import SessionEvent, TrackEvent
from .memory.listener import ListenerMemory
from .model.resting_face import RestingFace
from .music.analysis import SoundCache, SoundFeatures
from .music.catalog import load_default_catalog
from .music.library import MusicLibrary, ScanResult
from .music.player import AudioOutput, NullOutput
from .music.recommend import Recommender
from .music.sorting import examples_of, personal_model
from .music.sound_mood import PersonalModel, place
from .music.starter import credited
from .session import ListeningSession
from .settings import ListenerSettings
from .shutdown import uninterrupted


class FaceReader(Protocol):
    """What the symphony needs of the emotion model (EmotionClassifier): the listener's sensitivity and resting
    face, and the identity of its weights."""

    sensitivity: float
    resting_face: np.ndarray | None

    @property
    def identity(self) -> str: ...


class Symphony:
    """Emotion Symphony for one listener at a time: call its methods from one thread (the shell's)."""

    def __init__(self, library: MusicLibrary, memory: ListenerMemory, output: AudioOutput, settings: ListenerSettings,
                 notes: list[str], clock: Callable[[], float] = time.monotonic):
        self.library = library
        self.memory = memory
        recommender = Recommender([], load_default_catalog(), taste=memory.taste)
        self.session = ListeningSession(recommender, output, settings, on_event=self._event, clock=clock,
                                        generator=generated_music)
        self.sound_cache = SoundCache(memory.database.connection)
        self.notes = notes
        """What the listener should know about how it opened (a memory that forgets, silent output, reset settings)."""
        self.listeners: list[Callable[[SessionEvent], None]] = []
        """The shells' handlers of session events; each event reaches them first, then the memory."""
        self.sounds: dict[str, SoundFeatures] = {}
        """The analysed sound of the library's songs, by path."""
        self.classifier: FaceReader | None = None
        self.opened_at = time.time()
        """When this run began (seconds since the epoch): the journal's "this session"."""
        self._personal = True
        self._settings_changed = False

    @classmethod
    def open(cls, music_dir: str | Path | None = None, data_dir: str | Path | None = None, profile: str | None = None,
             output: AudioOutput | None = None, clock: Callable[[], float] = time.monotonic,
             memory: ListenerMemory | None = None) -> "Symphony":
        """Open the library in `music_dir` (default: ~/Music/Emotion Symphony) and the memory in `data_dir` for
        `profile` (default: the last one used), playing through `output` (default: silent). The library is read
        by `scan` (or a shell's worker, then `apply_scan`)."""
        memory = memory or ListenerMemory.open(data_dir, profile)
        settings, notes = listener_settings(memory)
        notes = list(memory.notes) + notes
        if output is not None and not output.audible:
            notes.append(f"{output.reason}: music cannot be heard here")
        output = output or NullOutput(clock=clock)
        output.volume = settings.volume
        symphony = cls(MusicLibrary(music_dir), memory, output, settings, notes, clock)
        if settings.resume_where_i_was:
            symphony.session.resume_at = _where(memory.settings().get(WHERE_KEY))
        return symphony

    # ----- state -----------------------------------------------------------------------------------

    @property
    def settings(self) -> ListenerSettings:
        """The listener's settings in use (the session reads them at each decision)."""
        return self.session.settings

    @property
    def tracks(self):
        """The playable songs of the last scan."""
        return self.session.recommender.tracks

    def is_liked(self, path: str) -> bool:
        return self.memory.taste.is_liked(path)

    def suggestions(self, count: int):
        """Catalog songs the listener does not own, for the mood followed (neutral while nobody is in view)."""
        return self.session.recommender.suggestions(self.session.mood, self.settings.strategy, count)

    def announcement(self, event: TrackEvent) -> tuple[str, str] | None:
        """What to tell the desktop about a song that started — its title, then its artist and why it plays — or
        None when the listener turned that off."""
        if not self.settings.notify_tracks:
            return None
        track = event.item.track
        about = " — ".join(part for part in (track.artist, event.item.reason) if part)
        return plain_text(track.title), plain_text(about)

    # ----- events ----------------------------------------------------------------------------------

    def _event(self, event: SessionEvent) -> None:
        with uninterrupted():  # what the shells said is what is remembered: a signal waits for both
            for listener in self.listeners:
                listener(event)
            self.memory.recorder(event)

    # ----- the library and its sound ------------------------------------------------------------------

    def scan(self) -> ScanResult:
        """Read the library (only new or changed files) and apply what changed."""
        result = self.library.scan()
        self.apply_scan(result)
        return result

    def apply_scan(self, result: ScanResult) -> None:
        """A scan of the library (made here or on a shell's worker): renamed songs keep their history, likes and
        dislikes; the upcoming songs are planned again; sounds analysed before are known without analysis. Free
        starter songs are named as their packages credit them."""
        result = replace(result, tracks=[credited(track) for track in result.tracks])
        self.memory.tracks_moved(result.renamed)
        for old, new in result.renamed:
            if old in self.sounds:
                self.sounds[new] = self.sounds.pop(old)
        playable = {track.path for track in result.playable}
        self.sounds = {path: features for path, features in self.sounds.items() if path in playable}
        for path in playable - set(self.sounds):
            features = self.sound_cache.known(path)
            if features is not None:
                self.sounds[path] = features
        self._sounds_changed()
        self.session.library_changed(result.playable)

    def export_mood(self, mood: str, playlist: str | Path) -> int:
        """Write the songs of a mood's folder (as last scanned) as an M3U8 playlist; returns how many."""
        from .music.playlists import write_playlist

        return write_playlist(sorted((t for t in self.tracks if t.emotion == mood), key=lambda t: t.path), playlist)

    def unanalysed(self) -> list[str]:
        """The playable songs whose sound is not known yet (for a shell to analyse off its thread)."""
        return [track.path for track in self.tracks if track.path not in self.sounds]

    def add_sounds(self, found: dict[str, SoundFeatures]) -> None:
        """Sounds analysed by a shell's worker: lift and steady use each song's own sound from now on."""
        self.sounds.update(found)
        self._sounds_changed()

    def _sounds_changed(self) -> None:
        self.session.recommender.set_sounds({path: place(features) for path, features in self.sounds.items()})
        self.session.loudness = {path: features.integrated_loudness for path, features in self.sounds.items()}

    def personal_model(self) -> PersonalModel | None:
        """A model of how the listener sorts songs, once enough of their own songs are analysed."""
        return personal_model(examples_of(self.tracks, self.sounds))

    def use_music_folder(self, folder: str | Path) -> None:
        """Use another music folder (read by the next scan)."""
        self.library = MusicLibrary(folder)

    def camera_stopped(self) -> None:
        """The camera ended, failed or was turned off: its mood is no longer known (and no longer counted)."""
        self.session.camera_stopped()

    # ----- the listener: likes, settings, profiles ---------------------------------------------------------

    def toggle_like(self) -> bool | None:
        """Like the song playing (in the mood it plays for), or take the like back; its state after, or None when
        nothing plays."""
        current = self.session.current
        if current is None:
            return None
        self.session.like_current(not self.is_liked(current.track.path))
        return self.is_liked(current.track.path)

    def never_play_changed(self) -> None:
        """The listener let songs back from "Never play": they may be planned again."""
        self.session.library_changed(self.tracks)

    def use_model(self, classifier: FaceReader, personal: bool = True) -> list[str]:
        """The emotion model the shell reads faces with: it follows the listener's sensitivity and (`personal`)
        their resting face. Returns what the listener should know (a resting face taught for another model)."""
        self.classifier, self._personal = classifier, personal
        return fit_model(classifier, self.settings, personal)

    def teach_resting_face(self, face: RestingFace | None) -> None:
        """Remember the listener's resting face (None forgets it) and read faces with it from now on."""
        remember_resting_face(self.memory, face)
        self.change_settings(remember=False, resting_face=face.to_dict() if face else None)

    def change_settings(self, remember: bool = True, **values: object) -> ListenerSettings:
        """Change some of the listener's settings (ValueError names a value that is not allowed) and apply them
        now. `remember`: saved in the profile when the symphony closes or switches profiles; else for this run
        only (a command-line option)."""
        new = self.settings.changed(**values)
        if new.strategy != self.settings.strategy:
            self.session.set_strategy(new.strategy)  # re-plans what comes next
        if new.generate != self.settings.generate:
            self.session.set_generate(new.generate)
        self.session.settings = new
        self._apply(new)
        self._settings_changed = self._settings_changed or remember
        return new

    def _apply(self, settings: ListenerSettings) -> list[str]:
        self.session.output.volume = settings.volume
        if self.classifier is None:
            return []
        return fit_model(self.classifier, settings, self._personal)  # the camera thread reads it on its next look

    def save_settings(self) -> None:
        """Save the listener's changed settings in their profile (DatabaseError: the memory cannot take them now)."""
        if self._settings_changed:
            self.memory.save_settings(self.settings.saved())
            self._settings_changed = False

    def switch_profile(self, name: str) -> list[str]:
        """Listen as another profile from now on: its likes, dislikes, learned taste, history and settings.
        Returns problems with its saved settings (their defaults are used)."""
        if name == self.memory.profile.name:
            return []
        self.save_settings()
        self.memory.switch(name)
        self.session.recommender.taste = self.memory.taste
        settings, problems = listener_settings(self.memory)
        if settings.strategy != self.settings.strategy:
            self.session.set_strategy(settings.strategy)
        self.session.settings = settings
        problems += self._apply(settings)
        self.session.library_changed(self.tracks)  # their dislikes and taste plan the next songs
        return problems

    def add_profile(self, name: str) -> str:
        """Create a profile and listen as it; its name as stored."""
        profile = self.memory.profiles.add(name)
        self.switch_profile(profile.name)
        return profile.name

    def rename_profile(self, name: str) -> None:
        """Rename the profile in use."""
        self.memory.profile = self.memory.profiles.rename(self.memory.profile.name, name)

    # ----- closing ---------------------------------------------------------------------------------

    def close(self, fade_seconds: float = 0.0) -> list[str]:
        """Save the settings, end the session (the song fades and is recorded as interrupted) and close the memory.
        Returns what could not be saved (quitting goes on)."""
        problems = []
        current = self.session.current
        where = ({"path": current.track.path, "position": round(self.session.position, 1)}
                 if self.settings.resume_where_i_was and current is not None and not current.track.generated else None)
        try:
            self.save_settings()
            self.memory.save_settings({WHERE_KEY: where})
        except EmosymphonyError as error:  # a removed profile, a locked or full memory
            problems.append(str(error))
        with uninterrupted():
            self.session.close(fade_seconds=fade_seconds)
            self.memory.close()
        return problems


WHERE_KEY = "where"
"""The profile's stored song and position at the last quit (beside its settings, not one of them)."""


def _where(stored: object) -> tuple[str, float] | None:
    """The song and position stored at the last quit, if they read back as such."""
    if isinstance(stored, dict) and isinstance(stored.get("path"), str) and isinstance(stored.get("position"), (int, float)):
        position = float(stored["position"])
        if 0.0 <= position < 86400.0:
            return stored["path"], position
    return None


def fit_model(classifier: FaceReader, settings: ListenerSettings, personal: bool = True) -> list[str]:
    """Read faces at the listener's sensitivity and, when `personal`, with their resting face if it was taught for
    this model. Returns what the listener should know (a resting face for another model is never applied)."""
    classifier.sensitivity = settings.sensitivity
    classifier.resting_face = None
    if not personal or settings.resting_face is None:
        return []
    try:
        face = RestingFace.from_dict(settings.resting_face)
    except ValueError:
        return ["The saved resting face cannot be read; teach it again (Profile ▸ Teach it my resting face…)"]
    if face.model != classifier.identity:
        return ["Your resting face was taught for another emotion model, so it is not used; teach it again "
                "(Profile ▸ Teach it my resting face…, or `emosymphony calibrate`)"]
    classifier.resting_face = np.array(face.offsets, dtype=np.float64)
    return []


def remember_resting_face(memory: ListenerMemory, face: RestingFace | None) -> None:
    """Store the profile's resting face now (None forgets it); DatabaseError when the memory cannot take it."""
    memory.save_settings({"resting_face": face.to_dict() if face else None})


def listener_settings(memory: ListenerMemory) -> tuple[ListenerSettings, list[str]]:
    """The profile's saved settings, and a note naming any that could not be used (their defaults apply)."""
    settings, problems = ListenerSettings.restored(memory.settings())
    note = [f"Some saved settings of {memory.profile.name} could not be used and were reset: {', '.join(problems)}"]
    return settings, note if problems else []


def generated_music(start: tuple[float, float]):
    """Generated music starting at `start` (valence, arousal), seeded afresh: the session's generator
    (GenerationUnavailable when FluidSynth or a SoundFont is missing)."""
    import secrets

    from .music.generate.stream import GeneratedMusic

    return GeneratedMusic(start, seed=secrets.randbits(32))
