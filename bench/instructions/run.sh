#!/bin/bash
# User-space instructions per request of a bench server, counted by valgrind (callgrind), so the
# number does not depend on other tenants of the machine. Two runs, of N1 and N2 requests after the
# same start-up; the difference divided by N2 − N1 cancels start-up and most of the JIT warm-up.
# Counts move by a few per cent between runs (GC and JIT timing): compare servers, not single digits.
# Usage: bash bench/instructions/run.sh [server ...]   (servers: raw phial fastify hono …; default raw phial)
# Env: BENCH_PATH (default /user/42), BENCH_BODY (a JSON body: POST instead of GET), N1 (5000), N2 (20000). Needs valgrind (apt-get install -y valgrind)
# and `npm run build` for phial. Takes about a minute per server.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
path=${BENCH_PATH:-/user/42}; n1=${N1:-5000}; n2=${N2:-20000}
count() { # server requests -> instructions
  local port=$((3500 + RANDOM % 400)) log
  log=$(mktemp)
  valgrind --tool=callgrind --smc-check=all-non-file --callgrind-out-file=/dev/null \
    node "$here/../http/$1.mjs" "$port" 2>"$log" &
  local pid=$!
  # Wait until it answers (valgrind starts Node slowly); node rather than curl, which CI may lack.
  node -e 'const u = process.argv[1], t = Date.now()
    const go = () => fetch(u).then(() => process.exit(0), () => (Date.now() - t > 150e3 ? process.exit(1) : setTimeout(go, 500)))
    go()' "http://127.0.0.1:$port/"
  node "$here/client.mjs" "$port" "$path" "$2" 10 ${BENCH_BODY:+"$BENCH_BODY"}
  kill -INT "$pid"; wait "$pid" 2>/dev/null || true
  awk '/Collected/ {print $4}' "$log"; rm -f "$log"
}
echo "| server | instructions per request ($path) |"
echo "| --- | --- |"
for server in "${@:-raw phial}"; do
  for s in $server; do
    a=$(count "$s" "$n1"); b=$(count "$s" "$n2")
    echo "| $s | $(( (b - a) / (n2 - n1) )) |"
  done
done
