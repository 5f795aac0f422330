"""Listener profiles: each keeps its own memory; removing one deletes its data; export holds everything."""

from __future__ import annotations

import getpass

import pytest

from emosymphony.memory.listener import ListenerMemory
from emosymphony.memory.profiles import ProfileError, export_profile
from emosymphony.memory.simulation import make_library
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
