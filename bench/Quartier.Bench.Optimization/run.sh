#!/usr/bin/env bash
# Optimisation benchmarks: plan solve time (192 steps) and a year of MPC for HOMES homes against the rule-based EMS.
set -euo pipefail
cd "$(dirname "$0")/../.."
scripts/setup >/dev/null
dotnet build bench/Quartier.Bench.Optimization -c Release -nologo -v quiet -clp:ErrorsOnly
bench/Quartier.Bench.Optimization/bin/Release/net10.0/Quartier.Bench.Optimization "${MODE:-all}" --plans "${PLANS:-30}" --homes "${HOMES:-100}" --days "${DAYS:-365}"
