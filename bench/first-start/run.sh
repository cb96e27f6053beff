#!/usr/bin/env bash
# First start of the portal as a newcomer has it (issue 20): a fresh clone of
# this repository, `bash scripts/start.sh`, timed until the portal answers;
# then stopped and started again on the same clone (warm).
#
#   bash bench/first-start/run.sh            # clones HEAD of this checkout
#
# Times, from the start command:
#   ready    /.backstage/health/v1/readiness answers 200
#   page     GET / serves the app (index.html)
#   catalog  the catalog API lists the example components (guest token)
# and when the parts of the cold start were done (Node 22 fetched, yarn
# install, app build), from the files each leaves.
# Env: BENCH_PORT (7180), BENCH_TIMEOUT seconds (600). Machine-level caches
# (yarn's global cache and store, the compiled better-sqlite3 in
# ~/.cache/lunar-portal) are used as they are: the figures say so.
# Prints figures and writes bench/results/first-start-<timestamp>.json.
set -euo pipefail
SRC="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PORT="${BENCH_PORT:-7180}"
LIMIT="${BENCH_TIMEOUT:-600}"
WORK="$(mktemp -d /tmp/lunar-first-start-XXXX)"
PID=""

stop() {
  if [ -n "$PID" ] && kill -0 "$PID" 2>/dev/null; then
    kill -TERM -- "-$PID" 2>/dev/null || true
    for _ in $(seq 1 30); do kill -0 "$PID" 2>/dev/null || break; sleep 1; done
    kill -KILL -- "-$PID" 2>/dev/null || true
  fi
  PID=""
}
trap 'stop; rm -rf "$WORK"' EXIT

now() { date +%s.%N; }
elapsed() { python3 -c "print(round($2 - $1, 1))"; }

# start LABEL: runs start.sh as the leader of a new process group (stopped by
# that group), prints "ready page catalog node installed built" seconds; the
# last three are when .tools/node22, node_modules/.yarn-state.yml and
# packages/app/dist/index.html first appeared (null when they were there).
start() {
  local label="$1" t0 ready="" page="" catalog="" token t
  local node=null installed=null built=null
  local clone="$WORK/clone" base="http://127.0.0.1:$PORT"
  local had_node=0 had_install=0 had_build=0
  [ -x "$clone/.tools/node22/bin/node" ] && had_node=1
  [ -f "$clone/node_modules/.yarn-state.yml" ] && had_install=1
  [ -f "$clone/packages/app/dist/index.html" ] && had_build=1
  t0="$(now)"
  (cd "$clone" && exec setsid bash scripts/start.sh >"$WORK/$label.log" 2>&1) &
  PID=$!
  while :; do
    t="$(elapsed "$t0" "$(now)")"
    [ "${t%.*}" -lt "$LIMIT" ] || { echo "!! $label: no answer after $LIMIT s (log: $WORK/$label.log)" >&2; tail -20 "$WORK/$label.log" >&2; exit 1; }
    kill -0 "$PID" 2>/dev/null || { echo "!! $label: the start command exited" >&2; tail -20 "$WORK/$label.log" >&2; exit 1; }
    [ $had_node = 0 ] && [ "$node" = null ] && [ -x "$clone/.tools/node22/bin/node" ] && node="$t"
    [ $had_install = 0 ] && [ "$installed" = null ] && [ -f "$clone/node_modules/.yarn-state.yml" ] && installed="$t"
    [ $had_build = 0 ] && [ "$built" = null ] && [ -f "$clone/packages/app/dist/index.html" ] && built="$t"
    if [ -z "$ready" ] && curl -fs "$base/.backstage/health/v1/readiness" >/dev/null 2>&1; then ready="$t"; fi
    if [ -n "$ready" ] && [ -z "$page" ] && curl -fs "$base/" 2>/dev/null | grep -q '<div id="root">'; then page="$t"; fi
    if [ -n "$page" ] && [ -z "$catalog" ]; then
      token="$(curl -fs "$base/api/auth/guest/refresh" | python3 -c 'import json,sys; print(json.load(sys.stdin)["backstageIdentity"]["token"])' 2>/dev/null || true)"
      if [ -n "$token" ] && curl -fs -H "Authorization: Bearer $token" "$base/api/catalog/entities/by-query?filter=kind=component&limit=1" 2>/dev/null | grep -q '"items":\[{'; then
        catalog="$t"
      fi
    fi
    [ -n "$catalog" ] && break
    sleep 0.5
  done
  echo "$ready $page $catalog $node $installed $built"
}

git clone -q "$SRC" "$WORK/clone"
git -C "$WORK/clone" checkout -q "$(git -C "$SRC" rev-parse HEAD)"
export PORTAL_PORT="$PORT"

start cold >"$WORK/cold.times"
read -r cold_ready cold_page cold_catalog node_fetch install_done app_built <"$WORK/cold.times"
stop
start warm >"$WORK/warm.times"
read -r warm_ready warm_page warm_catalog _ _ _ <"$WORK/warm.times"
stop

commit="$(git -C "$SRC" rev-parse --short HEAD)"
stamp="$(date -u +%Y-%m-%dT%H-%M-%S.000Z)"
mkdir -p "$SRC/bench/results"
out="$SRC/bench/results/first-start-$stamp.json"
cat >"$out" <<JSON
{
  "commit": "$commit",
  "at": "$stamp",
  "machine": "$(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB",
  "cold": { "ready": $cold_ready, "page": $cold_page, "catalog": $cold_catalog,
            "marks": { "node_fetched": $node_fetch, "install_done": $install_done, "app_built": $app_built } },
  "warm": { "ready": $warm_ready, "page": $warm_page, "catalog": $warm_catalog }
}
JSON
printf 'first start on a fresh clone of %s (seconds from `bash scripts/start.sh`)\n' "$commit"
printf '%-6s %8s %8s %8s\n' "" ready page catalog
printf '%-6s %8s %8s %8s\n' cold "$cold_ready" "$cold_page" "$cold_catalog"
printf '%-6s %8s %8s %8s\n' warm "$warm_ready" "$warm_page" "$warm_catalog"
printf 'cold start: Node 22 fetched at %s s, dependencies installed at %s s, app built at %s s\n' \
  "$node_fetch" "$install_done" "$app_built"
echo "written to $out"
