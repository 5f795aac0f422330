import pytest

from helpers import SHARED
from emosymphony.music.catalog import CatalogError, load_default_catalog, read_catalog_csv, song_key, write_catalog_csv

CATALOGS = SHARED / "catalogs"


def _need(name):
    path = CATALOGS / name
    if not path.is_file():
        pytest.skip(f"{path} not present")
    return path


def test_mood_list_layout():
    songs = read_catalog_csv(_need("data_moods.csv"))
    assert len(songs) == 686
    prince = next(s for s in songs if s.artist == "Prince" and s.title == "1999")
    assert prince.spotify_id == "2H7PHVdQ3mXqEHXcvclTB0" and prince.label == "Happy"
    assert prince.valence == pytest.approx(0.625) and prince.energy == pytest.approx(0.73)
    assert prince.link == "https://open.spotify.com/track/2H7PHVdQ3mXqEHXcvclTB0"


def test_top_2000_layout_scales_to_unit_range():
    songs = read_catalog_csv(_need("spotify_2000.csv"))
    assert len(songs) == 1994
    sunrise = songs[0]
    assert (sunrise.title, sunrise.artist, sunrise.year) == ("Sunrise", "Norah Jones", "2004")
    assert sunrise.valence == pytest.approx(0.68) and sunrise.energy == pytest.approx(0.30)
    assert sunrise.link.startswith("https://duckduckgo.com/?q=Norah+Jones+Sunrise")


def test_default_catalog_is_embedded_and_round_trips(tmp_path):
    songs = load_default_catalog()
    assert len(songs) > 2500
    assert len({s.key for s in songs}) == len(songs)
    out = tmp_path / "copy.csv"
    write_catalog_csv(songs[:50], out)
    assert read_catalog_csv(out) == songs[:50]


def test_song_key_ignores_case_accents_and_extras():
    assert song_key("Beyoncé", "Halo") == song_key("BEYONCE", "Halo (Live)")
    assert song_key("Queen", "Bohemian Rhapsody - Remastered 2011") == song_key("queen", "bohemian rhapsody")
    assert song_key("Drake", "One Dance feat. Wizkid") == song_key("Drake", "One Dance")


def test_unknown_layout_names_the_columns(tmp_path):
    path = tmp_path / "other.csv"
    path.write_text("song,singer\nA,B\n")
    with pytest.raises(CatalogError, match="found singer, song"):
        read_catalog_csv(path)
