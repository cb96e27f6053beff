#!/usr/bin/env bash
# Fails when the committed OpenAPI code (router types, client) of a plugin
# differs from what its openapi.yaml generates with scripts/openapi/generate.py.
#   bash scripts/openapi/check.sh              check every OpenAPI plugin
#   bash scripts/openapi/check.sh --self-test  show that a hand edit is caught
source "$(dirname "${BASH_SOURCE[0]}")/../env.sh"
set -euo pipefail
cd "$LUNAR_ROOT"

# backend plugin, its -common package, plugin id
PLUGINS=(
  "dead-letter-backend dead-letter-common dead-letter"
  "release-status-backend release-status-common release-status"
  "database-access-backend database-access-common database-access"
  "squad-overview-backend squad-overview-common squad-overview"
)
PRETTIER_CONFIG="$LUNAR_ROOT/node_modules/@backstage/cli/config/prettier.json"

# generate <backend> <common> <id> <out>: the code the spec generates, formatted.
generate() {
  python3 scripts/openapi/generate.py "plugins/$1" "plugins/$2" "$3" "$4" >/dev/null
  yarn run -T prettier --config "$PRETTIER_CONFIG" --loglevel warn --write "$4" >/dev/null
}

# compare <generated out> <server dir> <client dir>
compare() {
  local ok=0
  # .openapi-generator-ignore belongs to the real generator, not to ours.
  diff -r -x .openapi-generator-ignore "$1/server" "$2" || ok=1
  diff -r -x .openapi-generator-ignore "$1/client" "$3" || ok=1
  return $ok
}

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

if [ "${1:-}" = --self-test ]; then
  read -r backend common id <<<"${PLUGINS[0]}"
  generate "$backend" "$common" "$id" "$tmp/gen"
  mkdir -p "$tmp/edited"
  cp -r "plugins/$backend/src/schema/openapi" "$tmp/edited/server"
  cp -r "plugins/$common/src/schema/openapi" "$tmp/edited/client"
  compare "$tmp/gen" "$tmp/edited/server" "$tmp/edited/client" >/dev/null
  # A hand edit of a generated model, as someone might make instead of
  # changing the spec:
  model="$(find "$tmp/edited/server/generated/models" -name '*.model.ts' | sort | head -1)"
  printf 'export const handEdited = true;\n' >>"$model"
  if compare "$tmp/gen" "$tmp/edited/server" "$tmp/edited/client" >/dev/null; then
    echo "self-test FAILED: a hand-edited generated file was not detected" >&2
    exit 1
  fi
  echo "self-test: a hand edit of $(basename "$model") is reported as drift"
  exit 0
fi

status=0
for entry in "${PLUGINS[@]}"; do
  read -r backend common id <<<"$entry"
  generate "$backend" "$common" "$id" "$tmp/$id"
  if compare "$tmp/$id" "plugins/$backend/src/schema/openapi" "plugins/$common/src/schema/openapi"; then
    echo "$id: generated code matches src/schema/openapi.yaml"
  else
    echo "$id: the committed generated code differs from what src/schema/openapi.yaml generates (run: cd plugins/$backend && yarn generate:openapi)" >&2
    status=1
  fi
done
exit $status
