#!/usr/bin/env bash
# Stop latency (issue 20): starts `quartier cossmic run CITY --algorithm ALG` on a city-sized copy of PySSMic's 'test'
# neighbourhood (jobs ×500 → 11,000, producers ×100 → 300; copy k of a house and device moved to id + 1000·k), sends
# SIGINT or SIGTERM (alternating) after a random delay in 0…MAX s once the run has started, and measures the time from
# the signal to the process's exit. Prints every trial and min / median / max, and fails when an exit code is not 130
# (SIGINT) or 143 (SIGTERM), or the run was stored as anything but Cancelled.
# Usage: bench/Quartier.Bench.Cossmic/stop.sh [TRIALS=20] [MAX_DELAY_S=2.5] [ALGORITHM=exact] (a nominal exact run of
# this city takes 3–4 s after import here: keep MAX_DELAY_S inside it)
set -euo pipefail
set -m  # background jobs keep SIGINT (without job control bash starts them with SIGINT ignored)
cd "$(dirname "$0")/../.."
trials=${1:-20} max=${2:-2.5} algorithm=${3:-exact}
scripts/setup >/dev/null
dotnet build src/Quartier.Cli -c Release -nologo -v quiet -clp:ErrorsOnly >/dev/null
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
src=../shared/reference/pyssmic/test city=$work/city
mkdir -p "$city/predictions" "$city/loads"
cp "$src"/loads/* "$city/loads/"
awk -F';' -v OFS=';' 'NF { line = $0; for (k = 0; k < 500; k++) { $0 = line; split($4, a, /[][]/); $4 = "[" a[2] + 1000 * k "]:[" a[4] + 1000 * k "]:[" a[6] "]"; print } }' \
  "$src/consumer_event.csv" > "$city/consumer_event.csv"
while IFS=';' read -r t dev file; do
  [[ -z "$t" ]] && continue
  house=$(sed 's/pv_producer\[\([0-9]*\)\]:\[\([0-9]*\)\]/\1/' <<<"$dev"); device=$(sed 's/pv_producer\[\([0-9]*\)\]:\[\([0-9]*\)\]/\2/' <<<"$dev")
  for ((k = 0; k < 100; k++)); do
    h=$((house + 1000 * k)) d=$((device + 1000 * k)) f="$((house + 1000 * k))_$((device + 1000 * k))_${file##*_}"
    cp "$src/predictions/$file" "$city/predictions/$f"
    echo "$t;pv_producer[$h]:[$d];$f"
  done
done < "$src/producer_event.csv" > "$city/producer_event.csv"
echo "city: $(wc -l < "$city/consumer_event.csv") jobs, $(wc -l < "$city/producer_event.csv") producer events; algorithm $algorithm; $trials trials, delay 0–$max s"
dll=src/Quartier.Cli/bin/Release/net10.0/quartier.dll
lat=()
for ((n = 1; n <= trials; n++)); do
  signal=$([[ $((n % 2)) == 1 ]] && echo INT || echo TERM)
  delay=$(awk -v s="$RANDOM" -v m="$max" 'BEGIN { srand(s); printf "%.2f", rand() * m }')
  rm -f "$work/run.db"
  dotnet "$dll" cossmic run "$city" --algorithm "$algorithm" --db "$work/run.db" >"$work/out" 2>"$work/err" &
  pid=$!
  for _ in $(seq 1 600); do grep -q "houses;" "$work/err" && break; sleep 0.05; done
  sleep "$delay"
  if ! kill -0 "$pid" 2>/dev/null; then wait "$pid" || true; echo "trial $n: finished before the signal (delay $delay s)"; continue; fi
  t0=$(date +%s%N); kill -"$signal" "$pid"
  while kill -0 "$pid" 2>/dev/null; do sleep 0.005; done
  t1=$(date +%s%N); rc=0; wait "$pid" || rc=$?
  ms=$(( (t1 - t0) / 1000000 )); lat+=("$ms")
  want=$([[ $signal == INT ]] && echo 130 || echo 143)
  status=$(dotnet "$dll" results list --db "$work/run.db" 2>/dev/null | grep -o -m1 -E 'Cancelled|Succeeded|Failed|Running' || true)
  echo "trial $n: SIG$signal at +$delay s -> exit $rc after $ms ms; stored: ${status:-?}"
  if [[ $rc != "$want" || $status != Cancelled ]]; then echo "FAIL: exit $rc (expected $want), stored ${status:-nothing}"; tail -5 "$work/err"; exit 1; fi
done
printf '%s\n' "${lat[@]}" | sort -n | awk '{ v[NR] = $1 } END { if (NR) printf "stop latency over %d signals: min %d ms, median %d ms, max %d ms\n", NR, v[1], v[int((NR + 1) / 2)], v[NR] }'
