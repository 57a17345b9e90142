#!/usr/bin/env bash
# Load test of the EOS-compatible API from a second process on loopback (bounded): 20,000 PUT /v1/resource/status and
# 2,000 GET /v1/energy-management/plan while the energy manager re-plans every 5 s. STATUS, PLANS, PARALLEL override.
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet build src/Quartier.Cli -c Release -nologo -v quiet -clp:ErrorsOnly
dotnet build bench/Quartier.Bench.Eos -c Release -nologo -v quiet -clp:ErrorsOnly
bench/Quartier.Bench.Eos/bin/Release/net10.0/Quartier.Bench.Eos --status "${STATUS:-20000}" --plans "${PLANS:-2000}" --parallel "${PARALLEL:-8}"
