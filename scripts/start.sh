#!/usr/bin/env bash
# Start the portal on a fresh clone: Node 22, Debian's mkdocs, dependencies,
# then the app on http://localhost:3000 and the backend on :7007 with the
# embedded SQLite database, the example catalog and guest sign-in.
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
set -euo pipefail
cd "$LUNAR_ROOT"
bash scripts/system-deps.sh docs
yarn install --immutable
exec yarn start "$@"
