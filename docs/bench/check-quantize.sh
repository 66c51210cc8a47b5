#!/usr/bin/env bash
# Shows that files written by `tramontane quantize` load in llama.cpp and agree with Tramontane:
# for each mix, quantize SOURCE (F32/F16/BF16), let llama.cpp (node-llama-cpp, outside the repo)
# print its logits for a prompt and 32 greedy tokens, let Tramontane print its logits for the same
# tokens (teacher forcing), and compare them by the fixtures' rule (docs/bench/compare-logits.mjs).
# Usage: docs/bench/check-quantize.sh SOURCE.gguf WORKDIR [TYPE ...]
#   TRAMONTANE  command that runs the CLI (default: ./tramontane)
#   NODE_LLAMA_CPP_DIR  where node-llama-cpp is installed (default /work/peer)
set -euo pipefail
SOURCE="$1"; WORK="$2"; shift 2
TYPES=("${@:-Q8_0 Q4_0 Q4_K_M Q5_K_M Q6_K}")
TRAMONTANE="${TRAMONTANE:-./tramontane}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PROMPT="${PROMPT:-Once upon a time, there was a little girl who loved the sea.}"
mkdir -p "$WORK"
for TYPE in ${TYPES[*]}; do
  OUT="$WORK/quantized-$TYPE.gguf"
  $TRAMONTANE quantize "$SOURCE" "$OUT" "$TYPE" >/dev/null 2>&1
  node "$HERE/llama-cpp-logits.mjs" --model "$OUT" --prompt "$PROMPT" --gen 32 > "$WORK/llama-$TYPE.json"
  TOKENS=$(node -e 'const r=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8"));console.log([...r.prompt_tokens,...r.greedy.slice(0,-1)].join(","))' "$WORK/llama-$TYPE.json")
  $TRAMONTANE logits --model "$OUT" --tokens "$TOKENS" --top 64 2>/dev/null > "$WORK/tramontane-$TYPE.json"
  echo "{\"type\":\"$TYPE\",\"file_bytes\":$(stat -c %s "$OUT"),\"agreement\":$(node "$HERE/compare-logits.mjs" "$WORK/llama-$TYPE.json" "$WORK/tramontane-$TYPE.json")}"
done
