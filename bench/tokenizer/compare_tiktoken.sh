#!/usr/bin/env bash
# Side by side, single-threaded, same corpus: Quarry's tokenizer (bench_tokenizer) vs npm
# tiktoken (the referee, Rust compiled to WebAssembly). Prints MB/s and the speed-up on two
# corpora made by tests/tokenizer/gen_corpus.mjs: "logs" (realistic security logs, JSON, CSV,
# prose in many scripts, emoji) and "stress" (the referee corpus: adds random code points and
# bytes, long runs and base64 blobs, which make every BPE slower).
# usage: bench/tokenizer/compare_tiktoken.sh BUILD_DIR [MEGABYTES=10]
# QUARRY_NPM_CACHE (default $HOME/.cache/quarry-npm) holds node_modules/tiktoken.
set -euo pipefail
build="$1"
mb="${2:-10}"
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cache="${QUARRY_NPM_CACHE:-$HOME/.cache/quarry-npm}"
work="$build/bench-tokenizer"
mkdir -p "$work"
command -v node >/dev/null || { echo "node is required (apt-get install nodejs npm)" >&2; exit 1; }
if [ ! -f "$cache/node_modules/tiktoken/package.json" ]; then
  npm install --prefix "$cache" --no-audit --no-fund --loglevel=error tiktoken@1.0.22 >&2
fi
for profile in logs stress; do
corpus="$work/corpus_${profile}_${mb}mb.txt"
[ -f "$corpus" ] || node "$root/tests/tokenizer/gen_corpus.mjs" --bytes "$((mb * 1000000))" --seed 7 --profile "$profile" "$corpus"
echo "== corpus: $profile"

node "$here/tiktoken_bench.mjs" --modules "$cache/node_modules" --runs 3 "$corpus" > "$work/tiktoken.json"
QUARRY_BENCH_CORPUS="$corpus" "$build/bench/tokenizer/bench_tokenizer" --benchmark_filter=Encode \
  --benchmark_repetitions=3 --benchmark_report_aggregates_only=true \
  --benchmark_format=json --benchmark_out="$work/quarry.json" --benchmark_out_format=json >/dev/null

node --input-type=module - "$work/tiktoken.json" "$work/quarry.json" <<'JS'
import fs from 'node:fs';
const tk = JSON.parse(fs.readFileSync(process.argv[2]));
const q = JSON.parse(fs.readFileSync(process.argv[3]));
const mbps = (name) => {
  const b = q.benchmarks.find((x) => x.run_name === name && x.aggregate_name === 'median');
  return b.bytes_per_second / 1e6;
};
console.log(`corpus: ${tk.bytes} bytes; node ${tk.node}; medians of 3 runs; MB/s of UTF-8 input per CPU second`);
console.log('encoding      mode    tiktoken(npm)   quarry   speed-up   tokens(tiktoken/quarry)');
for (const [enc, r] of Object.entries(tk.encodings)) {
  for (const [mode, bm] of [['whole', 'BM_EncodeWhole'], ['lines', 'BM_EncodeLines']]) {
    const qs = mbps(`${bm}/${enc}`);
    const qb = q.benchmarks.find((x) => x.run_name === `${bm}/${enc}` && x.aggregate_name === 'median');
    console.log(`${enc.padEnd(13)} ${mode.padEnd(7)} ${r[mode].MB_per_s.toFixed(2).padStart(10)} ${qs.toFixed(2).padStart(9)} ${(qs / r[mode].MB_per_s).toFixed(1).padStart(8)}x   ${r[mode].tokens}/${qb.tokens}`);
  }
}
JS
done
