#!/usr/bin/env bash
# The planner's public evaluation cases, and our own, checked on rendered
# frames by the real binary: every case must pass.
set -uo pipefail
cd "$(dirname "$0")/../.."
bin=.build/debug/auteur
[ -x "$bin" ] || { echo "planner-eval: no $bin; run swift build first"; exit 1; }
status=0
for cases in ../shared/planner-eval/cases.yaml Tests/planner-eval/*.yaml; do
  [ -f "$cases" ] || { echo "planner-eval: missing $cases"; status=1; continue; }
  echo "planner-eval: $cases"
  "$bin" eval "$cases" | tail -25 || status=1
done
exit $status
