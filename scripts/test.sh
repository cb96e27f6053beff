#!/usr/bin/env bash
# Everything CI runs: type check, lint, formatting, the OpenAPI drift check,
# unit and integration tests (real PostgreSQL and RabbitMQ), the end-to-end
# tests in Chromium against the running portal (on SQLite, and the specs that
# write dead letters and releases on PostgreSQL), then two replicas behind
# nginx. .ci/run calls exactly this.
#
# After the install, everything runs side by side on the two cores, so that
# neither waits: the static checks (niced), Jest, and the build followed by
# the end-to-end lane (which ends with the image checks). Every step's and lane's wall
# and CPU seconds are printed in a table at the end (also when one fails),
# with the slowest Jest suites and e2e specs printed by scripts/test-times/.
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
set -euo pipefail
cd "$LUNAR_ROOT"

declare -A LANE_PID=() LANE_START=()
TIMES="$(mktemp)"
LOGS="$(mktemp -d)"
RUN_START=$SECONDS
CURRENT=""
CURRENT_START=0
CURRENT_CPU=0

# CPU seconds (user + system). Where this machine lets us (root, cgroup v1
# cpuacct, as here), the run gets a cpuacct cgroup and each lane and the
# build one under it: exact figures, also for processes that nobody waits
# for (Jest workers, Chromium, the replicas). Elsewhere, bash's `times`: only
# what this shell has waited for, a floor.
CPU=0
CG_BASE=/sys/fs/cgroup/cpuacct
CG_ROOT=""
CG_SELF=""
if [ -w "$CG_BASE" ] && mkdir "$CG_BASE/lunar-test.$$" 2>/dev/null; then
  CG_ROOT="$CG_BASE/lunar-test.$$"
  CG_HOME="$CG_BASE$(awk -F: '$2 == "cpuacct" { print $3 }' /proc/$$/cgroup)"
  echo $$ >"$CG_ROOT/tasks"
  CG_SELF="$CG_ROOT"
fi
# cg_enter NAME: moves this subshell (and what it starts) into a cgroup of
# its own under the run's.
cg_enter() {
  [ -n "$CG_ROOT" ] || return 0
  if mkdir -p "$CG_ROOT/$1" && echo "$BASHPID" >"$CG_ROOT/$1/tasks"; then
    CG_SELF="$CG_ROOT/$1"
  else
    CG_SELF="" # `times` then
  fi
}
cg_seconds() { awk '{ printf "%d\n", $1 / 1e9 }' "$1/cpuacct.usage"; }
# children_cpu: sets CPU to this shell's CPU seconds so far: its cgroup's
# (the main shell's holds the whole run), or what `times` counts (run in
# this shell: in a pipe or $(...) it would count a new subshell's).
children_cpu() {
  if [ -n "$CG_SELF" ]; then
    CPU="$(cg_seconds "$CG_SELF")"
    return
  fi
  local file="$LOGS/times.$BASHPID"
  times >"$file"
  CPU="$(awk 'NR == 2 {
    n = 0
    for (i = 1; i <= 2; i++) { split($i, t, /[ms]/); n += t[1] * 60 + t[2] }
    printf "%d\n", n
  }' "$file")"
}
# cg_remove: the run's cgroups go when it ends (one a process still holds,
# such as a replica that outlived its lane, is left).
cg_remove() {
  [ -n "$CG_ROOT" ] || return 0
  echo $$ >"$CG_HOME/tasks" 2>/dev/null || true
  rmdir "$CG_ROOT"/*/ "$CG_ROOT" 2>/dev/null || true
}
finish_step() {
  children_cpu
  [ -n "$CURRENT" ] && printf '%s\t%s\t%s\n' "$((SECONDS - CURRENT_START))" "$((CPU - CURRENT_CPU))" "$CURRENT" >>"$TIMES"
  CURRENT=""
}
step() {
  finish_step
  CURRENT="$1"
  CURRENT_START=$SECONDS
  children_cpu
  CURRENT_CPU=$CPU
  printf '\n==== %s (%s)\n' "$1" "$(date -u +%H:%M:%S)"
}
# kill_tree PID: a lane and everything it started (our own processes only).
kill_tree() {
  local child
  for child in $(ps -o pid= --ppid "$1" 2>/dev/null); do kill_tree "$child"; done
  kill -TERM "$1" 2>/dev/null || true
}
summary() {
  local rc=$? pid
  # A lane still running when a step failed or the run was stopped.
  for pid in "${LANE_PID[@]}"; do kill -0 "$pid" 2>/dev/null && kill_tree "$pid"; done
  finish_step
  printf '\n==== step durations (wall seconds, CPU seconds of both cores)\n%8s  %8s  %s\n' seconds cpu step
  while IFS=$'\t' read -r secs cpu name; do printf '%8s  %8s  %s\n' "$secs" "$cpu" "$name"; done <"$TIMES"
  children_cpu
  printf '%8s  %8s  %s\n' "$((SECONDS - RUN_START))" "$CPU" "total"
  if [ -n "$CG_ROOT" ]; then
    echo "(CPU from a cpuacct cgroup per lane: exact)"
  else
    echo "(CPU from bash's times: processes nobody waited for are not counted)"
  fi
  cg_remove
  rm -rf "$TIMES" "$LOGS"
  [ "$rc" -eq 0 ] && printf '\n==== all checks passed\n' || printf '\n==== FAILED (exit %s)\n' "$rc"
}
trap summary EXIT
trap 'exit 143' TERM
trap 'exit 130' INT

# lane NAME COMMAND...: runs COMMAND in the background into a log of its own;
# join NAME prints that log and fails when the command failed. Its duration
# is recorded as "NAME (beside ...)".
lane() {
  local name="$1"
  shift
  LANE_START[$name]=$SECONDS
  local cgroup="lane-${#LANE_PID[@]}"
  (
    cg_enter "$cgroup"
    rc=0
    "$@" || rc=$?
    echo "$SECONDS" >"$LOGS/$name.end"
    children_cpu
    echo "$CPU" >"$LOGS/$name.cpu"
    exit "$rc"
  ) >"$LOGS/$name.log" 2>&1 &
  LANE_PID[$name]=$!
}
join() {
  local name="$1" rc=0
  wait "${LANE_PID[$name]}" || rc=$?
  local end=$SECONDS
  [ -s "$LOGS/$name.end" ] && end="$(cat "$LOGS/$name.end")"
  local cpu="?"
  [ -s "$LOGS/$name.cpu" ] && cpu="$(cat "$LOGS/$name.cpu")"
  printf '\n---- %s (%s s, %s CPU s, side by side)\n' "$name" "$((end - LANE_START[$name]))" "$cpu"
  cat "$LOGS/$name.log"
  printf '%s\t%s\t%s\n' "$((end - LANE_START[$name]))" "$cpu" "  $name (side by side)" >>"$TIMES"
  return "$rc"
}

# The static checks need one core each and nothing the other steps make:
# niced, they take what the build, the portal and Jest leave over.
type_check() {
  renice -n 10 -p "$BASHPID" >/dev/null
  yarn tsc
}
lint_checks() {
  renice -n 10 -p "$BASHPID" >/dev/null
  echo "-- lint"
  yarn lint:all || return
  echo "-- formatting"
  yarn prettier:check || return
  echo "-- generated API code matches the OpenAPI specs"
  bash scripts/openapi/check.sh || return
  bash scripts/openapi/check.sh --self-test || return
  echo "-- the Jest set-up's own tests (scripts/jest: shared transform cache, jsdom's class filter)"
  node --test scripts/jest/*.test.js
}

step "system packages"
bash scripts/system-deps.sh
step "dependencies"
yarn install --immutable
step "services"
bash scripts/services.sh

# Everything from here runs side by side, so that neither core waits: the
# static checks and Jest start at once; the end-to-end lane starts when the
# build it serves is there.
step "static checks | unit and integration tests | the build, then end-to-end tests"
lane "type check" type_check
lane "lint, formatting, OpenAPI drift" lint_checks

# The end-to-end lane (a portal, Chromium, mostly waiting on the page).
# The specs that write dead letters and releases run on PostgreSQL
# (production's database); SQLite (the default start) runs the others. The
# boot smoke test runs on both.
PG_SPECS=(e2e/smoke.spec.ts e2e/dead-letter.spec.ts e2e/dead-letter-triage.spec.ts e2e/release-status.spec.ts)
SQLITE_SPECS=(e2e/smoke.spec.ts)
for spec in e2e/*.spec.ts; do
  case " ${PG_SPECS[*]} e2e/replicas.spec.ts " in
    *" $spec "*) ;;
    *) SQLITE_SPECS+=("$spec") ;;
  esac
done
# pass LABEL COMMAND...: one pass of the end-to-end lane, with its wall and
# CPU seconds printed after it.
pass() {
  local label="$1" start=$SECONDS cpu
  shift
  local rc=0
  children_cpu
  cpu=$CPU
  echo "-- $label"
  "$@" || rc=$?
  children_cpu
  echo "-- $label: $((SECONDS - start)) s, $((CPU - cpu)) CPU s$([ "$rc" -eq 0 ] || echo ", FAILED (exit $rc)")"
  return "$rc"
}
e2e_postgres() {
  psql -h 127.0.0.1 -U postgres -d postgres -qc 'DROP DATABASE IF EXISTS lunar_portal_e2e WITH (FORCE)' -c 'CREATE DATABASE lunar_portal_e2e' || return
  CI=true E2E_TIMES_LABEL=postgres PORTAL_PORT=7071 PORTAL_CONFIG=app-config.e2e.yaml:app-config.e2e-postgres.yaml \
    yarn test:e2e "${PG_SPECS[@]}"
}
# A lane function runs as `lane`'s "$@" || rc=$?, where bash ignores set -e:
# every step returns on failure itself (|| return), so a failed pass is the
# lane's exit code even when a later one would pass.
e2e() {
  pass "end-to-end tests (SQLite): ${SQLITE_SPECS[*]}" \
    env CI=true E2E_TIMES_LABEL=sqlite PORTAL_PORT=7070 yarn test:e2e "${SQLITE_SPECS[@]}" || return
  pass "end-to-end tests (PostgreSQL): ${PG_SPECS[*]}" e2e_postgres || return
  pass "two replicas behind nginx (scripts/replicas.sh): ingest, kill -9, SIGTERM, redelivery, live updates, scheduled work" \
    env CI=true E2E_TIMES_LABEL=replicas yarn playwright test -c playwright.replicas.config.ts || return
  # The image and deployment checks (packages/backend) start a whole backend
  # from the image's files: here, once Jest has (mostly) finished, not beside
  # it (as a lane of their own from the build on, the run took longer).
  pass "the production image and the deployment manifests (packages/backend)" \
    env CI=true JEST_TIMES_LABEL=jest-image yarn backstage-cli repo test --config jest.config.js packages/backend/ \
    --reporters=default --reporters="$LUNAR_ROOT/scripts/test-times/jest-reporter.js"
}

# jest.config.js: Backstage's configuration, with a transform cache that
# every package (and every clone on this machine) shares.
# Two workers on two cores (the CLI's choice), each replaced past 1 GB
# (Backstage's default). Past 3 GB the run used 295 CPU seconds instead of
# 372, but a worker then ended with up to 3.4 GB resident, and freeing that
# took its process about 500 ms after its last suite: Jest's limit, so about
# every other run said "A worker process has failed to exit gracefully"
# although nothing was left open (1.5 GB: 341 s, 330 ms). A larger young
# generation spares React and jsdom some garbage collection (about 5-10 %
# of the CPU time, measured on plugins/database-access).
unit() {
  CI=true NODE_OPTIONS="--max-semi-space-size=64" yarn backstage-cli repo test --config jest.config.js \
    --workerIdleMemoryLimit=1000M --testPathIgnorePatterns='/packages/backend/' \
    --reporters=default --reporters="$LUNAR_ROOT/scripts/test-times/jest-reporter.js"
}
lane "unit and integration tests" unit

# The backend build (what the image is made of, checked by
# packages/backend/src/image.test.ts) builds the app too, which the e2e
# portals serve: built once here, before anything serves or reads it.
build_start=$SECONDS
(
  cg_enter build
  flock /tmp/lunar-app-build.lock yarn build:backend >"$LOGS/build.log" 2>&1 ||
    { cat "$LOGS/build.log"; exit 1; }
  children_cpu
  echo "$CPU" >"$LOGS/build.cpu"
)
[ -f packages/app/dist/index.html ] || { echo "!! yarn build:backend left no packages/app/dist" >&2; exit 1; }
echo "built: packages/backend/dist (image bundle) and packages/app/dist"
printf '%s\t%s\t%s\n' "$((SECONDS - build_start))" "$(cat "$LOGS/build.cpu")" "  the backend and app build (side by side)" >>"$TIMES"
lane "end-to-end tests (SQLite, then PostgreSQL, then two replicas), the image" e2e

# Every lane's log, and the first failure's exit code.
rc=0
for name in "end-to-end tests (SQLite, then PostgreSQL, then two replicas), the image" \
  "unit and integration tests" "type check" "lint, formatting, OpenAPI drift"; do
  lane_rc=0
  join "$name" || lane_rc=$?
  if [ "$lane_rc" -ne 0 ]; then
    echo "!! $name failed (exit $lane_rc)" >&2
    [ "$rc" -ne 0 ] || rc=$lane_rc
  fi
done
exit "$rc"
