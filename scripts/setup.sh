#!/usr/bin/env bash
# Install Emotion Symphony into .venv (Debian, Python 3.11): the player and the command line, with the
# bundled model (no TensorFlow). --train adds TensorFlow and Keras for training and exporting models.
# Every install brings Debian's packages of freely licensed music for the starter library
# (`emosymphony library starter`), and FluidSynth with a General MIDI SoundFont for generated music.
# --test adds everything the tests need: training, Xvfb for the media-key and X11 tests, a D-Bus
# daemon for MPRIS and GLib's gio to launch the desktop entry.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(libegl1 libgl1 libxkbcommon0 libfontconfig1 libdbus-1-3 libglib2.0-0
    # what Qt 6's xcb plugin needs to open the window on an X11 desktop
    libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0
    libxcb-render-util0 libxcb-shape0 libxcb-xfixes0 libxcb-xinerama0 libxcb-xkb1
    # free music for the starter library (emosymphony/music/starter.py)
    singularity-music asc-music wesnoth-1.16-music warzone2100-music
    # generated music (emosymphony/music/generate/): FluidSynth and the Fluid R3 General MIDI SoundFont (MIT)
    libfluidsynth3 fluid-soundfont-gm)
extras=""
case "${1:-}" in
    --test)
        packages+=(xvfb dbus-daemon libglib2.0-bin)  # gio launches the desktop entry in a test
        extras="[train,test]" ;;
    --train) extras="[train]" ;;
    "") ;;
    *) echo "usage: scripts/setup.sh [--train|--test]" >&2; exit 2 ;;
esac

missing=()
for package in "${packages[@]}"; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if ((${#missing[@]})); then
    sudo=""
    [[ $(id -u) -eq 0 ]] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"
fi

python=${PYTHON:-python3.11}
command -v "$python" >/dev/null || python=python3
[[ -x .venv/bin/python ]] || "$python" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e ".${extras}"
if [[ -z "${1:-}" ]]; then
    QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen} .venv/bin/emosymphony install-desktop >/dev/null  # menu entry and icons
fi
