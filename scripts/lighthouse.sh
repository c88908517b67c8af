#!/usr/bin/env bash
# Lighthouse (mobile, simulated 400 kbit/s, 400 ms RTT, CPU x4) on the resident pages of a running Sipon.
# Usage: scripts/lighthouse.sh BASE_URL [SESSION_COOKIE] < paths   (one path a line; "@" before a path = signed in)
# Needs Lighthouse installed outside the repo: LIGHTHOUSE=/path/to/node_modules/lighthouse/cli/index.js
# Prints: path, total KB transferred, FCP, LCP, TTI (ms), TBT (ms), accessibility score.
set -uo pipefail
BASE="$1"; COOKIE="${2:-}"
LH="${LIGHTHOUSE:?set LIGHTHOUSE to lighthouse/cli/index.js}"
OUT="${LH_OUT:-var/lighthouse}"; mkdir -p "$OUT"
printf "%-45s %7s %6s %6s %6s %5s %5s\n" path KB FCP LCP TTI TBT a11y
while read -r path; do
  [ -z "$path" ] && continue
  headers='{}'
  if [[ "$path" == @* ]]; then path="${path#@}"; headers="{\"Cookie\": \"sessionid=${COOKIE}\"}"; fi
  name=$(echo "$path" | tr '/?=&' '____')
  node "$LH" "${BASE}${path}" --quiet --chrome-path="${CHROMIUM_PATH:-/usr/bin/chromium}" \
    --chrome-flags="--headless=new --no-sandbox --disable-gpu" --form-factor=mobile \
    --throttling-method=simulate --throttling.rttMs=400 --throttling.throughputKbps=400 \
    --throttling.cpuSlowdownMultiplier=4 --only-categories=performance,accessibility \
    --extra-headers="$headers" --output=json --output-path="$OUT/${name}.json" >/dev/null 2>&1
  python3 - "$OUT/${name}.json" "$path" <<'PY'
import json, sys
r = json.load(open(sys.argv[1])); a = r["audits"]
def ms(k): return f'{a[k]["numericValue"]:.0f}' if k in a and a[k].get("numericValue") is not None else "-"
kb = a["total-byte-weight"]["numericValue"] / 1024
print(f'{sys.argv[2]:<45} {kb:7.1f} {ms("first-contentful-paint"):>6} {ms("largest-contentful-paint"):>6} '
      f'{ms("interactive"):>6} {ms("total-blocking-time"):>5} {r["categories"]["accessibility"]["score"]*100:5.0f}')
PY
done
