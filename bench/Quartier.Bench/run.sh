#!/usr/bin/env bash
# Scale benchmark: a year at 15 min for N = 1,000, 10,000 and 100,000 households, one process each (clean peak-memory
# figures), recording every home's net power and battery fill level into SQLite; prints each size's figures and the
# ratio time(10,000) / time(1,000). HOUSEHOLDS="1000 10000" DAYS=30 SINK=null narrow it down.
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet build bench/Quartier.Bench -c Release -nologo -v quiet -clp:ErrorsOnly
exe=bench/Quartier.Bench/bin/Release/net10.0/Quartier.Bench
declare -A wall
for n in ${HOUSEHOLDS:-1000 10000 100000}; do
  out=$("$exe" --households "$n" --days "${DAYS:-365}" --sink "${SINK:-sqlite}" 2>&1)
  echo "$out"
  wall[$n]=$(sed -n 's/.* wall=\([0-9.]*\)s.*/\1/p' <<<"$out" | head -1)
done
if [[ -n "${wall[1000]:-}" && -n "${wall[10000]:-}" ]]; then
  awk -v a="${wall[1000]}" -v b="${wall[10000]}" 'BEGIN { printf "time(10,000)/time(1,000) = %.1f s / %.1f s = %.2f\n", b, a, b / a }'
fi
