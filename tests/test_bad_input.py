"""Bad input never crashes, hangs or loses a file: every case is a real file or tree made in tmp_path,
run through the command line. Each asserts the exit status, a one-line message naming the file and
the problem, no traceback, and that no user file was lost or left half-written."""

from __future__ import annotations

import json
import os
import shutil
import signal
import struct
import subprocess
import sys
import time
import zlib
from pathlib import Path

import cv2
import numpy as np
import pytest

from helpers import needs_tensorflow, portrait_frame, small_disk, write_tone
from emosymphony.cli import main

NOT_UTF8 = os.fsdecode(b"caf\xe9")  # a Latin-1 name, as old cameras and Windows zips write them


def run(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return status, out, err


def made(path: Path, data: bytes | str) -> Path:
    """`path`, written with `data`."""
    path.write_bytes(data if isinstance(data, bytes) else data.encode())
    return path


def image(path: Path, shape: tuple[int, int], value: int = 128) -> Path:
    cv2.imwrite(str(path), np.full((*shape, 3), value, np.uint8))
    return path


def png_header(width: int, height: int) -> bytes:
    """A PNG that claims `width` x `height` pixels but holds almost nothing (a decompression bomb's header)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b"")


@pytest.fixture
def face_png(tmp_path, face_photos) -> Path:
    path = tmp_path / "face.png"
    cv2.imwrite(str(path), portrait_frame(cv2.imread(str(face_photos["obama"]))))
    return path


@pytest.fixture
def music(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    root = tmp_path / "music"
    for emotion in ("happy", "sad"):
        (root / emotion).mkdir(parents=True)
        for n in range(2):
            write_tone(root / emotion / f"{emotion}{n}.wav", seconds=0.5)
    return root


# ----- images ------------------------------------------------------------------------------------


@pytest.mark.parametrize("make, status, message", [
    (lambda d: d / "nosuch.jpg", 1, "nosuch.jpg: no such file or folder"),
    (lambda d: made(d / "empty.png", b""), 1, "empty.png: empty file"),
    (lambda d: made(d / "text.jpg", "hello"), 1, "text.jpg: not an image"),
    (lambda d: made(d / "big.png", png_header(8000, 6000)), 1, "big.png: 8000x6000 is too large"),
    (lambda d: made(d / "bomb.png", png_header(20000, 20000)), 1, "bomb.png: too large"),
    (lambda d: made(d / "huge.png", png_header(100000, 100000)), 1, "huge.png: too large"),
    (lambda d: image(d / "sliver.png", (2, 2000)), 3, "sliver.png: no face found"),
    (lambda d: image(d / "wide.png", (1, 3000)), 3, "wide.png: no face found"),
    (lambda d: image(d / "line.png", (60000, 1)), 3, "line.png: no face found"),
    (lambda d: d, 1, "is a folder, not an image"),
])
def test_detect_names_the_image_and_its_problem(capsys, tmp_path, shipped_model, make, status, message):
    code, out, err = run(capsys, "detect", str(make(tmp_path)))
    assert code == status
    assert message in out and out.count(str(tmp_path)) <= 1  # the path is said once, not twice


def test_a_truncated_jpeg_is_damaged_not_faceless(capsys, tmp_path, face_png):
    whole = cv2.imencode(".jpg", cv2.imread(str(face_png)))[1].tobytes()
    cut = tmp_path / "cut.jpg"
    cut.write_bytes(whole[: len(whole) // 2])
    code, out, _ = run(capsys, "detect", str(cut))
    assert code == 1 and "cut.jpg: damaged or truncated image" in out


def test_a_name_that_is_not_utf8_is_read_and_printed_escaped(capsys, tmp_path, face_png):
    odd = tmp_path / f"{NOT_UTF8}.png"
    shutil.copy(face_png, odd)
    code, out, _ = run(capsys, "detect", str(odd), "--annotate", str(tmp_path / "out"))
    assert code == 0 and "caf\\udce9.png: 1 face(s)" in out
    assert [p.name for p in (tmp_path / "out").iterdir()] == [f"{NOT_UTF8}-annotated.png"]


def test_one_bad_image_does_not_lose_the_batch(capsys, tmp_path, face_png):
    bomb = tmp_path / "bomb.png"
    bomb.write_bytes(png_header(20000, 20000))
    code, out, _ = run(capsys, "detect", str(bomb), str(face_png), "--json")
    results = json.loads(out)
    assert code == 1 and [bool(r["faces"]) for r in results] == [False, True]
    assert "too large" in results[0]["error"]


@needs_tensorflow
def test_annotate_into_a_file_or_out_into_a_folder_is_refused(capsys, tmp_path, face_png, fer_val):
    code, _, err = run(capsys, "detect", str(face_png), "--annotate", str(face_png))
    assert code == 1 and "face.png is a file; give a folder" in err
    for command in (["export", "--calibration", str(fer_val)], ["catalog", "import", str(face_png)]):
        code, _, err = run(capsys, *command, "--out", str(tmp_path))
        assert code == 1 and "is a folder; give a file name" in err
    code, _, err = run(capsys, "train", "--data", str(fer_val), "--out", str(tmp_path))
    assert code == 1 and "is a folder; give the model's file name" in err


def test_a_camera_folder_of_bad_images_and_odd_names(capsys, tmp_path, face_png):
    folder = tmp_path / "camera"
    folder.mkdir()
    (folder / "0-bomb.png").write_bytes(png_header(20000, 20000))
    (folder / "1-text.png").write_text("not an image")
    shutil.copy(face_png, folder / f"2-{NOT_UTF8}.png")
    code, out, _ = run(capsys, "watch", "--camera", str(folder), "--json")
    assert code == 0 and json.loads(out.splitlines()[0])["mood"] == "happy"


def test_watch_that_reads_no_frame_fails(capsys, tmp_path):
    fake = tmp_path / "camera.avi"
    fake.write_text("not a video")
    code, _, err = run(capsys, "watch", "--camera", str(fake))
    assert code == 1 and "camera.avi" in err


def test_evaluate_skips_a_bomb_and_an_odd_name_in_its_folder(capsys, tmp_path, fer_val):
    for emotion in ("happy", "sad"):
        (tmp_path / emotion).mkdir()
        for image in sorted((fer_val / emotion).iterdir())[:5]:
            shutil.copy(image, tmp_path / emotion)
    (tmp_path / "happy" / "bomb.png").write_bytes(png_header(20000, 20000))
    shutil.copy(next((fer_val / "sad").iterdir()), tmp_path / "sad" / f"{NOT_UTF8}.png")
    code, out, err = run(capsys, "evaluate", "--data", str(tmp_path), "--json")
    assert code == 0 and json.loads(out)["samples"] == 11
    assert "1 unreadable images skipped" in err and "bomb.png" in err


# ----- the music library -----------------------------------------------------------------------------


def test_a_looping_symlink_hides_no_other_song(capsys, music):
    os.symlink(music / "happy" / "b.ogg", music / "happy" / "a.ogg")
    os.symlink(music / "happy" / "a.ogg", music / "happy" / "b.ogg")
    code, out, _ = run(capsys, "library", "scan", "--music-dir", str(music))
    assert code == 0 and "4 playable tracks" in out
    assert "a.ogg: a symbolic link loops back on itself" in out


@pytest.mark.parametrize("content", ["[]", "null", '"x"', "{", '{"version": 1, "root": "%s", "tracks": [1]}'])
def test_a_damaged_library_cache_is_rebuilt_and_said_once(capsys, music, tmp_path, content):
    assert run(capsys, "library", "scan", "--music-dir", str(music))[0] == 0
    [cache] = (tmp_path / "cache" / "emosymphony").glob("library-*.json")
    cache.write_text(content % music if "%s" in content else content)
    code, out, err = run(capsys, "library", "scan", "--music-dir", str(music))
    assert code == 0 and "4 playable tracks" in out and "cache" in err and "rebuilt" in err
    code, out, err = run(capsys, "library", "scan", "--music-dir", str(music))
    assert code == 0 and "rebuilt" not in err


def test_a_mistyped_music_folder_is_not_created(capsys, tmp_path, music):
    typo = tmp_path / "musci"
    for command in (["library", "scan"], ["recommend", "--emotion", "sad"], ["play", "--emotion", "sad"]):
        code, _, err = run(capsys, *command, "--music-dir", str(typo))
        assert code == 1 and f"music folder not found: {typo}" in err
    assert not typo.exists()


@pytest.mark.parametrize("name, content, why", [
    ("text.mp3", b"this is a text file", "not playable audio"),
    ("zeros.ogg", b"OggS" + b"\x00" * 200, "not playable audio"),
])
def test_add_checks_the_content_not_the_suffix(capsys, music, tmp_path, name, content, why):
    fake = tmp_path / name
    fake.write_bytes(content)
    code, out, _ = run(capsys, "library", "add", str(fake), "--emotion", "happy", "--music-dir", str(music))
    assert code == 1 and f"skipped {fake}: {why}" in out
    assert not (music / "happy" / name).exists()


def test_truncated_songs_are_unplayable(capsys, music, real_recordings):
    whole = real_recordings[0].read_bytes()
    (music / "sad" / "cut.ogg").write_bytes(whole[: len(whole) // 3])
    wav = (music / "sad" / "sad0.wav").read_bytes()
    (music / "sad" / "cut.wav").write_bytes(wav[: len(wav) // 2])
    code, out, _ = run(capsys, "library", "scan", "--music-dir", str(music))
    assert "4 playable tracks, 2 unreadable" in out
    assert "cut.ogg: damaged" in out and "cut.wav: damaged" in out


def test_a_move_whose_source_cannot_be_deleted_keeps_both_and_undo_knows(music, tmp_path):
    from emosymphony.music.adding import add_songs, undo_add
    from emosymphony.music.library import MusicLibrary

    song = write_tone(tmp_path / "stuck.wav", seconds=0.5, frequency=1234)  # not a song the library has
    if subprocess.run(["chattr", "+i", str(song)], capture_output=True).returncode != 0:
        pytest.skip("chattr +i needs CAP_LINUX_IMMUTABLE and a file system that has it; test_files.py injects the failure instead")
    try:
        report = add_songs(MusicLibrary(music), [song], "sad", move=True)
        assert "0 songs moved into sad, 1 copied but the original kept (not permitted)" == report.summary()
        assert song.exists() and (music / "sad" / "stuck.wav").exists()
        assert undo_add(report) == []
        assert song.exists() and not (music / "sad" / "stuck.wav").exists()
    finally:
        subprocess.run(["chattr", "-i", str(song)])


@pytest.mark.slow
def test_a_killed_add_leaves_no_half_song(music, tmp_path):
    big = tmp_path / "big.wav"
    samples = 150_000_000  # 300 MB of silence: long enough to be caught while copying
    with big.open("wb") as handle:
        handle.write(b"RIFF" + struct.pack("<I", 36 + samples * 2) + b"WAVEfmt " + struct.pack("<IHHIIHH", 16, 1, 1, 22050, 44100, 2, 16)
                     + b"data" + struct.pack("<I", samples * 2))
        handle.truncate(44 + samples * 2)
    adding = subprocess.Popen([sys.executable, "-m", "emosymphony", "library", "add", str(big), "--emotion", "happy",
                               "--music-dir", str(music)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              env={**os.environ})
    deadline = time.monotonic() + 60
    while not any(p.name.startswith(".emosymphony-partial-") and p.stat().st_size > 1_000_000
                  for p in (music / "happy").iterdir()):
        assert adding.poll() is None and time.monotonic() < deadline, "the add ended before it could be killed"
        time.sleep(0.005)
    adding.send_signal(signal.SIGKILL)
    adding.wait()
    assert not (music / "happy" / "big.wav").exists()  # no half song under a real name
    from emosymphony.music.library import MusicLibrary

    assert len(MusicLibrary(music).scan().playable) == 4  # and the scan clears the leftover
    assert not [p for p in (music / "happy").iterdir() if p.name.startswith(".")]


@pytest.mark.slow
def test_two_adds_at_once_lose_no_song(music, tmp_path):
    sources = []
    for batch, frequency in (("a", 440.0), ("b", 550.0)):  # the same names, other songs: every name collides
        (tmp_path / batch).mkdir()
        sources.append(tmp_path / batch)
        for n in range(60):
            write_tone(tmp_path / batch / f"song{n}.wav", seconds=0.05, frequency=frequency + n)  # 120 different songs
    adds = [subprocess.Popen([sys.executable, "-m", "emosymphony", "library", "add", str(folder), "--emotion", "sad",
                              "--music-dir", str(music)], stdout=subprocess.PIPE, text=True) for folder in sources]
    outputs = [add.communicate(timeout=120)[0] for add in adds]
    assert [add.returncode for add in adds] == [0, 0]
    assert all("skipped" not in out for out in outputs)
    assert len(list((music / "sad").glob("song*.wav"))) == 120


@pytest.mark.slow
def test_a_name_that_is_not_utf8_adds_scans_and_plays_on_a_strict_terminal(music, tmp_path, real_recordings):
    odd = tmp_path / f"{NOT_UTF8}.ogg"
    shutil.copy(real_recordings[0], odd)
    env = {**os.environ, "PYTHONIOENCODING": "utf-8:strict", "SDL_AUDIODRIVER": "dummy"}
    outputs = []
    for argv in (["library", "add", str(odd), "--emotion", "happy"], ["library", "scan"],
                 ["play", "--emotion", "sad", "--seconds", "0.3"]):
        result = subprocess.run([sys.executable, "-m", "emosymphony", *argv, "--music-dir", str(music)],
                                capture_output=True, text=True, env=env, timeout=60)
        assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
        outputs.append(result.stdout)
    assert f"-> {music / 'happy'}/caf\\udce9.ogg" in outputs[0]
    assert "5 playable tracks, 0 unreadable" in outputs[1]
    from emosymphony.music.library import MusicLibrary
    from emosymphony.music.player import PygameOutput

    [track] = [t for t in MusicLibrary(music).scan().playable if "caf" in t.path]
    output = PygameOutput()
    try:
        output.play(track)  # pygame opens the file whatever its name's encoding
        assert output.state == "playing"
    finally:
        output.close()


def test_terminal_escape_codes_in_tags_never_reach_the_terminal(capsys, music, tmp_path):
    write_tone(music / "happy" / "evil.wav", seconds=0.5, title="Evil\x1b[2J\x1b]0;pwned\x07 song", artist="A\x1b[31m")
    code, out, _ = run(capsys, "recommend", "--emotion", "happy", "--music-dir", str(music))
    assert code == 0 and "Evil[2J]0;pwned song" in out and "\x1b" not in out and "\x07" not in out


# ----- permissions: root reads everything, so these run without root's power to ignore file modes ----------


def without_override(*argv: str) -> subprocess.CompletedProcess:
    """Run the command line as root but bound by file permissions, like an ordinary user."""
    if os.geteuid() != 0:
        pytest.skip("these cases chmod files root owns, then drop root's override of file modes")
    if shutil.which("setpriv") is None:
        pytest.skip("setpriv (util-linux) is needed to drop root's override of file modes")
    return subprocess.run(["setpriv", "--bounding-set=-dac_override,-dac_read_search",
                           sys.executable, "-m", "emosymphony", *argv], capture_output=True, text=True, timeout=120)


@pytest.mark.slow
def test_adding_an_unreadable_folder_fails_clearly(music, tmp_path):
    (tmp_path / "songs").mkdir()
    write_tone(tmp_path / "songs" / "a.wav", seconds=0.2)
    os.chmod(tmp_path / "songs", 0)
    result = without_override("library", "add", str(tmp_path / "songs"), "--emotion", "sad", "--music-dir", str(music))
    os.chmod(tmp_path / "songs", 0o755)
    assert result.returncode == 1 and f"skipped {tmp_path / 'songs'}: permission denied" in result.stdout


@pytest.mark.slow
def test_permission_problems_are_messages(tmp_path, face_png, shipped_model):
    tree = tmp_path
    music = tree / "music"
    (music / "happy").mkdir(parents=True)
    write_tone(music / "happy" / "ok.wav", seconds=0.3)
    write_tone(music / "happy" / "secret.wav", seconds=0.3)
    os.chmod(music / "happy" / "secret.wav", 0)
    (music / "sad").mkdir()
    os.chmod(music / "sad", 0)
    locked_photo = tree / "locked.png"
    shutil.copy(face_png, locked_photo)
    os.chmod(locked_photo, 0)
    locked_model = tree / "model.tflite"
    shutil.copy(shipped_model, locked_model)
    os.chmod(locked_model, 0)
    cases = [
        (["library", "scan", "--music-dir", str(music)], 0, ["secret.wav", "permission denied", "sad: permission denied",
                                                           "1 playable"]),
        (["detect", str(locked_photo)], 1, ["locked.png: permission denied"]),
        (["watch", "--camera", str(music / "sad")], 1, ["sad", "permission denied"]),
        (["evaluate", "--data", str(music / "sad")], 1, ["sad", "permission denied"]),
        (["detect", str(face_png), "--model", str(locked_model)], 1, ["model.tflite", "permission denied"]),
    ]
    for argv, status, phrases in cases:
        result = without_override(*argv)
        text = result.stdout + result.stderr
        assert result.returncode == status, (argv, text)
        assert "Traceback" not in text, text
        for phrase in phrases:
            assert phrase in text, (argv, phrase, text)


# ----- catalogs ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("content, message", [
    ("name,artist,id,valence,energy,mood\nA,B,1,0.5\n".encode(), "line 2: 6 fields expected"),
    ("name,artist,id,valence,energy,mood\nA,B,1,lots,0.5,Happy\n".encode(), "line 2: not a number: 'lots'"),
    ("name,artist,id,valence,energy,mood\nA,B,1,nan,0.5,Happy\n".encode(), "line 2: not a finite number: 'nan'"),
    ("name,artist\xe9\n".encode("latin-1"), "not UTF-8 text"),
    ("name,artist,id,valence,energy,mood\n".encode("utf-16"), "UTF-16 text"),
    (b"name,artist,id,valence,energy,mood\nA,B,1," + b"9" * 200_000 + b",0.5,Happy\n", "not a readable CSV"),
    ("\ufeffsong,singer\nA,B\n".encode(), "found singer, song"),
])
def test_catalog_import_names_the_file_and_line(capsys, tmp_path, content, message):
    source = tmp_path / "mine.csv"
    source.write_bytes(content)
    code, _, err = run(capsys, "catalog", "import", str(source), "--out", str(tmp_path / "out.csv"))
    assert code == 1 and "mine.csv" in err and message in err
    assert not (tmp_path / "out.csv").exists()


def test_catalog_import_keeps_embedded_newlines(capsys, tmp_path):
    source = tmp_path / "moods.csv"
    source.write_text('name,artist,id,valence,energy,mood\n"Two\nLines",B,1,0.5,0.5,Happy\n')
    assert run(capsys, "catalog", "import", str(source), "--out", str(tmp_path / "out.csv"))[0] == 0
    from emosymphony.music.catalog import read_catalog_csv

    assert read_catalog_csv(tmp_path / "out.csv")[0].title == "Two\nLines"


def test_catalog_import_on_a_full_disk_keeps_the_old_catalog(capsys, tmp_path):
    with small_disk(tmp_path / "small-disk", "64k") as disk:
        old = disk / "catalog.csv"
        old.write_text("title,artist\nold,catalog\n")
        source = tmp_path / "big.csv"
        rows = "".join(f"Song {n},Artist {n},{n},0.5,0.5,Happy\n" for n in range(5000))
        source.write_text("name,artist,id,valence,energy,mood\n" + rows)
        code, _, err = run(capsys, "catalog", "import", str(source), "--out", str(old), "--force")
        assert code == 1 and "catalog.csv" in err and "the disk is full" in err
        assert old.read_text() == "title,artist\nold,catalog\n"
        assert [p.name for p in disk.iterdir()] == ["catalog.csv"]


# ----- the window's photo reader ---------------------------------------------------------------------


def test_the_window_reports_a_bomb_photo_instead_of_hanging(qtbot, tmp_path, monkeypatch, shipped_model):
    from PySide6.QtCore import QSettings

    from emosymphony.ui.main_window import MainWindow

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    window = MainWindow(camera="7", music_dir=str(tmp_path / "m"),
                        settings=QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.classifier is not None, timeout=20000)
    bomb = tmp_path / "bomb.png"
    bomb.write_bytes(png_header(20000, 20000))
    window.open_photo(str(bomb))
    qtbot.waitUntil(lambda: "too large" in window.statusBar().currentMessage(), timeout=10000)
    window.now_playing.show_track("<b>bold</b>", "<i>x</i>", "", 1.0, None)
    assert window.now_playing.title.text() == "<b>bold</b>"
    from PySide6.QtCore import Qt

    assert window.now_playing.title.textFormat() == Qt.TextFormat.PlainText
    window.close()


# ----- random bytes: a clear error or a valid result, never a crash ------------------------------------

from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402

from emosymphony.data import DatasetError, read_dataset  # noqa: E402
from emosymphony.images import ImageError, decode_image  # noqa: E402
from emosymphony.music.catalog import CatalogError, read_catalog_csv  # noqa: E402
from emosymphony.music.library import MusicLibrary  # noqa: E402
from emosymphony.votes import VotesError, read_votes  # noqa: E402

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
slow = pytest.mark.slow  # each property test tries 150 inputs
PNG = cv2.imencode(".png", np.full((30, 40, 3), 90, np.uint8))[1].tobytes()


@slow
@FUZZ
@given(st.one_of(st.binary(max_size=2000),
                 st.builds(lambda cut, noise: PNG[:cut] + noise, st.integers(0, len(PNG)), st.binary(max_size=50))))
def test_the_image_reader_never_crashes(data):
    try:
        image = decode_image(data, "fuzz.png")
    except ImageError as error:
        assert str(error).startswith("fuzz.png: ")
    else:
        assert image.dtype == np.uint8 and image.ndim == 3 and image.shape[2] == 3


CSV_TEXT = st.one_of(
    st.binary(max_size=600),
    st.lists(st.lists(st.one_of(st.text(max_size=8), st.sampled_from(["0.5", "nan", "inf", "-1", "1e309", '"', ""])),
                      max_size=8).map(",".join), max_size=6).map(lambda rows: "\n".join(rows).encode()),
    st.lists(st.text(alphabet="0123456789,;.\"\n", max_size=30), max_size=5).map(
        lambda rows: ("name,artist,id,valence,energy,mood\n" + "\n".join(rows)).encode()),
)


CSV_READERS = {
    "catalog": (read_catalog_csv, CatalogError, "name,artist,id,valence,energy,mood",
                lambda songs: all(0 <= song.valence <= 1 and 0 <= song.energy <= 1 for song in songs)),
    "votes": (read_votes, VotesError, "split,file,neutral,happiness,surprise,sadness,anger,disgust,fear,contempt,unknown,NF",
              lambda votes: all((counts >= 0).all() for counts in votes.counts.values())),
    "fer2013": (read_dataset, DatasetError, "emotion,pixels,Usage", lambda faces: faces.images.shape[1:] == (48, 48)),
}


@slow
@pytest.mark.parametrize("kind", CSV_READERS)
@FUZZ
@given(data=st.data())
def test_the_csv_readers_never_crash(tmp_path, kind, data):
    read, error_type, header, valid = CSV_READERS[kind]
    rows = st.lists(st.text(alphabet="0123456789,;-. \"\n", max_size=40), max_size=4)
    content = data.draw(st.one_of(CSV_TEXT, rows.map(lambda lines: (header + "\n" + "\n".join(lines)).encode())))
    path = tmp_path / f"{kind}.csv"
    path.write_bytes(content)
    try:
        result = read(path)
    except error_type as error:
        assert path.name in str(error)
    else:
        assert valid(result)


@slow
@FUZZ
@given(st.one_of(st.binary(max_size=300), st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(["version", "root", "tracks", "path"]),
                                                                 inner, max_size=4),
    max_leaves=12).map(lambda value: json.dumps(value).encode())))
def test_the_library_cache_loader_never_crashes(tmp_path, data):
    music = tmp_path / "music"
    (music / "happy").mkdir(parents=True, exist_ok=True)
    cache = tmp_path / "cache.json"
    cache.write_bytes(data)
    result = MusicLibrary(music, cache_file=cache).scan()
    assert result.tracks == []


# ----- the third audit: special files, endless inputs, odd numbers, resumed work -----------------------


class FifoWatch:
    """A named pipe that nobody writes: if the program opens it and waits, the watch opens it for writing after
    a few seconds (so the test ends instead of hanging) and remembers that it had to."""

    def __init__(self, path: Path, seconds: float = 5.0):
        import threading

        os.mkfifo(path)
        self.path, self.hung = path, False
        self._timer = threading.Timer(seconds, self._release)
        self._timer.start()

    def _release(self) -> None:
        try:
            os.close(os.open(self.path, os.O_WRONLY | os.O_NONBLOCK))  # succeeds only if a reader waits
            self.hung = True
        except OSError:
            pass

    def done(self) -> bool:
        self._timer.cancel()
        return not self.hung


@pytest.mark.parametrize("argv, message", [
    (lambda p, d: ["detect", str(p)], "is a named pipe, not an image"),
    (lambda p, d: ["catalog", "import", str(p), "--out", str(d / "c.csv")], "is a named pipe, not a catalog"),
    (lambda p, d: ["library", "add", str(p), "--emotion", "sad", "--music-dir", str(d / "m")], "is a named pipe, not a song"),
    (lambda p, d: ["watch", "--camera", str(p)], "is a named pipe, not a camera, video file or folder"),
], ids=["detect", "catalog", "library add", "watch"])
def test_a_named_pipe_is_refused_never_waited_on(capsys, tmp_path, shipped_model, argv, message):
    pipe = FifoWatch(tmp_path / "pipe.mp3")
    code, out, err = run(capsys, *argv(pipe.path, tmp_path))
    assert pipe.done(), "the command waited on the named pipe"
    assert code == 1 and message in out + err


def test_a_named_pipe_among_songs_and_images_is_listed_not_waited_on(capsys, tmp_path, music, face_png):
    (tmp_path / "camera").mkdir()
    shutil.copy(face_png, tmp_path / "camera" / "a.png")
    pipes = [FifoWatch(music / "sad" / "pipe.ogg"), FifoWatch(tmp_path / "camera" / "b.png")]
    code, out, _ = run(capsys, "library", "scan", "--music-dir", str(music))
    assert code == 0 and "unreadable: " in out and "pipe.ogg: is a named pipe, not a song" in out
    assert "4 playable tracks, 1 unreadable" in out
    code, out, _ = run(capsys, "library", "sort", str(music / "sad" / "pipe.ogg"), "--data-dir", str(tmp_path / "d"))
    assert code == 0 and "pipe.ogg: not analysed: " in out and "is a named pipe, not a song" in out
    code, out, _ = run(capsys, "watch", "--camera", str(tmp_path / "camera"), "--json")
    assert code == 0 and all(pipe.done() for pipe in pipes)


@pytest.mark.parametrize("argv, message", [
    (lambda d: ["detect", "/dev/zero"], "/dev/zero: is a device, not an image"),
    (lambda d: ["catalog", "import", "/dev/zero", "--out", str(d / "c.csv")], "/dev/zero: is a device, not a catalog"),
    (lambda d: ["library", "add", str(d / "zero.mp3"), "--emotion", "sad", "--music-dir", str(d / "m")],
     "zero.mp3: is a device, not a song"),
    (lambda d: ["detect", str(d / "sparse.png")], "sparse.png: too large for an image (3.0 GB"),
    (lambda d: ["catalog", "import", str(d / "sparse.png"), "--out", str(d / "c.csv")], "too large for a catalog"),
], ids=["detect /dev/zero", "catalog /dev/zero", "add a link to /dev/zero", "detect 3 GB", "catalog 3 GB"])
def test_endless_and_huge_inputs_are_refused_unread(capsys, tmp_path, shipped_model, argv, message):
    import resource

    (tmp_path / "zero.mp3").symlink_to("/dev/zero")
    with open(tmp_path / "sparse.png", "wb") as sparse:  # 3 GB that take no disk: a hole
        sparse.write(png_header(100, 100))
        sparse.truncate(3_000_000_000)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    code, out, err = run(capsys, *argv(tmp_path))
    assert code == 1 and message in out + err
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 200_000  # kB: nothing big was read


def test_a_huge_file_in_a_camera_folder_is_skipped(capsys, tmp_path, face_png):
    (tmp_path / "camera").mkdir()
    with open(tmp_path / "camera" / "0-huge.png", "wb") as sparse:
        sparse.truncate(40_000_000_000)
    code, _, err = run(capsys, "watch", "--camera", str(tmp_path / "camera"))
    assert code == 1 and "no readable images" in err and "too large for an image" in err
    shutil.copy(face_png, tmp_path / "camera" / "1-face.png")
    code, _, err = run(capsys, "watch", "--camera", str(tmp_path / "camera"))
    assert code == 0 and "end of folder" in err


@pytest.mark.parametrize("camera, message", [
    ("²", "no such camera, video file or folder"),
    ("٣", "no such camera, video file or folder"),
    ("99999999999999999999", "camera numbers go from 0 to 63"),
    ("64", "camera numbers go from 0 to 63"),
])
def test_odd_camera_numbers_are_messages(capsys, camera, message, shipped_model):
    code, _, err = run(capsys, "watch", "--camera", camera)
    assert code == 1 and message in err


@pytest.mark.parametrize("target", ["/dev/null", "fifo", "link to /dev/null"])
def test_force_never_replaces_a_special_file(capsys, tmp_path, target):
    if target == "fifo":
        special = tmp_path / "out.png"
        os.mkfifo(special)
    elif target == "link to /dev/null":
        special = tmp_path / "out.png"
        special.symlink_to("/dev/null")
    else:
        special = Path(target)
    before = os.lstat(special)
    code, _, err = run(capsys, "history", "--plot", str(special), "--force", "--data-dir", str(tmp_path / "d"))
    assert code == 1 and "is not a regular file" in err
    after = os.lstat(special)
    assert (after.st_mode, after.st_ino, after.st_rdev) == (before.st_mode, before.st_ino, before.st_rdev)


def test_writing_over_a_device_is_refused_by_the_writer_itself(tmp_path):
    from emosymphony.errors import EmosymphonyError
    from emosymphony.files import write_atomically

    os.mkfifo(tmp_path / "pipe")
    for special in ("/dev/null", tmp_path / "pipe"):
        with pytest.raises(EmosymphonyError, match="only a regular file is ever replaced"):
            write_atomically(special, b"x")
    (tmp_path / "real.txt").write_text("old")
    (tmp_path / "link.txt").symlink_to(tmp_path / "real.txt")
    write_atomically(tmp_path / "link.txt", "new")  # a link to a file: the file is replaced, the link stays
    assert (tmp_path / "link.txt").is_symlink() and (tmp_path / "real.txt").read_text() == "new"


@pytest.mark.slow
def test_a_resumed_sort_apply_copies_nothing_twice(capsys, tmp_path, music, real_recordings):
    songs = tmp_path / "incoming"
    songs.mkdir()
    for recording in real_recordings[:4]:
        shutil.copy(recording, songs / recording.name)
    argv = ["library", "sort", str(songs), "--apply", "--music-dir", str(music), "--data-dir", str(tmp_path / "d")]
    code, out, _ = run(capsys, *argv)
    assert code == 0 and "copied" in out
    placed = sorted(p.name for p in music.rglob("*.ogg"))
    # a killed run left one copy behind: simulate by removing the others, then resume twice
    for path in list(music.rglob("*.ogg"))[1:]:
        path.unlink()
    for _ in range(2):
        code, out, _ = run(capsys, *argv)
        assert code == 0
    assert sorted(p.name for p in music.rglob("*.ogg")) == placed  # no "(1)" duplicates
    assert "already there" in out


def test_an_emotion_folder_that_is_a_file_hides_only_itself(capsys, music):
    shutil.rmtree(music / "sad")
    (music / "sad").write_text("not a folder")
    code, out, _ = run(capsys, "library", "scan", "--music-dir", str(music))
    assert code == 0 and "2 playable tracks" in out and "sad: is not a folder" in out
    code, out, _ = run(capsys, "play", "--emotion", "happy", "--music-dir", str(music), "--seconds", "0.3")
    assert code == 0 and "playing" in out
    code, _, err = run(capsys, "library", "add", str(music / "happy" / "happy0.wav"), "--emotion", "sad",
                       "--music-dir", str(music))
    assert code == 1 and "the sad folder" in err and "is a file, not a folder" in err
    assert (music / "sad").read_text() == "not a folder"


def test_dangling_links_are_unreadable_not_playable(capsys, tmp_path, music):
    target = tmp_path / "package" / "song.ogg"
    target.parent.mkdir()
    write_tone(target, seconds=0.3)
    (music / "happy" / "linked.ogg").symlink_to(target)
    code, out, _ = run(capsys, "library", "scan", "--music-dir", str(music))
    assert "5 playable tracks, 0 unreadable" in out
    shutil.rmtree(target.parent)  # the package is removed
    code, out, _ = run(capsys, "library", "scan", "--music-dir", str(music))
    assert code == 0 and "4 playable tracks, 1 unreadable" in out and "which is missing" in out


@pytest.mark.parametrize("camera", ["garbage folder", "zero-frame video"])
def test_listen_that_never_gets_a_picture_fails(capsys, tmp_path, music, shipped_model, camera):
    if camera == "garbage folder":
        source = tmp_path / "camera"
        source.mkdir()
        for n in range(3):
            made(source / f"{n}.png", "not a picture")
    else:
        source = tmp_path / "empty.avi"
        cv2.VideoWriter(str(source), cv2.VideoWriter_fourcc(*"MJPG"), 15, (64, 48)).release()
    code, _, err = run(capsys, "listen", "--camera", str(source), "--music-dir", str(music),
                       "--data-dir", str(tmp_path / "d"))
    assert code == 1 and "emosymphony listen: " in err and ("no picture could be read" in err or "cannot open" in err)


def test_profile_add_on_a_memory_it_cannot_write_says_nothing_was_saved(capsys, tmp_path):
    import sqlite3

    from emosymphony.memory.database import APPLICATION_ID, DATABASE_NAME, SCHEMA_VERSION

    newer = sqlite3.connect(tmp_path / DATABASE_NAME)
    newer.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    newer.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    newer.execute("CREATE TABLE future(x)")
    newer.close()
    before = (tmp_path / DATABASE_NAME).read_bytes()
    code, out, err = run(capsys, "profile", "add", "Bob", "--data-dir", str(tmp_path))
    assert code == 1 and "added profile" not in out and "newer version" in err and "nothing was changed" in err
    assert (tmp_path / DATABASE_NAME).read_bytes() == before


def test_listen_says_in_json_when_the_library_is_empty_and_how_the_camera_ended(capsys, tmp_path, shipped_model):
    (tmp_path / "music").mkdir()
    (tmp_path / "camera").mkdir()
    made(tmp_path / "camera" / "0.png", "not a picture")
    code, out, _ = run(capsys, "listen", "--camera", str(tmp_path / "camera"), "--json", "--music-dir",
                       str(tmp_path / "music"), "--data-dir", str(tmp_path / "d"))
    events = [json.loads(line) for line in out.splitlines()]
    assert code == 1 and [e["event"] for e in events] == ["warning", "camera"]
    assert "no songs in" in events[0]["text"] and events[1]["state"] == "failed"
    assert "no readable images" in events[1]["reason"]
    code, out, _ = run(capsys, "listen", "--camera", str(tmp_path / "nothing-here"), "--json", "--music-dir",
                       str(tmp_path / "music"), "--data-dir", str(tmp_path / "d"))
    assert code == 1 and json.loads(out.splitlines()[-1])["state"] == "failed"
