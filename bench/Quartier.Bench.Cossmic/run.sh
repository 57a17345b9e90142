#!/usr/bin/env bash
# CoSSMic scheduling benchmark: the reference 'test' neighbourhood (22 jobs, 3 producers) and copies of it with shifted
# house ids — jobs ×10 → 220 and ×50 → 1,100, producers ×10 → 30 — scheduled once by every algorithm; prints wall time,
# PV share (60 s energy balance), PySSMic's contract share and what the exact algorithm's MILPs did.
# Target: 1,100 jobs / 30 producers with the exact algorithm in ≤ 5 s wall (PySSMic: 220 jobs 56 s, 1,100 not in 590 s).
# City scale (issue 20): --city runs jobs x50/x500/x5000 (1,100 / 11,000 / 110,000) with producers x10/x100/x1000,
# prints peak memory and the offline LP bound of the PV share; add --runs 2 for jittered runs (no bound then).
# Extra arguments go to the program (e.g. --sizes 50 --algorithms exact, or --set best_case for KPI tables).
set -euo pipefail
cd "$(dirname "$0")/../.."
scripts/setup >/dev/null
dotnet build bench/Quartier.Bench.Cossmic -c Release -nologo -v quiet -clp:ErrorsOnly
bench/Quartier.Bench.Cossmic/bin/Release/net10.0/Quartier.Bench.Cossmic "$@"
