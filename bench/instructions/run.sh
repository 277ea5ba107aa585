#!/bin/bash
# User-space instructions per request of a bench server, counted by valgrind (callgrind), so the
# number does not depend on other tenants of the machine. Two runs, of N1 and N2 requests after the
# same start-up; the difference divided by N2 − N1 cancels start-up and most of the JIT warm-up.
# Counts move by a few per cent between runs (GC and JIT timing): compare servers, not single digits.
# Usage: bash bench/instructions/run.sh [server ...]   (servers: raw phial fastify hono …; default raw phial)
# Env: BENCH_PATH (default /user/42), BENCH_BODY (a JSON body: POST instead of GET), N1 (5000), N2 (20000). Needs valgrind (apt-get install -y valgrind)
# and `npm run build` for phial. Takes about a minute per server.
# SIM=1 also simulates the caches and branch predictor (32 KiB L1s, 32 MiB last level) and adds their
# misses per request: about four minutes per server. A simulation of a generic CPU, not a measurement
# of this one; it is there because shared VMs expose no hardware counters.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
path=${BENCH_PATH:-/user/42}; n1=${N1:-5000}; n2=${N2:-20000}
sim=()
if [ "${SIM:-}" = 1 ]; then
  sim=(--cache-sim=yes --branch-sim=yes --I1=32768,8,64 --D1=32768,8,64 --LL=33554432,16,64)
fi
count() { # server requests -> the counters callgrind collected (Ir first; with SIM=1, all of them)
  local port=$((3500 + RANDOM % 400)) log
  log=$(mktemp)
  valgrind --tool=callgrind "${sim[@]}" --smc-check=all-non-file --callgrind-out-file=/dev/null \
    node "$here/../http/$1.mjs" "$port" 2>"$log" &
  local pid=$!
  # Wait until it answers (valgrind starts Node slowly); node rather than curl, which CI may lack.
  node -e 'const u = process.argv[1], t = Date.now()
    const go = () => fetch(u).then(() => process.exit(0), () => (Date.now() - t > 150e3 ? process.exit(1) : setTimeout(go, 500)))
    go()' "http://127.0.0.1:$port/"
  node "$here/client.mjs" "$port" "$path" "$2" 10 ${BENCH_BODY:+"$BENCH_BODY"}
  kill -INT "$pid"; wait "$pid" 2>/dev/null || true
  sed -n 's/.*Collected : //p' "$log" | tr -d ','; rm -f "$log"
}
if [ "${SIM:-}" = 1 ]; then
  echo "| server | instructions | L1i misses | L1d read misses | L1d write misses | mispredicted branches ($path, per request) |"
  echo "| --- | --- | --- | --- | --- | --- |"
else
  echo "| server | instructions per request ($path) |"
  echo "| --- | --- |"
fi
for server in "${@:-raw phial}"; do
  for s in $server; do
    a=($(count "$s" "$n1")); b=($(count "$s" "$n2"))
    per() { echo $(( (b[$1] - a[$1]) / (n2 - n1) )); }
    # Callgrind's order: Ir Dr Dw I1mr D1mr D1mw ILmr DLmr DLmw Bc Bcm Bi Bim.
    if [ "${SIM:-}" = 1 ]; then
      echo "| $s | $(per 0) | $(per 3) | $(per 4) | $(per 5) | $(( $(per 10) + $(per 12) )) |"
    else
      echo "| $s | $(per 0) |"
    fi
  done
done
