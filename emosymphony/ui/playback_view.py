"""The window's playback side: Now Playing, the transport, the queue, likes, volume and another player."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QHBoxLayout, QInputDialog, QLabel, QPushButton, QStyle

from ..errors import EmosymphonyError
from ..events import EndEvent, TrackEvent
from ..music.mediakeys import MediaKeys
from ..music.player import PLAYING
from ..music.starter import origin, starter_songs
from ..music.tags import read_cover
from .panels import QueuePanel
from .style import spaced
from .widgets import NowPlaying

VOLUME_STEP = 0.05


class PlaybackView:
    """Part of MainWindow: what plays, what comes next, and the listener's hands on it."""

    def _build_playback(self) -> None:
        self.queue_panel = QueuePanel()
        self.queue_panel.row_activated.connect(self.session.play_upcoming)
        self.queue_panel.open_folder_requested.connect(self.open_music_folder)
        self.queue_panel.add_songs_requested.connect(self.ask_songs)
        self.queue_panel.starter_requested.connect(self.add_starter_music)
        self.queue_panel.setMinimumHeight(110)
        self.now_playing = NowPlaying()
        self.now_playing.seek_requested.connect(self.session.seek)
        self.now_playing.volume_changed.connect(self._volume_changed)
        self.now_playing.like_toggled.connect(lambda _: self.like_current())
        style = self.style()
        self.previous_button = QPushButton(style.standardIcon(QStyle.StandardPixmap.SP_MediaSkipBackward), "Previous")
        self.play_button = QPushButton(style.standardIcon(QStyle.StandardPixmap.SP_MediaPlay), "Play")
        self.next_button = QPushButton(style.standardIcon(QStyle.StandardPixmap.SP_MediaSkipForward), "Next")
        for button, action, name in ((self.previous_button, self.previous, "Previous song"),
                                     (self.play_button, self.play_pause, "Play or pause"),
                                     (self.next_button, self.next, "Next song")):
            button.setAccessibleName(name)
            button.clicked.connect(action)
        self.external_note = QLabel("")
        self.transport = spaced(QHBoxLayout())
        for widget in (self.previous_button, self.play_button, self.next_button):
            self.transport.addWidget(widget)
        self.transport.addWidget(self.external_note, 1)
        self._shown_state: str | None = None
        self._shown_waiting: str | None = None

    def _show_track_event(self, event) -> None:
        if isinstance(event, TrackEvent):
            track = event.item.track
            cover = read_cover(Path(track.path)) if track.has_cover else None
            package = origin(track.path)
            self.now_playing.show_track(track.title, track.artist, track.album, track.duration, cover, event.item.reason,
                                        liked=self.symphony.is_liked(track.path),
                                        credit=package.credit() if package else "", mood=track.emotion)
            self.now_playing.reason.setToolTip("\n".join(part for part in (event.item.reason, event.item.detail) if part))
            announcement = self.symphony.announcement(event)
            if announcement and not self.isActiveWindow():  # the window in front already shows it
                self.notifier.show(*announcement)
        elif isinstance(event, EndEvent) and self.session.current is None:
            self._show_nothing_playing()

    def _show_nothing_playing(self) -> None:
        """Nothing plays: say how to start, since music did not start by itself."""
        self.now_playing.show_track("Nothing playing", "", "", 0.0, None)
        self.now_playing.reason.setText("Press Space to play, or pick a mood with keys 1–7")

    def _show_queue(self) -> None:
        if self.library_scanned and not self.symphony.tracks:
            self.queue_panel.show_empty_library(self.library.root, len(starter_songs()))
        else:
            self.queue_panel.show_queue(self.session.upcoming)
        waiting = self.session.waiting_mood
        if waiting and waiting != self._shown_waiting:  # a new mood's music comes after this song: say so, and how to hear it now
            self.show_message(f"Next: {waiting} music — after this song · Ctrl+M: now")
        self._shown_waiting = waiting

    def _show_playback(self) -> None:
        """The position in the song, and the play button and MPRIS when the state changed."""
        current = self.session.current
        if current is not None:
            self.now_playing.show_position(self.session.position, current.track.duration)
        if self.session.generating:  # what the music does changes bar by bar (drawn only when it did)
            described = self.session.describe_generated()
            if described != self.now_playing.reason.text():
                self.now_playing.reason.setText(described)
        if self.session.state != self._shown_state:
            self._update_play_button()

    def play_pause(self) -> None:
        self.session.play_pause()
        self._update_play_button()

    def next(self) -> None:
        self.session.next()

    def previous(self) -> None:
        self.session.previous()

    def dislike_current(self) -> None:
        self.session.dislike_current()

    def like_current(self) -> None:
        """Like the song playing (in the mood it plays for), or take the like back."""
        liked = self.symphony.toggle_like()
        if liked is not None:
            self.now_playing.show_liked(liked)

    def show_never_play(self) -> None:
        from .memory_views import NeverPlayDialog  # with matplotlib: loaded when first asked for (45 MB)

        NeverPlayDialog(self.memory.taste, self).exec()
        self.symphony.never_play_changed()

    def change_volume(self, direction: str) -> None:
        """"+" or "-": one step up or down (sent to the other player in external mode)."""
        if self.session.external:
            self._media_keys.send("volumeup" if direction == "+" else "volumedown")
            return
        step = VOLUME_STEP if direction == "+" else -VOLUME_STEP
        self.now_playing.volume.setValue(self.now_playing.volume.value() + int(round(step * 100)))

    def _volume_changed(self, value: float) -> None:
        self.symphony.change_settings(volume=value)

    def set_resume_where_i_was(self, on: bool) -> None:
        """Start the next run with the song that played at quit, from where it was."""
        self.symphony.change_settings(resume_where_i_was=on)

    def set_pause_when_away(self, on: bool) -> None:
        """Fade the music out while nobody is in view, and bring it back on return."""
        self.symphony.change_settings(pause_when_away=on)

    def set_notify_tracks(self, on: bool) -> None:
        """Tell the desktop when a song starts (while the window is not in front)."""
        self.symphony.change_settings(notify_tracks=on)

    def ask_away_timings(self) -> None:
        settings = self.symphony.settings
        away, accepted = QInputDialog.getInt(self, "When I leave", "Fade the music out after this many seconds with "
                                             "nobody in view:", int(settings.away_seconds), 1, 600)
        if not accepted:
            return
        back, accepted = QInputDialog.getInt(self, "When I leave", "Bring it back after this many seconds of a face "
                                             "in view:", int(settings.back_seconds), 1, 600)
        if accepted:
            self.set_away_timings(away, back)

    def set_away_timings(self, away: float, back: float) -> None:
        """How long nobody must be in view before the music fades, and a face before it comes back."""
        self.symphony.change_settings(away_seconds=away, back_seconds=back)
        self.show_message(f"The music fades after {away:g} s with nobody in view and comes back after {back:g} s")

    def set_generate(self, on: bool) -> None:
        """Generated music all the time, or only for a mood whose folder has fewer than five songs."""
        self.symphony.change_settings(generate=on)

    def set_level_loudness(self, on: bool) -> None:
        """Play every song at one loudness (from the next song on), or each as it was mastered."""
        self.symphony.change_settings(level_loudness=on)

    def set_external(self, on: bool) -> None:
        """Send the transport to another player with media keys; Emotion Symphony's own player stops."""
        if not on:
            self.session.set_external(None)
            self.external_note.setText("")
            return
        try:
            self._media_keys = MediaKeys()
        except EmosymphonyError as error:
            self.show_message(str(error))
            self.actions_by_text["Control another player (media keys)"].setChecked(False)
            return
        self.session.set_external(self._media_keys.send)
        self.external_note.setText("Controlling another player with media keys")

    def _update_play_button(self) -> None:
        self._shown_state = self.session.state
        self.mpris.notify()
        playing = self.session.state == PLAYING
        self.play_button.setText("Pause" if playing else "Play")
        icon = QStyle.StandardPixmap.SP_MediaPause if playing else QStyle.StandardPixmap.SP_MediaPlay
        self.play_button.setIcon(self.style().standardIcon(icon))
