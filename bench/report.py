#!/usr/bin/env python3
"""Reads the results bench/run left in RESULTS and prints the side-by-side table (markdown): each
system's median per workload query, Quarry's ratio to each peer, whether the result rows agree,
ingest throughput and peak memory, the targets of issue 9; with --write, writes BENCHMARKS.md and
a gnuplot PNG of the medians.
usage: report.py --results DIR --label 1M [--runs N] [--sqlite-runs N] [--repo DIR] [--command TEXT]
                 [--write BENCHMARKS.md --plot PNG]"""
import argparse, glob, json, math, os, re, subprocess, sys

# workload query -> (what it asks, DuckDB result name, SQLite result name)
QUERIES = [
    ("q1", "contains '-enc' (case-insensitive)", "q1", "q1"),
    ("q2", "count by host, top 10", "q2", "q2"),
    ("q3", "powershell last 7d: count, dcount by account, host", "q3", "q3"),
    ("q4", "hourly bins by ActionType", "q4", "q4"),
    ("q5", "top-100 hosts join, dcount users", "q5", "q5_hint"),
    ("x1_contains_cs", "contains_cs '-enc'", "x1_contains_cs", "x1_contains_cs"),
    ("x2", "has 'urlcache' (term)", "x2", "x2"),
    ("x4", "has_any 50 IOCs, count by file", "x4", "x4"),
    ("x5", "1-hour time window by ActionType", "x5", "x5"),
]
DT = re.compile(r"^(\d{4}-\d\d-\d\d)[T ](\d\d:\d\d:\d\d)(\.0*)?Z?$")


def load_json(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def time_v(path):
    """(wall seconds, max RSS bytes) from a /usr/bin/time -v report."""
    wall = rss = None
    try:
        for line in open(path):
            if "Maximum resident set size" in line:
                rss = int(line.split(":")[1]) * 1024
            if "Elapsed (wall clock)" in line:
                parts = [float(x) for x in line.rsplit(" ", 1)[1].split(":")]
                wall = sum(p * 60 ** i for i, p in enumerate(reversed(parts)))
    except OSError:
        pass
    return wall, rss


def norm(cell):
    cell = cell.strip()
    m = DT.match(cell)
    if m:
        return f"{m.group(1)}T{m.group(2)}Z"
    if re.fullmatch(r"-?\d+\.0+", cell):
        return cell.split(".")[0]
    return cell


def rows(path):
    try:
        with open(path) as f:
            lines = f.read().rstrip("\n").split("\n")
    except OSError:
        return None
    return [[norm(c) for c in l.split("\t")] for l in lines[1:] if l]


def compare(a, b):
    if a is None or b is None:
        return "missing"
    if a == b:
        return "equal"
    if len(a) != len(b):
        return f"differ: {len(a)} vs {len(b)} rows"
    i = next(i for i in range(len(a)) if a[i] != b[i])
    return f"differ at row {i + 1}: {' | '.join(a[i])} vs {' | '.join(b[i])}"


def geomean(xs):
    xs = [x for x in xs if x]
    return math.exp(sum(math.log(x) for x in xs) / len(xs)) if xs else float("nan")


def fmt_ms(x):
    return "–" if x is None else (f"{x:.1f}" if x < 100 else f"{x:.0f}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--results", required=True); ap.add_argument("--label", required=True)
    ap.add_argument("--runs", default="?"); ap.add_argument("--sqlite-runs", default="?")
    ap.add_argument("--repo", default="."); ap.add_argument("--command", default="bench/run")
    ap.add_argument("--write"); ap.add_argument("--plot")
    a = ap.parse_args()
    R, L = a.results, a.label
    quarry = load_json(f"{R}/quarry_{L}.json") or {"queries": {}}
    duck = (load_json(f"{R}/duckdb_{L}_jsonl.json") or {"queries": {}})["queries"]
    duck.update((load_json(f"{R}/duckdb_{L}_extra.json") or {"queries": {}})["queries"])
    sqlite = {}
    try:
        for line in open(f"{R}/sqlite_{L}.jsonl"):
            if line.startswith("{"):
                sqlite.update(json.loads(line)["queries"])
    except OSError:
        pass

    out = []
    out.append(f"Rows: {quarry.get('rows', '?')} (DeviceProcessEvents from ../shared/peers/gen.py); medians of "
               f"{a.runs} runs (SQLite: {a.sqlite_runs}); both cores (2 threads) for Quarry and DuckDB, "
               "SQLite single-threaded. Times are wall-clock ms; ratio = Quarry time / peer time (< 1: Quarry faster). "
               "Quarry CPU ms: CPU time of all its threads for the query (2 threads).\n")
    out.append("| query | what | Quarry | DuckDB | SQLite | Quarry/DuckDB | Quarry/SQLite | Quarry 1 thread | DuckDB 1 thread | Quarry CPU ms | results |")
    out.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    ratios_d, ratios_s, plot_rows = [], [], []
    for q, what, dq, sq in QUERIES:
        qt = quarry["queries"].get(f"{q}@t2", {}).get("median_ms")
        q1 = quarry["queries"].get(f"{q}@t1", {}).get("median_ms")
        qc = quarry["queries"].get(f"{q}@t2", {}).get("cpu_median_ms")
        dt = duck.get(f"{dq}@t2", {}).get("median_ms")
        d1 = duck.get(f"{dq}@t1", {}).get("median_ms")
        st = sqlite.get(sq, {}).get("median_ms")
        rd = qt / dt if qt and dt else None
        rs = qt / st if qt and st else None
        if rd: ratios_d.append(rd)
        if rs: ratios_s.append(rs)
        mine = rows(f"{R}/quarry_{L}_{q}.tsv")
        cd = compare(mine, rows(f"{R}/duckdb_{L}_{dq}.tsv"))
        cs = compare(mine, rows(f"{R}/sqlite_{L}_{sq}.tsv"))
        res = "equal (all three)" if cd == cs == "equal" else f"DuckDB: {cd}; SQLite: {cs}"
        out.append(f"| {q} | {what} | {fmt_ms(qt)} | {fmt_ms(dt)} | {fmt_ms(st)} | "
                   f"{'–' if rd is None else f'{rd:.2f}'} | {'–' if rs is None else f'{rs:.3f}'} | "
                   f"{fmt_ms(q1)} | {fmt_ms(d1)} | {fmt_ms(qc)} | {res} |")
        plot_rows.append((q, qt, dt, st))
    gd, gs = geomean(ratios_d), geomean(ratios_s)
    out.append("")
    out.append("Ingest (peak memory by /usr/bin/time -v; DuckDB loads into an in-memory table, Quarry into its on-disk workspace):\n")
    out.append("| format | file MB | Quarry s | Quarry MB/s | Quarry peak RSS MB | DuckDB s | DuckDB MB/s | DuckDB peak RSS MB | Quarry/DuckDB time |")
    out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    ingest = {}
    for fmt in ("jsonl", "csv"):
        qw, qr = time_v(f"{R}/quarry_{L}_ingest_{fmt}.time")
        dj = load_json(f"{R}/duckdb_{L}_load_{fmt}.json") or {}
        _, dr = time_v(f"{R}/duckdb_{L}_load_{fmt}.time")
        mb = dj.get("file_bytes", 0) / 1e6
        ds = dj.get("load_ms", 0) / 1000 or None
        ingest[fmt] = (qw, ds)
        out.append(f"| {fmt} | {mb:.0f} | {qw or 0:.1f} | {mb / qw if qw else 0:.0f} | {(qr or 0) / 1e6:.0f} | "
                   f"{ds or 0:.1f} | {mb / ds if ds else 0:.0f} | {(dr or 0) / 1e6:.0f} | "
                   f"{qw / ds if qw and ds else float('nan'):.2f} |")
    out.append("")
    per_q = [(q, (qt / dt) if qt and dt else None) for q, qt, dt, _ in plot_rows]
    bad = [f"{q} {r:.2f}x" for q, r in per_q if r and r > 1.5]
    contains = next((r for q, r in per_q if q == "q1"), None)
    out.append("Targets of issue 9, and issue 4's for ingest (stated at 10M rows; this run is " + L + "):\n")
    out.append(f"- geomean Quarry/DuckDB <= 1.0: {'met' if gd <= 1 else f'missed by {gd:.2f}x'}")
    out.append(f"- no query worse than 1.5x DuckDB: {'met' if not bad else 'missed: ' + ', '.join(bad)}")
    out.append(f"- >= 10x faster than SQLite (geomean ratio <= 0.10): {'met' if gs <= 0.1 else f'missed: Quarry/SQLite {gs:.3f}'}")
    if contains:
        out.append(f"- >= 5x faster than DuckDB ILIKE on contains (ratio <= 0.20): "
                   f"{'met' if contains <= 0.2 else f'missed: ratio {contains:.2f} ({contains / 0.2:.1f}x short of it)'}")
    jq, jd = ingest.get("jsonl", (None, None))
    if jq and jd:
        out.append(f"- (issue 4) JSON-lines ingest at least as fast as DuckDB read_json: {'met' if jq <= jd else f'missed: {jq / jd:.2f}x the time'}")
    out.append("")
    out.append(f"geomean Quarry/DuckDB: {gd:.2f}")
    out.append(f"geomean Quarry/SQLite: {gs:.2f}")
    table = "\n".join(out)
    print(table)

    if a.plot:
        os.makedirs(os.path.dirname(a.plot), exist_ok=True)
        dat = a.plot + ".dat"
        with open(dat, "w") as f:
            f.write("# query Quarry DuckDB SQLite\n")
            for q, qt, dt, st in plot_rows:
                f.write(f"{q} {qt or 'NaN'} {dt or 'NaN'} {st or 'NaN'}\n")
        gp = (f"set terminal png size 1000,500 noenhanced; set output '{a.plot}';"
              f"set title 'Workload medians, {L} rows (lower is better)'; set ylabel 'ms (log scale)';"
              "set logscale y; set style data histograms; set style histogram clustered gap 1;"
              "set style fill solid 0.8 border -1; set key top left; set xtics rotate by -30;"
              f"plot '{dat}' using 2:xtic(1) title 'Quarry', '' using 3 title 'DuckDB', '' using 4 title 'SQLite'")
        subprocess.run(["gnuplot", "-e", gp], check=True)
        os.remove(dat)

    if a.write:
        repo = a.repo
        commit = subprocess.run(["git", "-C", repo, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
        # Uncommitted changes other than this report's own outputs (BENCHMARKS.md, bench/plots/).
        status = subprocess.run(["git", "-C", repo, "status", "--porcelain", "--untracked-files=no"], capture_output=True, text=True).stdout
        dirty = [l for l in status.splitlines() if not l[3:].startswith(("BENCHMARKS.md", "bench/plots/"))]
        cpu = next((l.split(":", 1)[1].strip() for l in subprocess.run(["lscpu"], capture_output=True, text=True).stdout.splitlines() if l.startswith("Model name")), "?")
        cores = os.cpu_count()
        load = open("/proc/loadavg").read().split()[:3]
        extra = ""
        for name in ("tokenizer.txt", f"micro_{L}.txt"):
            p = f"{R}/{name}"
            if os.path.exists(p):
                extra += f"\n### {'Tokenizer vs npm tiktoken' if name == 'tokenizer.txt' else 'Micro-benchmarks (bench_micro)'}\n\n```\n{open(p).read().strip()}\n```\n"
        notes_path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "NOTES.md")
        notes = open(notes_path).read() if os.path.exists(notes_path) else ""
        with open(a.write, "w") as f:
            f.write("# Benchmarks\n\nQuarry side by side with DuckDB (npm `@duckdb/node-api`) and SQLite (Debian `sqlite3`) "
                    "on the same generated data, in one run. Regenerate with:\n\n```\n" + a.command + " --write\n```\n\n"
                    f"Machine: {cpu}, {cores} cores; load average when the report was written {' '.join(load)}. "
                    f"Commit {commit}{' (with uncommitted changes in the tree)' if dirty else ''}.\n\n"
                    f"![Quarry vs peers per query]({os.path.relpath(a.plot, os.path.dirname(os.path.abspath(a.write)))})\n\n"
                    + table + "\n" + extra + ("\n" + notes if notes else "")
                    + f"\n## Summary ({L} rows)\n\ngeomean Quarry/DuckDB: {gd:.2f}\ngeomean Quarry/SQLite: {gs:.2f}\n")


if __name__ == "__main__":
    main()
