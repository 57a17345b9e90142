#!/usr/bin/env bash
# Optimisation benchmarks: plan solve time (192 steps) and a year of MPC for HOMES homes against the rule-based EMS.
# CBC serialises MILP solves inside a process, so the MPC year runs one process per core (SHARDS, default nproc).
set -euo pipefail
cd "$(dirname "$0")/../.."
scripts/setup >/dev/null
dotnet build bench/Quartier.Bench.Optimization -c Release -nologo -v quiet -clp:ErrorsOnly
exe=bench/Quartier.Bench.Optimization/bin/Release/net10.0/Quartier.Bench.Optimization
mode=${MODE:-all}
if [ "$mode" = solve ] || [ "$mode" = all ]; then "$exe" solve --plans "${PLANS:-30}"; fi
if [ "$mode" = mpc ] || [ "$mode" = all ]; then
  shards=${SHARDS:-$(nproc)}; homes=${HOMES:-100}; days=${DAYS:-365}
  out=$(mktemp); start=$(date +%s.%N)
  for ((i = 0; i < shards; i++)); do "$exe" mpc --homes "$homes" --days "$days" --shard "$i/$shards" >>"$out" & done
  wait
  end=$(date +%s.%N)
  awk -v wall="$(echo "$end - $start" | bc)" -v homes="$homes" -v days="$days" -v shards="$shards" '
    /^MPCSHARD/ { for (i = 2; i <= NF; i++) { split($i, kv, "="); s[kv[1]] += kv[2] } }
    END {
      printf "mpc: %d homes x %d days at 15 min, daily 48 h plans, %d processes: wall %.1f s, %d plans (%d failed), %.1f ms per plan\n", homes, days, shards, wall, s["plans"], s["failed"], 1000 * s["planSeconds"] / s["plans"]
      printf "     cost rule-based %.0f EUR, MPC %.0f EUR: saving %.0f EUR (%.1f %%, %.0f EUR per home); EV shortfall rule %.1f kWh, MPC %.1f kWh\n", s["rule"], s["mpc"], s["rule"] - s["mpc"], 100 * (s["rule"] - s["mpc"]) / s["rule"], (s["rule"] - s["mpc"]) / homes, s["evRule"], s["evMpc"]
    }' "$out"
  rm -f "$out"
fi
