#!/usr/bin/env bash
# Result-store ingestion of a 1,000-home year (70.08 M values) into SQLite and PostgreSQL (scripts/services starts
# the server unless --postgres URL is given); HOMES overrides the size, further arguments go to the benchmark.
# --codec STORE.db measures the block codec on a kept store's blocks instead, e.g. after
#   bench/Quartier.Bench/bin/Release/net10.0/Quartier.Bench --households 100 --days 365 --sink sqlite --db /tmp/q100.db
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet build bench/Quartier.Bench.Storage -c Release -nologo -v quiet -clp:ErrorsOnly
bench/Quartier.Bench.Storage/bin/Release/net10.0/Quartier.Bench.Storage --homes "${HOMES:-1000}" "$@"
