#!/usr/bin/env bash
# Runs after `yarn install` (the root package's postinstall). better-sqlite3
# (the embedded database) has no prebuilt binary reachable from this machine,
# so it is compiled from source, about a minute on two cores. The compiled
# module is kept per better-sqlite3 version, Node ABI and platform in
# ~/.cache/lunar-portal/native, so the next clone on the same machine copies it
# instead of compiling again. Yarn itself skips the package's install script
# (dependenciesMeta in package.json) so it is compiled at most once.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root="$(pwd)"

pkg=node_modules/better-sqlite3
[ -d "$pkg" ] || exit 0
binary="$pkg/build/Release/better_sqlite3.node"
loads() { node -e "new (require('./$pkg'))(':memory:').close()" 2>/dev/null; }

key="$(node -p "require('./$pkg/package.json').version + '-abi' + process.versions.modules + '-' + process.platform + '-' + process.arch")"
cache="${LUNAR_NATIVE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/lunar-portal/native}/better-sqlite3-$key.node"

if [ -f "$binary" ] && loads; then
  exit 0
fi
if [ -f "$cache" ]; then
  mkdir -p "$(dirname "$binary")"
  cp "$cache" "$binary"
  if loads; then
    echo ">> better-sqlite3 $key: compiled module taken from $cache" >&2
    exit 0
  fi
  echo ">> better-sqlite3 $key: the kept module does not load, compiling again" >&2
  rm -f "$cache"
fi

echo ">> better-sqlite3 $key: compiling from source (no prebuilt binary is reachable)" >&2
log="$(mktemp)"
if ! (cd "$pkg" && node "$root/node_modules/node-gyp/bin/node-gyp.js" rebuild --release -j 2) >"$log" 2>&1; then
  cat "$log" >&2
  echo "!! better-sqlite3 did not compile (log above)" >&2
  exit 1
fi
rm -f "$log"
loads || { echo "!! better-sqlite3 was compiled but does not load" >&2; exit 1; }
mkdir -p "$(dirname "$cache")"
cp "$binary" "$cache.tmp.$$" && mv "$cache.tmp.$$" "$cache"
