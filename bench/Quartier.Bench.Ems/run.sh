#!/usr/bin/env bash
# A year of DOTS's small test (tiled) under each EMS; DAYS and EMS override.
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet build bench/Quartier.Bench.Ems -c Release -nologo -v quiet -clp:ErrorsOnly
exe=bench/Quartier.Bench.Ems/bin/Release/net10.0/Quartier.Bench.Ems
for ems in ${EMS:-rule dots}; do
  "$exe" --days "${DAYS:-365}" --ems "$ems"
done
