"""The listener's settings: typed, validated, read back from what a profile saved."""

import math

import pytest

from emosymphony.settings import ListenerSettings


def test_defaults_and_what_is_saved():
    settings = ListenerSettings()
    assert settings.saved() == {"strategy": "match", "volume": 0.8, "sensitivity": 0.5, "autoplay": True,
                                "switch_on_mood": False, "level_loudness": True, "generate": False,
                                "resume_where_i_was": True, "pause_when_away": True, "away_seconds": 10.0,
                                "back_seconds": 2.0, "notify_tracks": True, "resting_face": None}
    assert ListenerSettings.restored(settings.saved()) == (settings, [])


@pytest.mark.parametrize("name, value, message", [
    ("strategy", "loud", "unknown strategy 'loud'; expected one of match, lift, steady"),
    ("volume", 1.5, "volume must be a number from 0 to 1, not 1.5"),
    ("away_seconds", 0, "away_seconds must be a number of seconds from 1 to 600, not 0"),
    ("back_seconds", "soon", "back_seconds must be a number of seconds from 1 to 600, not 'soon'"),
    ("volume", math.nan, "volume must be a number from 0 to 1, not nan"),
    ("sensitivity", True, "sensitivity must be a number from 0 to 1, not True"),
    ("sensitivity", "x", "sensitivity must be a number from 0 to 1, not 'x'"),
    ("autoplay", "maybe", "autoplay must be on or off, not 'maybe'"),
])
def test_a_value_not_allowed_is_refused_by_name(name, value, message):
    with pytest.raises(ValueError) as refused:
        ListenerSettings().changed(**{name: value})
    assert str(refused.value) == message


def test_changed_is_a_checked_copy():
    settings = ListenerSettings()
    louder = settings.changed(volume=1, autoplay="no")
    assert (louder.volume, louder.autoplay, settings.volume) == (1.0, False, 0.8)
    with pytest.raises(ValueError, match="no setting named 'colour'"):
        settings.changed(colour="red")


def test_saved_values_read_back_keep_the_good_ones_and_name_the_bad():
    restored, problems = ListenerSettings.restored({"strategy": "lift", "volume": "loud", "autoplay": "false",
                                                    "sensitivity": [1], "unknown": 3})
    assert (restored.strategy, restored.volume, restored.autoplay, restored.sensitivity) == ("lift", 0.8, False, 0.5)
    assert problems == ["volume='loud'", "sensitivity='[1]'"]
