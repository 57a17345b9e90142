#!/usr/bin/env bash
# Cluster benchmark (issue 18): a sweep of RUNS runs (default 24: 12 PV sizes x 2 rule sets of DOTS's small test, DOTS's
# EMS MILP, one day each) submitted to the first of N = 1, 2, 3 `quartier serve --cluster` silos on loopback, on a
# PostgreSQL started by scripts/services; prints, per N, the wall time from submission to the last run's end, runs per
# minute, and how many runs each silo took. Then one run of a 600-house ESDL (ten Arch72 feeders, so ten partitions;
# one day, LV power flow on): its wall time from submission to end and the partitions each silo ran, against the same
# run in one process (`quartier run`). PG_PORT=N starts the PostgreSQL on another port. SILOS="1 2 3" SLOTS=1 narrow or
# widen it; FEEDERS=0 leaves the 600-house run out.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
dotnet build src/Quartier.Cli -c Release -nologo -v quiet -clp:ErrorsOnly
q="$root/src/Quartier.Cli/bin/Release/net10.0/quartier"
admin=$(scripts/services start postgres ${PG_PORT:+--port "$PG_PORT"} | tail -1)
base=${admin%/*}
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
feeders="$work/arch72x10.esdl"
if [ "${FEEDERS:-10}" != 0 ]; then
  dotnet run --project bench/Quartier.Bench.Grid -c Release -- --copies "${FEEDERS:-10}" --out "$feeders" >/dev/null
  t0=$(date +%s.%N)
  "$q" run "$feeders" --duration 1d --db "$work/single.db" >/dev/null
  t1=$(date +%s.%N)
  awk -v s="$t0" -v e="$t1" -v f="${FEEDERS:-10}" 'BEGIN { printf "one process: %d-feeder run (1 day, LV power flow) wall=%.2fs\n", f, e - s }'
fi

for n in ${SILOS:-1 2 3}; do
  db="quartier_bench_cluster_$$_$n"
  psql "$admin" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db" 2>/dev/null
  url="$base/$db"
  pids=()
  ports=()
  for i in $(seq "$n"); do
    port=$(free_port); ports+=("$port")
    "$q" serve --urls "http://127.0.0.1:$port" --eos-urls off --store "$url" --cluster "$url" --silo-port "$(free_port)" \
      --gateway-port "$(free_port)" --cluster-slots "${SLOTS:-1}" --probe-timeout 2 > "$work/silo$n-$i.log" 2>&1 &
    pids+=("$!")
  done
  api="http://127.0.0.1:${ports[0]}"
  for _ in $(seq 300); do
    active=$(curl -sf "$api/api/health" | json 'len((d.get("cluster") or {}).get("active", []))' 2>/dev/null || echo 0)
    [ "$active" = "$n" ] && break
    sleep 0.2
  done
  [ "$active" = "$n" ] || { echo "only $active of $n silos became active" >&2; tail -20 "$work/silo$n-1.log" >&2; exit 1; }
  scenario=$(curl -sf -X POST -H 'Content-Type: application/xml' --data-binary @"$root/../shared/reference/dots/small-test/test.esdl" "$api/api/scenarios/?name=small" | json 'd["id"]')
  pv=$(python3 -c "print(','.join(str(5 * (i + 1)) for i in range(${RUNS:-24} // 2)))")
  start=$(date +%s.%N)
  sweep=$(curl -sf -X POST --data-binary "{\"name\":\"bench\",\"base\":\"$scenario\",\"settings\":{\"duration\":\"1d\",\"ems\":\"dots\",\"power_flow\":false},\"axes\":[{\"name\":\"pv\",\"set\":{\"type\":\"PVInstallation\",\"attribute\":\"surfaceArea\"},\"values\":[$pv]},{\"name\":\"rules\",\"values\":[\"dots\",\"quartier\"]}]}" "$api/api/sweeps/" | json 'd["id"]')
  while :; do
    state=$(curl -sf "$api/api/sweeps/$sweep")
    left=$(json 'sum(r["state"] not in ("succeeded","failed","cancelled") for r in d["runs"])' <<<"$state")
    [ "$left" = 0 ] && break
    sleep 0.1
  done
  end=$(date +%s.%N)
  failed=$(json 'sum(r["state"] != "succeeded" for r in d["runs"])' <<<"$state")
  per_silo=$(json '", ".join(f"{s} {c}" for s, c in sorted(__import__("collections").Counter(r["silo"] for r in d["runs"]).items()))' <<<"$state")
  awk -v n="$n" -v s="$start" -v e="$end" -v r="${RUNS:-24}" -v f="$failed" -v p="$per_silo" \
    'BEGIN { w = e - s; printf "silos=%d runs=%d failed=%d wall=%.1fs runs/min=%.1f per-silo: %s\n", n, r, f, w, r * 60 / w, p }'
  if [ "${FEEDERS:-10}" != 0 ]; then
    start=$(date +%s.%N)
    run=$(curl -sf -X POST -H 'Content-Type: application/xml' --data-binary @"$feeders" "$api/api/runs/?name=feeders&duration=1d" | json 'd["id"]')
    while :; do
      view=$(curl -sf "$api/api/runs/$run")
      st=$(json 'd["status"]' <<<"$view")
      case "$st" in succeeded|failed|cancelled) break ;; esac
      sleep 0.1
    done
    end=$(date +%s.%N)
    silo=$(json 'd.get("silo")' <<<"$view")
    awk -v n="$n" -v s="$start" -v e="$end" -v st="$st" -v p="$silo" -v f="${FEEDERS:-10}" \
      'BEGIN { printf "silos=%d %d-feeder run: %s wall=%.2fs partitions per silo: %s\n", n, f, st, e - s, p }'
  fi
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait "${pids[@]}" 2>/dev/null || true
  psql "$admin" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)"
done
