from mutagen.id3 import APIC, TIT2, TPE1
from mutagen.wave import WAVE

from helpers import write_tone
from emosymphony.music.tags import TagError, read_cover, read_tags

PNG_1PX = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000100e221bc330000000049454e44ae426082"
)


def test_real_ogg_tags(real_recordings):
    info = read_tags(real_recordings[0])
    assert info.title and info.artist == "Maxstack" and info.album.startswith("Endgame")
    assert info.duration > 60 and not info.has_cover


def test_wav_with_id3_tags_and_cover(tmp_path):
    path = write_tone(tmp_path / "tone.wav", seconds=0.5)
    audio = WAVE(path)
    audio.add_tags()
    audio.tags.add(TIT2(encoding=3, text="Tone"))
    audio.tags.add(TPE1(encoding=3, text="Generator"))
    audio.tags.add(APIC(encoding=3, mime="image/png", type=3, desc="cover", data=PNG_1PX))
    audio.save()
    info = read_tags(path)
    assert (info.title, info.artist, info.album) == ("Tone", "Generator", None)
    assert abs(info.duration - 0.5) < 0.01 and info.has_cover
    assert read_cover(path) == PNG_1PX


def test_untagged_mp3_has_no_tags_but_a_length(untagged_mp3s):
    info = read_tags(untagged_mp3s[0])
    assert info.title is None and info.duration > 60


def test_corrupt_file_raises_tag_error(tmp_path):
    bad = tmp_path / "bad.mp3"
    bad.write_bytes(b"\x00\x01garbage" * 50)
    try:
        read_tags(bad)
    except TagError as error:
        assert "audio" in str(error)
    else:
        raise AssertionError("a corrupt file was read as audio")
    assert read_cover(bad) is None
