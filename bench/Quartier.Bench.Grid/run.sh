#!/usr/bin/env bash
# Issue 15's 600-house run: writes COPIES (default 10) copies of Arch72 as sub-areas of one ESDL, each its own feeder,
# and times `./quartier run` on it with the LV power flow, parsing included, RUNS times (default 3). Target: < 3 s wall.
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet build bench/Quartier.Bench.Grid -c Release -nologo -v quiet -clp:ErrorsOnly
dotnet build src/Quartier.Cli -c Release -nologo -v quiet -clp:ErrorsOnly
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
esdl="$dir/arch72x${COPIES:-10}.esdl"
bench/Quartier.Bench.Grid/bin/Release/net10.0/Quartier.Bench.Grid --copies "${COPIES:-10}" --out "$esdl"
TIMEFORMAT='wall %R s (user %U s, sys %S s)'
for _ in $(seq "${RUNS:-3}"); do
  rm -f "$dir/run.db"
  { time ./quartier run "$esdl" --db "$dir/run.db" > "$dir/out.txt" 2> "$dir/err.txt"; } 2>&1
  grep -E "connection-steps/s" "$dir/out.txt"
done
grep -c "^note: LV network" "$dir/err.txt" | sed 's/$/ feeders solved every step/'
