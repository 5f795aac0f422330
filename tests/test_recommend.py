import pytest

from emosymphony.music.catalog import CatalogSong
from emosymphony.tracks import Track
from emosymphony.music.recommend import POINTS, Recommender


def _track(emotion, number, artist="", title=None):
    title = title or f"{emotion} {number}"
    return Track(f"/music/{emotion}/{title}.ogg", emotion, title, artist, "", 200.0, False, 1, 1.0)


def _song(title, artist, valence, energy, spotify_id=""):
    return CatalogSong(title, artist, "", spotify_id, valence, energy, "", "", "test")


@pytest.fixture
def tracks():
    return [_track(e, n) for e in ("sad", "neutral", "happy", "angry") for n in range(4)]


def test_points_follow_the_circumplex():
    assert POINTS["happy"][0] > 0.7 and POINTS["sad"][0] < -0.6 and POINTS["sad"][1] < 0
    assert POINTS["angry"][1] > 0.7 and POINTS["calm"][1] < 0 < POINTS["calm"][0]
    assert POINTS["neutral"] == (0.0, 0.0)


def test_match_plays_the_mood_folder_without_repeats_until_exhausted(tracks):
    recommender = Recommender(tracks, seed=1)
    seen = []
    for _ in range(4):
        item = recommender.plan("sad", "match", length=1)[0]
        assert item.track.emotion == "sad" and "fits sad" in item.reason
        recommender.mark_played(item.track)
        seen.append(item.track.path)
    assert len(set(seen)) == 4
    again = recommender.plan("sad", "match", length=4)
    assert len(again) == 4 and all(t.track.emotion == "sad" for t in again)


def test_recently_played_and_disliked_are_avoided(tracks):
    recommender = Recommender(tracks, seed=2)
    first = recommender.plan("happy", "match", length=4)
    recommender.dislike(first[0].track)
    recommender.mark_played(first[1].track)
    plan = [item.track for item in recommender.plan("happy", "match", length=4)]
    assert sorted(t.path for t in plan) == sorted(t.track.path for t in first[2:])  # neither disliked nor played
    for item in first[2:]:
        recommender.mark_played(item.track)
    plan = [item.track for item in recommender.plan("happy", "match", length=4)]
    assert first[0].track not in plan and len(plan) == 3  # the folder starts over, still without the disliked one


def test_lift_starts_where_the_listener_is_and_ends_happy(tracks):
    plan = Recommender(tracks, seed=3).plan("sad", "lift", length=6)
    emotions = [item.track.emotion for item in plan]
    assert emotions[0] == "sad" and emotions[-1] == "happy"
    assert "neutral" in emotions
    order = {"sad": 0, "neutral": 1, "happy": 2}
    assert [order[e] for e in emotions] == sorted(order[e] for e in emotions)  # never steps back
    assert "step 1 of 6: from sad toward happy" in plan[0].reason


def test_lift_from_angry_heads_for_calm_not_for_more_energy(tracks):
    plan = Recommender(tracks, seed=4).plan("angry", "lift", length=5)
    assert plan[0].track.emotion == "angry" and plan[-1].track.emotion != "angry"
    assert "toward calm" in plan[-1].reason


def test_steady_prefers_calm_tracks(tracks):
    calm = _track("neutral", 9, artist="Calm Band", title="Quiet")
    catalog = [_song("Quiet", "Calm Band", valence=0.8, energy=0.2)]
    plan = Recommender(tracks + [calm], catalog, seed=5).plan("angry", "steady", length=3)
    assert plan[0].track == calm and plan[0].reason == "steady: close to calm" and "Spotify valence/energy" in plan[0].detail


def test_catalog_refines_where_an_owned_track_sits(tracks):
    known = _track("happy", 7, artist="Adele", title="Someone Like You")
    recommender = Recommender(tracks + [known], [_song("Someone Like You", "ADELE", 0.1, 0.3)])
    point, source = recommender.place(known)
    assert source == "Spotify valence/energy" and point == pytest.approx((-0.8, -0.4))
    assert recommender.place(tracks[0]) == (POINTS["sad"], "sad folder")


def test_suggestions_skip_owned_songs_and_repeat_no_artist(tracks):
    owned = _track("happy", 8, artist="Pharrell Williams", title="Happy")
    catalog = [
        _song("Happy", "Pharrell Williams", 0.95, 0.8, "id1"),
        _song("Walking on Sunshine", "Katrina", 0.9, 0.7, "id2"),
        _song("Another Sunshine", "Katrina", 0.9, 0.7, "id3"),
        _song("Hurt", "Johnny Cash", 0.1, 0.2, "id4"),
    ]
    suggestions = Recommender(tracks + [owned], catalog).suggestions("happy", "match", count=5)
    titles = [s.song.title for s in suggestions]
    assert "Happy" not in titles and titles[0] == "Walking on Sunshine"
    assert titles.count("Another Sunshine") == 0 and titles[-1] == "Hurt"
    assert suggestions[0].song.link == "https://open.spotify.com/track/id2"


def test_empty_mood_folder_falls_back_to_the_nearest_tracks(tracks):
    plan = Recommender(tracks, seed=6).plan("surprise", "match", length=2)
    assert len(plan) == 2 and "no song in its folder" in plan[0].reason


def test_lift_and_steady_hear_each_songs_own_sound():
    from emosymphony.tracks import Track

    def song(name, emotion):
        return Track(f"/m/{emotion}/{name}.ogg", emotion, name, "", "", 200.0, False, 1, 0.0)

    restless, gentle = song("restless", "sad"), song("gentle", "sad")
    recommender = Recommender([restless, gentle], seed=0)
    first_without_sound = {recommender.plan("sad", "steady", length=1)[0].track.title for _ in range(8)}
    assert first_without_sound == {"restless", "gentle"}  # the same folder: either may come first
    recommender.set_sounds({restless.path: (-0.6, 0.7), gentle.path: (0.1, -0.6)})
    for _ in range(4):
        step = recommender.plan("sad", "steady", length=1)[0]
        assert step.track == gentle and "its sound valence +0.10, energy -0.60" in step.detail


@pytest.mark.parametrize("mood, target, length", [("sad", "happy", 5), ("angry", "calm", 8), ("fear", "calm", 3)])
def test_lift_steps_land_evenly_from_the_mood_to_its_target(mood, target, length):
    import re

    every = [_track(e, n) for e in ("sad", "neutral", "happy", "angry", "fear", "surprise", "disgust") for n in range(3)]
    plan = Recommender(every, seed=3).plan(mood, "lift", length=length)
    assert all(len(item.reason) <= 45 and "valence" not in item.reason for item in plan)  # words fit the column
    steps = [tuple(map(float, re.search(r"aims at valence ([-+.\d]+), energy ([-+.\d]+)", item.detail).groups()))
             for item in plan]
    expected = [tuple(POINTS[mood][k] + (POINTS[target][k] - POINTS[mood][k]) * i / (length - 1) for k in (0, 1))
                for i in range(length)]
    flat = [value for step in steps for value in step]
    assert flat == pytest.approx([value for step in expected for value in step], abs=0.006)  # two decimals given
    assert list(steps[-1]) == pytest.approx(list(POINTS[target]), abs=0.006)  # the last step reaches the target


def test_an_empty_folder_takes_the_songs_nearest_to_its_mood():
    import math

    library = [_track(e, n) for e in ("angry", "happy", "sad") for n in range(2)]  # no fear songs
    plan = Recommender(library, seed=2).plan("fear", "match", length=6)
    distances = [math.dist(POINTS[item.track.emotion], POINTS["fear"]) for item in plan]
    assert [item.track.emotion for item in plan[:2]] == ["angry", "angry"]  # angry sits nearest to fear
    assert distances == sorted(distances) and "nearest to fear" in plan[0].reason


@pytest.mark.parametrize("mood, strategy, target", [("sad", "match", "sad"), ("sad", "steady", "calm"),
                                                    ("sad", "lift", "happy"), ("glee", "match", "neutral")])
def test_suggestions_are_the_nearest_catalog_songs_to_the_target_one_per_artist(mood, strategy, target):
    import math

    rng = __import__("random").Random(4)
    catalog = [_song(f"Song {n}", f"Artist {n % 9}", rng.random(), rng.random()) for n in range(60)]
    picks = Recommender([], catalog).suggestions(mood, strategy, count=5)
    point = lambda s: (2 * s.valence - 1, 2 * s.energy - 1)  # noqa: E731 - the catalog's 0..1 on the -1..1 plane
    distances = [math.dist(point(p.song), POINTS[target]) for p in picks]
    by_artist = {}
    for song in catalog:
        by_artist.setdefault(song.artist, []).append(math.dist(point(song), POINTS[target]))
    assert len(picks) == 5 and distances == sorted(distances)
    assert distances == sorted(min(d) for d in by_artist.values())[:5]  # each artist's nearest song, nearest first
    v, a = point(picks[0].song)
    assert picks[0].reason == f"fits {target}: valence {v:+.2f}, energy {a:+.2f}"
    assert len(Recommender([], catalog).suggestions(mood)) == 9  # ten by default, but only nine artists


def test_a_songs_own_sound_moves_it_half_way_from_its_folder():
    track = _track("sad", 1)
    recommender = Recommender([track])
    assert recommender.place(track) == (POINTS["sad"], "sad folder")
    recommender.set_sounds({track.path: (0.6, 0.4)})
    (v, a), why = recommender.place(track)
    assert (v, a) == pytest.approx(((POINTS["sad"][0] + 0.6) / 2, (POINTS["sad"][1] + 0.4) / 2))
    assert why == "sad folder, its sound valence +0.60, energy +0.40"


def test_the_recent_songs_are_the_last_ten_and_unplayable_ones_are_left_out():
    library = [_track("happy", n) for n in range(14)]
    recommender = Recommender(library, seed=5)
    for track in library[:12]:
        recommender.mark_played(track)
    recommender.mark_played(library[3])  # played again: it moves to the end, once
    assert recommender.recent == [t.path for t in [library[2], *library[4:12], library[3]]]  # ten, the latest last
    recommender.mark_unplayable(library[13])
    planned = {item.track.path for item in recommender.plan("happy", length=14)}
    assert library[13].path not in planned and library[12].path in planned


def test_a_plan_is_eight_songs_matching_by_default_and_refuses_an_unknown_strategy():
    library = [_track(e, n) for e in ("happy", "sad") for n in range(10)]
    plan = Recommender(library, seed=1).plan("happy")
    assert len(plan) == 8 and all(item.track.emotion == "happy" and item.reason.startswith("fits happy") for item in plan)
    assert all(item.track.emotion == "happy" for item in Recommender(library, seed=1).plan("glee", "lift"))  # → neutral → happy
    with pytest.raises(ValueError) as caught:
        Recommender(library).plan("happy", "loud")
    assert str(caught.value) == "unknown strategy 'loud'; expected one of match, lift, steady"


def test_an_exhausted_folder_starts_over_but_never_with_the_recent_songs():
    library = [_track("sad", n) for n in range(12)]
    recommender = Recommender(library, seed=2)
    for track in library:
        recommender.mark_played(track)  # all played; the last ten are recent
    again = [item.track for item in recommender.plan("sad", length=2)]
    assert set(again) == set(library[:2])  # the pool starts over, and the two not played lately come first
