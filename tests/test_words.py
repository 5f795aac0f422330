"""Counts in plain words."""

from emosymphony.words import counted


def test_one_is_singular_and_every_other_count_plural():
    assert [counted(n, "song") for n in (0, 1, 2)] == ["0 songs", "1 song", "2 songs"]
    assert counted(1, "match", "matches") == "1 match" and counted(3, "match", "matches") == "3 matches"
