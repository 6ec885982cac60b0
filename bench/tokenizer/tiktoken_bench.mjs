// npm tiktoken (Rust compiled to WebAssembly) throughput on a corpus, for comparison with
// bench_tokenizer: encode_ordinary of the whole file and of each line; median of --runs.
// Times are CPU time of this process (user + system), like Google Benchmark's default, so a
// busy shared machine slows both sides alike.
// usage: node tiktoken_bench.mjs --modules DIR [--runs 3] CORPUS   (prints JSON)
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const require = createRequire(path.join(path.resolve(opt('--modules')), 'noop.js'));
const { get_encoding } = require('tiktoken');
const runs = parseInt(opt('--runs', '3'), 10);
const buf = fs.readFileSync(args[args.length - 1]);
const text = buf.toString('utf8');
const lines = text.split(/(?<=\n)/);
const mb = buf.length / 1e6;
const median = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
const time = (fn) => {
  const ms = [];
  let result;
  for (let i = 0; i < runs; i++) {
    const t0 = process.cpuUsage();
    result = fn();
    const dt = process.cpuUsage(t0);
    ms.push((dt.user + dt.system) / 1000);
  }
  return { ms: median(ms), result };
};
const out = { bytes: buf.length, node: process.version, runs, encodings: {} };
for (const name of ['o200k_base', 'cl100k_base']) {
  const enc = get_encoding(name);
  const whole = time(() => enc.encode_ordinary(text).length);
  const perLine = time(() => { let n = 0; for (const l of lines) n += enc.encode_ordinary(l).length; return n; });
  out.encodings[name] = {
    whole: { ms: whole.ms, MB_per_s: mb / (whole.ms / 1000), tokens: whole.result },
    lines: { ms: perLine.ms, MB_per_s: mb / (perLine.ms / 1000), tokens: perLine.result },
  };
  enc.free();
}
console.log(JSON.stringify(out));
