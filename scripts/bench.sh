#!/usr/bin/env bash
# `make bench`: release builds of the benchmark executables, then each run
# in turn. Figures, the machine and this command go into Docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product auteur-bench >/dev/null
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
.build/release/auteur-bench "$@"
