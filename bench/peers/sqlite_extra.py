#!/usr/bin/env python3
"""SQLite side of the workload queries ../shared/peers/bench_sqlite.py lacks (x2, x4, x5), on the
database ../shared/peers/run.sh builds. SQLite has no term search, so REGEXP is Python's re
(registered as a function, as an analyst would in Python). Same output conventions as
bench_sqlite.py: OUT/sqlite_<LABEL>_<q>.tsv and a JSON summary on stdout.
usage: sqlite_extra.py DBFILE LABEL --sql extra_queries.json --iocs iocs.txt [--runs 5] [--out DIR]"""
import argparse, json, os, re, sqlite3, statistics, sys, time


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("db"); ap.add_argument("label")
    ap.add_argument("--sql", required=True); ap.add_argument("--iocs", required=True)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--out", default="/tmp/quarry-peers/results")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    with open(a.iocs) as f:
        iocs = [s.strip() for s in f if s.strip() and not s.startswith("#")]
    with open(a.sql) as f:
        queries = json.load(f)["sqlite"]
    con = sqlite3.connect(a.db)
    con.execute("PRAGMA mmap_size=34359738368")  # as bench_sqlite.py
    cache = {}

    def regexp(pattern, value):
        if value is None:
            return 0
        rx = cache.get(pattern) or cache.setdefault(pattern, re.compile(pattern))
        return 1 if rx.search(value) else 0

    con.create_function("REGEXP", 2, regexp, deterministic=True)
    nrows = con.execute("SELECT count(*) FROM t").fetchone()[0]
    res = {}
    for q, text in queries.items():
        sql = text.replace("{iocs_re}", "|".join(iocs))
        times = []
        for _ in range(a.runs):
            t0 = time.perf_counter()
            cur = con.execute(sql)
            rows = cur.fetchall()
            times.append((time.perf_counter() - t0) * 1000)
        with open(f"{a.out}/sqlite_{a.label}_{q}.tsv", "w") as f:
            f.write("\t".join(d[0] for d in cur.description) + "\n")
            for r in rows:
                f.write("\t".join(str(v) for v in r) + "\n")
        med = statistics.median(times)
        res[q] = dict(median_ms=round(med, 2), min_ms=round(min(times), 2), first_ms=round(times[0], 2),
                      result_rows=len(rows), all_ms=[round(x, 1) for x in times])
        print(f"{q}: median {med:.1f} ms rows={len(rows)}", file=sys.stderr, flush=True)
    print(json.dumps(dict(engine="sqlite", version=sqlite3.sqlite_version, label=a.label, rows=nrows, queries=res)))


if __name__ == "__main__":
    main()
