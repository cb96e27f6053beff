#!/usr/bin/env bash
# Serves the built app and the backend together on one port (the backend's
# app plugin serves packages/app/dist), without file watching: this is what
# the end-to-end tests and the smoke checks run against.
#
#   PORTAL_PORT=7007                port (default 7007)
#   PORTAL_CONFIG=a.yaml:b.yaml     config files after app-config.yaml
#                                   (default: app-config.e2e.yaml)
#   PORTAL_BUILD=1                  rebuild packages/app/dist first
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
set -euo pipefail
cd "$LUNAR_ROOT"
PORT="${PORTAL_PORT:-7007}"
CONFIGS="${PORTAL_CONFIG-app-config.e2e.yaml}"

if [ "${PORTAL_BUILD:-0}" = 1 ] || [ ! -f packages/app/dist/index.html ]; then
  echo ">> building the app (packages/app/dist)" >&2
  flock /tmp/lunar-app-build.lock yarn workspace app build >&2
fi

overlay="$(mktemp --suffix=.yaml "/tmp/lunar-portal-$PORT-XXXX")"
cat >"$overlay" <<YAML
app:
  baseUrl: http://127.0.0.1:$PORT
backend:
  baseUrl: http://127.0.0.1:$PORT
  listen:
    port: $PORT
    host: 127.0.0.1
  cors:
    origin: http://127.0.0.1:$PORT
YAML

args=(--config "$LUNAR_ROOT/app-config.yaml")
IFS=':' read -ra extra <<<"$CONFIGS"
for c in "${extra[@]}"; do
  [ -n "$c" ] && args+=(--config "$(realpath "$c")")
done
args+=(--config "$overlay")

cd packages/backend
export ESBK_TSCONFIG_PATH="$LUNAR_ROOT/tsconfig.json"
export NODE_ENV="${NODE_ENV:-development}"
exec node --enable-source-maps \
  --require "$(node -p 'require.resolve("@backstage/cli-node/config/nodeTransform.cjs", {paths:[require.resolve("@backstage/cli")]})')" \
  src/index.ts "${args[@]}"
