// The referee: encodes a corpus with the npm `tiktoken` package (OpenAI's Rust tiktoken compiled
// to WebAssembly) using encode_ordinary, and writes the token ids, one unit per output line
// (ids separated by spaces). Units: every '\n'-terminated line of the file, then every group of
// --group consecutive lines (to cover text spanning newlines).
//
// usage: node tiktoken_ref.mjs --modules DIR --encoding o200k_base|cl100k_base [--group 16]
//                              --out IDS CORPUS
//   DIR is a node_modules folder holding tiktoken (npm install --prefix <cache> tiktoken).
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const modules = opt('--modules');
const encodingName = opt('--encoding');
const group = parseInt(opt('--group', '16'), 10);
const outPath = opt('--out');
const corpus = args[args.length - 1];
if (!modules || !encodingName || !outPath || !corpus) {
  console.error('usage: node tiktoken_ref.mjs --modules DIR --encoding NAME [--group N] --out IDS CORPUS');
  process.exit(2);
}
const require = createRequire(path.join(path.resolve(modules), 'noop.js'));
const { get_encoding } = require('tiktoken');
const enc = get_encoding(encodingName);
const text = fs.readFileSync(corpus).toString('utf8');
const lines = text.split(/(?<=\n)/);
const out = [];
const emit = (unit) => out.push(Array.from(enc.encode_ordinary(unit)).join(' '));
for (const line of lines) emit(line);
if (group > 1) {
  for (let i = 0; i < lines.length; i += group) emit(lines.slice(i, i + group).join(''));
}
enc.free();
fs.writeFileSync(outPath, out.join('\n') + '\n');
