#!/usr/bin/env bash
# Everything CI runs, in order: type check, lint, formatting, unit and
# integration tests (real PostgreSQL and RabbitMQ), then the end-to-end tests
# in Chromium against the running portal on SQLite, and again for boot, dead
# letters and releases on PostgreSQL. .ci/run calls exactly this.
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
set -euo pipefail
cd "$LUNAR_ROOT"

step() { printf '\n==== %s (%s)\n' "$1" "$(date -u +%H:%M:%S)"; }

step "system packages"
bash scripts/system-deps.sh
step "dependencies"
yarn install --immutable
step "services"
bash scripts/services.sh

step "type check"
yarn tsc
step "lint"
yarn lint:all
step "formatting"
yarn prettier:check
step "generated API code matches the OpenAPI specs"
bash scripts/openapi/check.sh
bash scripts/openapi/check.sh --self-test
step "unit and integration tests"
CI=true yarn backstage-cli repo test

step "end-to-end tests (SQLite)"
PORTAL_BUILD=1 PORTAL_PORT=7070 bash -c 'source scripts/env.sh; flock /tmp/lunar-app-build.lock yarn workspace app build' >/dev/null
CI=true PORTAL_PORT=7070 yarn test:e2e

step "end-to-end tests (PostgreSQL): boot, dead letters (triage too), releases"
psql -h 127.0.0.1 -U postgres -d postgres -qc 'DROP DATABASE IF EXISTS lunar_portal_e2e WITH (FORCE)' -c 'CREATE DATABASE lunar_portal_e2e'
CI=true PORTAL_PORT=7071 PORTAL_CONFIG=app-config.e2e.yaml:app-config.e2e-postgres.yaml \
  yarn test:e2e e2e/smoke.spec.ts e2e/dead-letter.spec.ts e2e/dead-letter-triage.spec.ts e2e/release-status.spec.ts

step "all checks passed"
