#!/usr/bin/env bash
# Serves the built app and the backend together on one port (the backend's
# app plugin serves packages/app/dist), without file watching: this is what
# the end-to-end tests and the smoke checks run against.
#
#   PORTAL_PORT=7007                port (default 7007)
#   PORTAL_CONFIG=a.yaml:b.yaml     config files after app-config.yaml
#                                   (default: app-config.e2e.yaml)
#   PORTAL_BUILD=1                  rebuild packages/app/dist first
#   PORTAL_BUILD=stale              rebuild it when a source file is newer
#   PORTAL_HOST=127.0.0.1           the host in the portal's address
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
set -euo pipefail
cd "$LUNAR_ROOT"
PORT="${PORTAL_PORT:-7007}"
HOST="${PORTAL_HOST:-127.0.0.1}"
CONFIGS="${PORTAL_CONFIG-app-config.e2e.yaml}"

# A frontend source (the app, a plugin, the lockfile) newer than the build.
stale() {
  [ -n "$(find packages/app plugins yarn.lock \( -name node_modules -o -name dist -o -name dist-types \) -prune \
    -o -type f -newer packages/app/dist/index.html -print -quit)" ]
}
if [ "${PORTAL_BUILD:-0}" = 1 ] || [ ! -f packages/app/dist/index.html ] ||
  { [ "${PORTAL_BUILD:-0}" = stale ] && stale; }; then
  echo ">> building the app (packages/app/dist)" >&2
  flock /tmp/lunar-app-build.lock yarn workspace app build >&2
fi

overlay="$(mktemp --suffix=.yaml "/tmp/lunar-portal-$PORT-XXXX")"
cat >"$overlay" <<YAML
app:
  baseUrl: http://$HOST:$PORT
backend:
  baseUrl: http://$HOST:$PORT
  listen:
    port: $PORT
    host: 127.0.0.1
  cors:
    origin: http://$HOST:$PORT
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
  src/index.ts "${args[@]}" "$@"
