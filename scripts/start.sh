#!/usr/bin/env bash
# Start the portal on a fresh clone: Node 22, Debian's mkdocs, dependencies,
# then the portal on http://localhost:7007 (the backend serving the built
# app) with the embedded SQLite database, the example catalog and guest
# sign-in. The app is built on the first start and again only when a
# frontend source changed, so a second start answers in seconds; `yarn start`
# is the development server with hot reload (DEVELOPERS.md).
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
set -euo pipefail
cd "$LUNAR_ROOT"
bash scripts/system-deps.sh docs
yarn install --immutable
# With RabbitMQ on this machine, dead-letter ingest runs as environment
# `local` (app-config.local-rabbitmq.yaml); without it, ingest is off and the
# Dead letter tab says how to configure it.
configs=""
if timeout 2 bash -c '</dev/tcp/127.0.0.1/5672' 2>/dev/null; then
  echo ">> RabbitMQ answers on 127.0.0.1:5672: dead letters of environment 'local' (try: yarn dead-letters:demo)" >&2
  configs="app-config.local-rabbitmq.yaml"
else
  echo ">> no RabbitMQ on 127.0.0.1:5672: dead-letter ingest is off" >&2
fi
# A developer's own local config is layered last, as `yarn start` does.
[ -f app-config.local.yaml ] && configs="${configs:+$configs:}app-config.local.yaml"
echo ">> the portal will answer on http://localhost:${PORTAL_PORT:-7007}" >&2
PORTAL_HOST=localhost PORTAL_BUILD=stale PORTAL_CONFIG="$configs" exec bash scripts/portal.sh "$@"
