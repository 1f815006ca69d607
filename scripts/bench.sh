#!/usr/bin/env bash
# `make bench`: a release build of the benchmark executable, then each group
# in its own process, so that each peak-memory figure is that group's own.
# Figures, the machine and this command go into Docs/benchmarks.md.
# `scripts/bench.sh GROUP...` runs only those groups.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product auteur-bench >/dev/null
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
groups=("$@")
[ ${#groups[@]} -gt 0 ] || groups=(evaluate turn open explainer outdoor edits preview planner embeddings terminal drawing export films memory)
for g in "${groups[@]}"; do
  echo "== $g"
  .build/release/auteur-bench "$g" | grep -v '^Auteur benchmarks'
done
