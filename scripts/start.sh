#!/usr/bin/env bash
# Start the portal on a fresh clone: Node 22, Debian's mkdocs, dependencies,
# then the app on http://localhost:3000 and the backend on :7007 with the
# embedded SQLite database, the example catalog and guest sign-in.
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
set -euo pipefail
cd "$LUNAR_ROOT"
bash scripts/system-deps.sh docs
yarn install --immutable
# With RabbitMQ on this machine, dead-letter ingest runs as environment
# `local` (app-config.local-rabbitmq.yaml); without it, ingest is off and the
# Dead letter tab says how to configure it.
if timeout 2 bash -c '</dev/tcp/127.0.0.1/5672' 2>/dev/null; then
  echo ">> RabbitMQ answers on 127.0.0.1:5672: dead letters of environment 'local' (try: yarn dead-letters:demo)" >&2
  configs=(--config "$LUNAR_ROOT/app-config.yaml" --config "$LUNAR_ROOT/app-config.local-rabbitmq.yaml")
  # --config replaces the defaults: keep a developer's own local config.
  [ -f app-config.local.yaml ] && configs+=(--config "$LUNAR_ROOT/app-config.local.yaml")
  exec yarn start "${configs[@]}" "$@"
fi
echo ">> no RabbitMQ on 127.0.0.1:5672: dead-letter ingest is off" >&2
exec yarn start "$@"
