#!/usr/bin/env bash
# CoSSMic scheduling benchmark: the reference 'test' neighbourhood (22 jobs, 3 producers) and copies of it with shifted
# house ids — jobs ×10 → 220 and ×50 → 1,100, producers ×10 → 30 — scheduled once by every algorithm; prints wall time,
# PV share (60 s energy balance), PySSMic's contract share and what the exact algorithm's MILPs did.
# Target: 1,100 jobs / 30 producers with the exact algorithm in ≤ 5 s wall (PySSMic: 220 jobs 56 s, 1,100 not in 590 s).
# Extra arguments go to the program (e.g. --sizes 50 --algorithms exact, or --set best_case for KPI tables).
set -euo pipefail
cd "$(dirname "$0")/../.."
scripts/setup >/dev/null
dotnet build bench/Quartier.Bench.Cossmic -c Release -nologo -v quiet -clp:ErrorsOnly
bench/Quartier.Bench.Cossmic/bin/Release/net10.0/Quartier.Bench.Cossmic "$@"
