#!/usr/bin/env bash
# Runs Tramontane's bench and llama.cpp (node-llama-cpp) on the same files, one after the other per
# file, same threads, and appends one JSON line per engine and file to $OUT (with the load average).
# Usage: docs/bench/run-side-by-side.sh OUT.jsonl THREADS PP TG REPS FILE...
#   TRAMONTANE: command that runs the CLI (default ./tramontane); TRAMONTANE_ARGS: more bench options
#   (e.g. "--repack on"); PEER: node-llama-cpp install dir (default /work/peer)
set -euo pipefail
OUT=$1; THREADS=$2; PP=$3; TG=$4; REPS=$5; shift 5
TRAMONTANE=${TRAMONTANE:-./tramontane}
TRAMONTANE_ARGS=${TRAMONTANE_ARGS:-}
PEER=${PEER:-/work/peer}
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
for f in "$@"; do
  for engine in tramontane llama.cpp; do
    load=$(cut -d' ' -f1-3 /proc/loadavg)
    if [[ $engine == tramontane ]]; then
      json=$($TRAMONTANE bench --model "$f" --threads "$THREADS" --pp "$PP" --tg "$TG" --reps "$REPS" $TRAMONTANE_ARGS --json 2>/dev/null)
    else
      json=$(node "$HERE/llama-cpp-bench.mjs" --peer "$PEER" --model "$f" --threads "$THREADS" --pp "$PP" --tg "$TG" --reps "$REPS" --json 2>/dev/null)
    fi
    echo "{\"file\":\"$(basename "$f")\",\"side\":\"$engine\",\"loadavg_before\":\"$load\",\"loadavg_after\":\"$(cut -d' ' -f1-3 /proc/loadavg)\",\"result\":$json}" >> "$OUT"
    echo "$(date -u +%H:%M:%S) $engine $(basename "$f") done (load before: $load)" >&2
  done
done
