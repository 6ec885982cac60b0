#!/usr/bin/env bash
# Compares Quarry's tokenizer with npm tiktoken (the referee) on a deterministic mixed corpus.
# usage: tiktoken_referee.sh TOKENIZER_COMPARE WORK_DIR
# Environment: QUARRY_NPM_CACHE (default $HOME/.cache/quarry-npm) holds node_modules/tiktoken,
# installed there with npm if missing; QUARRY_TOKENIZER_CORPUS_BYTES (default 4000000).
# Fails (exit 1) with a clear message when node or npm is missing: the referee must run.
set -euo pipefail
compare="$1"
work="$2"
here="$(cd "$(dirname "$0")" && pwd)"
cache="${QUARRY_NPM_CACHE:-$HOME/.cache/quarry-npm}"
bytes="${QUARRY_TOKENIZER_CORPUS_BYTES:-4000000}"

for tool in node npm; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "FAIL: '$tool' is not installed; the tokenizer referee (npm tiktoken) cannot run." >&2
    echo "Install Node.js and npm (Debian: apt-get install nodejs npm; scripts/test does)." >&2
    exit 1
  fi
done
if [ ! -f "$cache/node_modules/tiktoken/package.json" ]; then
  mkdir -p "$cache"
  echo "installing npm tiktoken into $cache" >&2
  if ! npm install --prefix "$cache" --no-audit --no-fund --loglevel=error tiktoken@1.0.22 >&2; then
    echo "FAIL: npm install tiktoken into $cache failed (is the npm registry reachable?)" >&2
    exit 1
  fi
fi

mkdir -p "$work"
corpus="$work/corpus.txt"
node "$here/gen_corpus.mjs" --bytes "$bytes" --seed 20250101 "$corpus"
status=0
for encoding in o200k_base cl100k_base; do
  node "$here/tiktoken_ref.mjs" --modules "$cache/node_modules" --encoding "$encoding" \
    --group 16 --out "$work/$encoding.ids" "$corpus"
  "$compare" "$encoding" "$corpus" "$work/$encoding.ids" 16 || status=1
done
exit $status
