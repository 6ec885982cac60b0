#!/bin/sh
# End-to-end check of `quarry serve` with Microsoft's official Log Analytics client for Node.js
# (@azure/monitor-query-logs 1.0.0, installed with npm into a cache outside the repository:
# $QUARRY_NPM_CACHE, default ~/.cache/quarry/npm-monitor-query-logs). Creates a workspace from
# tests/server/fixtures, starts `quarry serve` on a free port with a self-signed certificate
# that Node is told to trust (NODE_EXTRA_CA_CERTS), runs tests/server/npm/query_quarry.js and
# stops the server. Missing node or npm is a failure, never a skip.
# Usage: tests/server/npm_client_test.sh path/to/quarry
set -eu
QUARRY=${1:?usage: npm_client_test.sh path/to/quarry}
HERE=$(cd "$(dirname "$0")" && pwd)
command -v node >/dev/null 2>&1 || { echo "FAIL: node is not installed; this test needs Node.js >= 20" >&2; exit 1; }
command -v npm >/dev/null 2>&1 || { echo "FAIL: npm is not installed; this test needs npm" >&2; exit 1; }

CACHE=${QUARRY_NPM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/quarry/npm-monitor-query-logs}
mkdir -p "$CACHE"
cp "$HERE/npm/package.json" "$CACHE/package.json"
if [ ! -f "$CACHE/node_modules/@azure/monitor-query-logs/package.json" ]; then
  (cd "$CACHE" && npm install --no-audit --no-fund --loglevel=error) || {
    echo "FAIL: npm could not install @azure/monitor-query-logs into $CACHE" >&2; exit 1; }
fi

WORK=$(mktemp -d)
PID=""
cleanup() {
  if [ -n "$PID" ]; then
    kill "$PID" 2>/dev/null || true
    # Only reached when a check above failed; the server is asked to stop, then stopped for good.
    j=0
    while kill -0 "$PID" 2>/dev/null && [ $j -lt 100 ]; do j=$((j + 1)); sleep 0.1; done
    if kill -0 "$PID" 2>/dev/null; then
      echo "note: quarry serve did not stop within 10 s of SIGTERM; killed" >&2
      kill -9 "$PID" 2>/dev/null || true
    fi
    wait "$PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

"$QUARRY" ingest --workspace "$WORK/ws" --table DeviceNetworkEvents \
  "$HERE/fixtures/network_events.jsonl" >"$WORK/ingest.log" 2>&1 || {
  echo "FAIL: quarry ingest failed:" >&2; cat "$WORK/ingest.log" >&2; exit 1; }

TOKEN="qry_npm-test-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
# The log exists before the server starts, so the polling below never reads a missing file
# (set -e would end the script there).
: >"$WORK/serve.log"
QUARRY_SERVE_TOKEN="$TOKEN" "$QUARRY" serve --workspace "$WORK/ws" --port 0 >"$WORK/serve.log" 2>&1 &
PID=$!
URL=""
i=0
while [ $i -lt 100 ]; do
  URL=$(sed -n 's/^quarry serve: workspace .* on \(https:\/\/[^ ]*\)$/\1/p' "$WORK/serve.log")
  [ -n "$URL" ] && break
  kill -0 "$PID" 2>/dev/null || { echo "FAIL: quarry serve exited:" >&2; cat "$WORK/serve.log" >&2; exit 1; }
  i=$((i + 1)); sleep 0.1
done
[ -n "$URL" ] || { echo "FAIL: quarry serve did not start:" >&2; cat "$WORK/serve.log" >&2; exit 1; }

QUARRY_URL="$URL" QUARRY_TOKEN="$TOKEN" NODE_PATH="$CACHE/node_modules" \
  NODE_EXTRA_CA_CERTS="$WORK/ws/server/tls-cert.pem" \
  node "$HERE/npm/query_quarry.js"

# A supervisor's SIGTERM stops the server cleanly: it leaves its accept loop and says so.
kill -TERM "$PID"
j=0
while kill -0 "$PID" 2>/dev/null && [ $j -lt 100 ]; do j=$((j + 1)); sleep 0.1; done
if kill -0 "$PID" 2>/dev/null; then
  echo "FAIL: quarry serve did not stop within 10 s of SIGTERM" >&2; exit 1
fi
STATUS=0; wait "$PID" || STATUS=$?
PID=""
[ "$STATUS" -eq 0 ] || { echo "FAIL: quarry serve exited with $STATUS after SIGTERM:" >&2; cat "$WORK/serve.log" >&2; exit 1; }
grep -q '^quarry serve: stopped$' "$WORK/serve.log" || {
  echo "FAIL: quarry serve did not report a clean stop:" >&2; cat "$WORK/serve.log" >&2; exit 1; }
echo "quarry serve stopped cleanly on SIGTERM"

# Without --token or QUARRY_SERVE_TOKEN, quarry serve generates a token and prints it; the
# client must get in with exactly that token (and, as above, not with another).
: >"$WORK/serve2.log"
env -u QUARRY_SERVE_TOKEN "$QUARRY" serve --workspace "$WORK/ws" --port 0 >"$WORK/serve2.log" 2>&1 &
PID=$!
URL=""
GENERATED=""
i=0
while [ $i -lt 100 ]; do
  URL=$(sed -n 's/^quarry serve: workspace .* on \(https:\/\/[^ ]*\)$/\1/p' "$WORK/serve2.log")
  GENERATED=$(sed -n 's/^  token: *\(qry_[A-Za-z0-9_-]\{32\}\) .*$/\1/p' "$WORK/serve2.log")
  [ -n "$URL" ] && [ -n "$GENERATED" ] && break
  kill -0 "$PID" 2>/dev/null || { echo "FAIL: quarry serve exited:" >&2; cat "$WORK/serve2.log" >&2; exit 1; }
  i=$((i + 1)); sleep 0.1
done
[ -n "$GENERATED" ] || { echo "FAIL: quarry serve printed no generated token:" >&2; cat "$WORK/serve2.log" >&2; exit 1; }
QUARRY_URL="$URL" QUARRY_TOKEN="$GENERATED" NODE_PATH="$CACHE/node_modules" \
  NODE_EXTRA_CA_CERTS="$WORK/ws/server/tls-cert.pem" \
  node "$HERE/npm/query_quarry.js"
kill -TERM "$PID"
wait "$PID" 2>/dev/null || true
PID=""
echo "the generated token printed by quarry serve admits the client"
