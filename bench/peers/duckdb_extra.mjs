// DuckDB side of the workload queries ../shared/peers/bench_duckdb.mjs lacks (x2 has, x4 has_any
// over 50 IOCs, x5 time window), and DuckDB's load alone (for ingest throughput and peak memory).
// Same conventions as bench_duckdb.mjs: in-memory table `t` loaded from DATAPREFIX.{csv,jsonl},
// medians of --runs, last result as OUT/duckdb_<LABEL>_<q>.tsv, summary OUT/duckdb_<LABEL>_extra.json.
// usage: node duckdb_extra.mjs DATAPREFIX LABEL --sql extra_queries.json --iocs iocs.txt
//          [--format csv|jsonl] [--runs 5] [--threads 2] [--out DIR] [--load-only]
// Run it from a directory whose node_modules has @duckdb/node-api (bench/run copies it to $PEERS_WORK).
import { DuckDBInstance } from '@duckdb/node-api';
import fs from 'node:fs';

const args = process.argv.slice(2);
const opt = (k, d) => { const i = args.indexOf(k); return i >= 0 ? args[i + 1] : d; };
const [prefix, label] = args;
const format = opt('--format', 'csv');
const runs = parseInt(opt('--runs', '5'));
const threads = opt('--threads', '2');
const outDir = opt('--out', '/tmp/quarry-peers/results');
const loadOnly = args.includes('--load-only');
fs.mkdirSync(outDir, { recursive: true });

// The column list and readers are the ones bench_duckdb.mjs uses.
const COLS = `{'TimeGenerated':'TIMESTAMP','DeviceName':'VARCHAR','AccountName':'VARCHAR','ActionType':'VARCHAR',
 'FileName':'VARCHAR','FolderPath':'VARCHAR','ProcessCommandLine':'VARCHAR','InitiatingProcessFileName':'VARCHAR',
 'SHA256':'VARCHAR','ProcessId':'BIGINT'}`;
const LOAD = format === 'csv'
  ? `CREATE TABLE t AS SELECT * FROM read_csv('${prefix}.csv', header=true, auto_detect=false, delim=',', quote='"', escape='"', columns=${COLS})`
  : `CREATE TABLE t AS SELECT * FROM read_json('${prefix}.jsonl', format='newline_delimited', columns=${COLS})`;

const median = (a) => { const s = [...a].sort((x, y) => x - y); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const now = () => Number(process.hrtime.bigint()) / 1e6;

const inst = await DuckDBInstance.create(':memory:', { threads: String(threads) });
const c = await inst.connect();
const fileBytes = fs.statSync(`${prefix}.${format}`).size;
let t0 = now();
await c.run(LOAD);
const loadMs = now() - t0;
const nrows = Number((await c.runAndReadAll('SELECT count(*) AS n FROM t')).getRows()[0][0]);
const summary = {
  engine: 'duckdb', version: (await c.runAndReadAll('SELECT version()')).getRows()[0][0], label, format,
  rows: nrows, file_bytes: fileBytes, load_ms: +loadMs.toFixed(1),
  load_MB_per_s: +(fileBytes / 1e6 / (loadMs / 1000)).toFixed(1), queries: {},
};
console.error(`loaded ${nrows} rows from ${format} in ${loadMs.toFixed(0)} ms`);
if (!loadOnly) {
  const iocs = fs.readFileSync(opt('--iocs'), 'utf8').split('\n').map((s) => s.trim()).filter((s) => s && !s.startsWith('#'));
  const sql = JSON.parse(fs.readFileSync(opt('--sql'), 'utf8')).duckdb;
  for (const [q, text] of Object.entries(sql)) {
    const query = text.replaceAll('{iocs_re}', iocs.join('|'));
    const times = [];
    let reader;
    for (let r = 0; r < runs; r++) {
      t0 = now();
      reader = await c.runAndReadAll(query);
      reader.getRows();
      times.push(now() - t0);
    }
    const rows = reader.getRows();
    fs.writeFileSync(`${outDir}/duckdb_${label}_${q}.tsv`,
      reader.columnNames().join('\t') + '\n' + rows.map((r) => r.map((v) => String(v)).join('\t')).join('\n') + '\n');
    const med = median(times);
    summary.queries[`${q}@t${threads}`] = { median_ms: +med.toFixed(2), min_ms: +Math.min(...times).toFixed(2),
      first_ms: +times[0].toFixed(2), result_rows: rows.length };
    console.error(`t${threads} ${q}: median ${med.toFixed(1)} ms  rows=${rows.length}`);
  }
}
const name = loadOnly ? `duckdb_${label}_load_${format}.json` : `duckdb_${label}_extra.json`;
fs.writeFileSync(`${outDir}/${name}`, JSON.stringify(summary, null, 1));
