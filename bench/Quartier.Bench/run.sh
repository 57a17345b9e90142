#!/usr/bin/env bash
# Scale benchmark for N = 100, 1,000, 10,000 households, one process each (clean peak-memory figures).
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet build bench/Quartier.Bench -c Release -nologo -v quiet -clp:ErrorsOnly
exe=bench/Quartier.Bench/bin/Release/net10.0/Quartier.Bench
for n in ${HOUSEHOLDS:-100 1000 10000}; do
  "$exe" --households "$n" --days "${DAYS:-365}" --sink "${SINK:-sqlite}"
done
