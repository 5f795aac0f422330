"""Every command of the window with its menu and shortcut: one table for the menus, the F1 help and the README."""

from __future__ import annotations

from dataclasses import dataclass

from ..emotions import EMOTIONS


@dataclass(frozen=True)
class ActionSpec:
    """A window command: `name` is the MainWindow method it calls (with `argument` when given)."""

    name: str
    text: str
    menu: str
    shortcut: str = ""
    argument: str | None = None
    checkable: bool = False


ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec("ask_photo", "Open photo…", "&File", "Ctrl+O"),
    ActionSpec("ask_songs", "Add songs…", "&File", "Ctrl+Shift+A"),
    ActionSpec("ask_music_folder", "Choose music folder…", "&File"),
    ActionSpec("open_music_folder", "Open music folder", "&File"),
    ActionSpec("export_mood_playlist", "Export mood playlist…", "&File"),
    ActionSpec("add_starter_music", "Add free music to start with", "&File"),
    ActionSpec("remove_starter_music", "Remove the free starter songs", "&File"),
    ActionSpec("close", "Quit", "&File", "Ctrl+Q"),
    ActionSpec("undo_last_change", "Undo", "&Edit", "Ctrl+Z"),
    ActionSpec("add_duplicates_anyway", "Add the songs already in the library anyway", "&Edit"),
    ActionSpec("play_pause", "Play/Pause", "&Playback", "Space"),
    ActionSpec("next", "Next", "&Playback", "Ctrl+Right"),
    ActionSpec("previous", "Previous", "&Playback", "Ctrl+Left"),
    ActionSpec("switch_now", "Switch to the mood's music now", "&Playback", "Ctrl+M"),
    ActionSpec("change_volume", "Volume up", "&Playback", "Ctrl+Up", "+"),
    ActionSpec("change_volume", "Volume down", "&Playback", "Ctrl+Down", "-"),
    ActionSpec("like_current", "Like this song", "&Playback", "Ctrl+L"),
    ActionSpec("dislike_current", "Skip and never play again", "&Playback", "Ctrl+D"),
    ActionSpec("show_never_play", "Never play list…", "&Playback"),
    ActionSpec("set_autoplay", "Start music by itself", "&Playback", checkable=True),
    ActionSpec("set_switch_on_mood", "Switch songs when my mood changes", "&Playback", checkable=True),
    ActionSpec("set_level_loudness", "Play every song at one loudness", "&Playback", checkable=True),
    ActionSpec("set_pause_when_away", "Pause when I leave", "&Playback", checkable=True),
    ActionSpec("set_resume_where_i_was", "Start where I left off", "&Playback", checkable=True),
    ActionSpec("set_notify_tracks", "Tell the desktop when a song starts", "&Playback", checkable=True),
    ActionSpec("ask_away_timings", "When I leave: timings…", "&Playback"),
    ActionSpec("set_generate", "Generate music (always, not only for a mood with few songs)", "&Playback", checkable=True),
    ActionSpec("set_external", "Control another player (media keys)", "&Playback", checkable=True),
    ActionSpec("set_strategy", "Match my mood", "&Strategy", "Ctrl+1", "match", checkable=True),
    ActionSpec("set_strategy", "Lift my mood", "&Strategy", "Ctrl+2", "lift", checkable=True),
    ActionSpec("set_strategy", "Keep me steady", "&Strategy", "Ctrl+3", "steady", checkable=True),
    ActionSpec("set_override", "Auto (camera)", "&Mood", "0", "", checkable=True),
    *(ActionSpec("set_override", emotion.capitalize(), "&Mood", str(n), emotion, checkable=True)
      for n, emotion in enumerate(EMOTIONS, start=1)),
    ActionSpec("set_sensitivity", "Sensitivity: calmest (only strong expressions)", "&Mood", "", "0", checkable=True),
    ActionSpec("set_sensitivity", "Sensitivity: calm", "&Mood", "", "0.25", checkable=True),
    ActionSpec("set_sensitivity", "Sensitivity: balanced", "&Mood", "", "0.5", checkable=True),
    ActionSpec("set_sensitivity", "Sensitivity: expressive", "&Mood", "", "0.75", checkable=True),
    ActionSpec("set_sensitivity", "Sensitivity: most expressive (subtle expressions count)", "&Mood", "", "1", checkable=True),
    ActionSpec("show_journal", "Mood journal", "P&rofile", "Ctrl+J"),
    ActionSpec("teach_resting_face", "Teach it my resting face…", "P&rofile"),
    ActionSpec("forget_resting_face", "Forget my resting face", "P&rofile"),
    ActionSpec("new_profile", "New profile…", "P&rofile"),
    ActionSpec("rename_profile", "Rename this profile…", "P&rofile"),
    ActionSpec("remove_profile", "Remove a profile…", "P&rofile"),
    ActionSpec("export_profile", "Export my data…", "P&rofile"),
    ActionSpec("open_data_folder", "Open data folder", "P&rofile"),
    ActionSpec("show_shortcuts", "Keyboard shortcuts", "&Help", "F1"),
    ActionSpec("show_about", "About Emotion Symphony", "&Help"),
)


def shortcut_lines() -> list[tuple[str, str]]:
    """(shortcut, what it does) for every action that has a shortcut, in menu order."""
    return [(spec.shortcut, f"{spec.menu.replace('&', '')}: {spec.text}") for spec in ACTIONS if spec.shortcut]


def shortcut_table_markdown() -> str:
    """The shortcuts as the Markdown table in the README."""
    rows = ["| Key | Action |", "|---|---|"]
    rows += [f"| {key} | {text} |" for key, text in shortcut_lines()]
    return "\n".join(rows)
