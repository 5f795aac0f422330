"""Listener profiles: each keeps its own memory; removing one deletes its data; export holds everything."""

from __future__ import annotations

import getpass

import pytest

from emosymphony.memory.listener import ListenerMemory
from emosymphony.memory.profiles import ProfileError, export_profile
from benchmarks._simulation import make_library
from emosymphony.music.recommend import Recommender


def test_the_first_profile_is_named_after_the_computer_account(tmp_path):
    memory = ListenerMemory.open(tmp_path)
    assert memory.profile.name == getpass.getuser()
    assert ListenerMemory.open(tmp_path).profile == memory.profile  # the last one used opens next time


def test_add_rename_remove_and_clear_errors(tmp_path):
    profiles = ListenerMemory.open(tmp_path).profiles
    profiles.add("Ana")
    with pytest.raises(ProfileError, match="already a profile"):
        profiles.add("  ana ")
    with pytest.raises(ProfileError, match="needs a name"):
        profiles.add("   ")
    assert profiles.rename("ana", "Ana María").name == "Ana María"
    profiles.remove("Ana María")
    with pytest.raises(ProfileError, match="no profile named"):
        profiles.get("Ana María")


def test_profiles_do_not_see_each_others_memory(tmp_path):
    tracks = make_library(14)
    memory = ListenerMemory.open(tmp_path)
    memory.profiles.add("ben")
    memory.taste.like(tracks[0], "angry")
    memory.taste.dislike(tracks[7])
    memory.history.record_mood(1.0, "angry", 0.9, "camera")
    memory.save_settings({"strategy": "lift"})
    memory.switch("ben")
    assert memory.taste.evidence("angry") == {} and memory.taste.disliked == set()
    assert not memory.taste.is_liked(tracks[0].path) and memory.history.moods() == [] and memory.settings() == {}
    fresh, shared = Recommender(tracks, seed=4), Recommender(tracks, seed=4, taste=memory.taste)
    assert shared.plan("angry", length=2) == fresh.plan("angry", length=2)  # ben plans as a brand-new listener


def test_removing_a_profile_deletes_its_data(tmp_path):
    tracks = make_library(7)
    memory = ListenerMemory.open(tmp_path)
    first = memory.profile.name
    memory.taste.like(tracks[1], "sad")
    memory.taste.heard(tracks[2], "sad", "finished", 200, 0.0)
    memory.history.record_mood(1.0, "sad", 0.9, "camera")
    memory.profiles.add("other")
    memory.switch("other")
    memory.profiles.remove(first)
    connection = memory.database.connection
    for table in ("likes", "taste", "moods", "plays", "settings", "dislikes"):
        assert connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0, table


def test_export_holds_everything_about_the_profile(tmp_path):
    tracks = make_library(7)
    memory = ListenerMemory.open(tmp_path)
    memory.taste.like(tracks[3], "happy")
    memory.taste.dislike(tracks[4])
    memory.history.record_mood(5.0, "happy", 0.7, "photo")
    memory.save_settings({"volume": 0.4})
    data = export_profile(memory.profiles, memory.profile.name)
    assert data["settings"] == {"volume": 0.4}
    assert [like["path"] for like in data["likes"]] == [tracks[3].path]
    assert [d["path"] for d in data["dislikes"]] == [tracks[4].path]
    assert data["moods"] == [{"time": 5.0, "mood": "happy", "confidence": 0.7, "source": "photo"}]
    assert data["taste"][0]["path"] == tracks[3].path and data["taste"][0]["good"] == 3.0


@pytest.mark.parametrize("name", ["esc\x1b[31mRED", "bell\x07", "evil\u202eoiduA", "zero\u200bwidth", "nul\x00"])
def test_names_with_control_or_formatting_characters_are_refused(tmp_path, capsys, name):
    from emosymphony.cli import main

    profiles = ListenerMemory.open(tmp_path).profiles
    with pytest.raises(ProfileError, match="control or formatting characters"):
        profiles.add(name)
    with pytest.raises(ProfileError, match="control or formatting characters"):
        profiles.rename(profiles.list()[0].name, name)
    assert main(["profile", "add", name, "--data-dir", str(tmp_path)]) == 1
    captured = capsys.readouterr()
    assert "\x1b" not in captured.out + captured.err and "control or formatting" in captured.err


def test_a_stored_name_with_escapes_is_shown_plain(tmp_path, capsys):
    import warnings

    from emosymphony.cli import main

    memory = ListenerMemory.open(tmp_path)
    memory.database.connection.execute("UPDATE profiles SET name = ?", ("old\x1b[31mname",))  # from before the check
    assert main(["profile", "list", "--data-dir", str(tmp_path)]) == 0
    assert "\x1b" not in capsys.readouterr().out
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib's "Glyph 27 missing" would fail the test
        assert main(["history", "--plot", str(tmp_path / "j.png"), "--data-dir", str(tmp_path)]) == 0


def test_a_profile_removed_while_in_use_stops_its_recording_without_a_crash(tmp_path):
    from emosymphony.memory.database import DatabaseError
    from emosymphony.music.player import NullOutput
    from emosymphony.session import ListeningSession

    ListenerMemory.open(tmp_path).profiles.add("Victim")
    listening = ListenerMemory.open(tmp_path, "Victim")
    heard = []
    listening.on_problem = heard.append
    session = ListeningSession(Recommender(make_library(14), seed=1, taste=listening.taste), NullOutput(),
                               on_event=listening.recorder)
    events = []
    session.on_event = lambda event: (events.append(event), listening.recorder(event))
    session.set_manual_mood("happy")
    ListenerMemory.open(tmp_path).profiles.remove("Victim")  # another program removes it meanwhile
    session.next()
    session.set_manual_mood("sad")
    liked = session.like_current()
    skipped = session.dislike_current()  # the memory cannot take it: skipped this once, and said
    assert session.current.track != skipped
    session.close()
    assert heard == ["This profile was removed by another program; from now on nothing is remembered"]
    said = [e.text for e in events if type(e).__name__ == "MessageEvent"]
    assert "this profile was removed by another program; the like was not remembered" in said
    assert (f"this profile was removed by another program; the dislike was not remembered; "
            f"{skipped.display_name} is skipped this time only") in said and liked is not None
    with pytest.raises(DatabaseError, match="removed"):
        listening.save_settings({"volume": 0.5})
    assert "Victim" not in {p.name for p in ListenerMemory.open(tmp_path).profiles.list()}


def test_the_memory_and_what_is_written_about_a_listener_are_private(tmp_path, capsys):
    import os
    import stat

    from emosymphony.cli import main
    from emosymphony.memory.database import default_data_dir

    folder = default_data_dir()  # the program's own folder (under this test's XDG_DATA_HOME)
    folder.mkdir(parents=True, mode=0o755)
    os.chmod(folder, 0o755)
    (folder / "memory.db").touch(mode=0o644)  # left by an earlier version, readable by all
    os.chmod(folder / "memory.db", 0o644)
    memory = ListenerMemory.open()
    memory.history.record_mood(1.0, "happy", 0.9, "camera")
    assert main(["profile", "export", memory.profile.name, "--out", str(tmp_path / "me.json")]) == 0
    modes = {path.name: stat.S_IMODE(os.stat(path).st_mode) for path in [folder, *folder.iterdir(), tmp_path / "me.json"]}
    assert modes.pop(folder.name) == 0o700 and set(modes) >= {"memory.db", "memory.db-wal", "memory.db-shm", "me.json"}
    assert set(modes.values()) == {0o600}, modes


def test_a_folder_the_listener_names_keeps_its_mode_and_the_memory_in_it_is_private(tmp_path):
    import os
    import stat

    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o755)
    ListenerMemory.open(shared).history.record_mood(1.0, "happy", 0.9, "camera")
    assert stat.S_IMODE(shared.stat().st_mode) == 0o755  # the listener's folder is left as they keep it
    assert {stat.S_IMODE(p.stat().st_mode) for p in shared.iterdir()} == {0o600}
    ListenerMemory.open(tmp_path / "new" / "data")
    assert stat.S_IMODE((tmp_path / "new" / "data").stat().st_mode) == 0o700  # made by the program: private
