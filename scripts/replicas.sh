#!/usr/bin/env bash
# The production shape on this machine: two backend processes of one build
# (the same packages/app/dist, the same backend source) on two ports, against
# one PostgreSQL database (pluginDivisionMode: schema) and the local RabbitMQ,
# behind Debian's nginx on one port (round robin, WebSocket upgrade for
# /api/signals, passive health checks).
#
#   bash scripts/replicas.sh start    build the app if missing, recreate the
#                                     database, start both replicas and nginx,
#                                     return once both answer ready
#   bash scripts/replicas.sh stop     stop what start started (process groups
#                                     from the pid files), nothing else
#   bash scripts/replicas.sh status   what runs, each replica's readiness
#   bash scripts/replicas.sh restart-replica a|b
#                                     start one replica again (after a kill)
#   bash scripts/replicas.sh restart-postgres
#                                     with REPLICAS_PG=private: restart the
#                                     private PostgreSQL (pg_ctl restart -m fast)
#   bash scripts/replicas.sh stop-postgres | start-postgres
#                                     the same in two steps, the outage held
#                                     open in between (the replicas spec)
#
#   REPLICAS_PORT=7200   nginx; the replicas listen on +1 and +2
#   REPLICAS_DB=lunar_replicas
#   REPLICAS_RUN_DIR=/tmp/lunar-replicas   pid files, logs, nginx prefix
#   REPLICAS_FRESH_DB=1  drop and create the database on start (0 keeps it)
#   REPLICAS_QUEUE=replicas.dead-letters  the dead-letter queue both consume,
#   REPLICAS_EXCHANGE=replicas.dead-letter  bound to this fanout exchange
#                                     (a benchmark beside the tests uses its own)
#   REPLICAS_PG=machine  the machine's PostgreSQL on 127.0.0.1:5432 (default);
#              private   a cluster of this run's own in $RUN/pg (initdb once,
#                        as the postgres user, trust, 127.0.0.1 only, socket
#                        in $RUN/pg-run), started and stopped with the
#                        replicas: it can be restarted under them without
#                        touching what else uses :5432 (the tests do so)
#   REPLICAS_PG_PORT=5433  the private cluster's port
# start writes the port in use to $RUN/postgres.port; restart-replica and the
# spec read it from there.
#
# Nginx Plus would check readiness actively; Debian's nginx marks a replica
# down only after a failed request (max_fails/fail_timeout) and then tries
# the other one, so this script itself waits for each replica's readiness
# (GET /.backstage/health/v1/readiness) before it says ready.
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
set -euo pipefail
cd "$LUNAR_ROOT"

PORT="${REPLICAS_PORT:-7200}"
DB="${REPLICAS_DB:-lunar_replicas}"
RUN="${REPLICAS_RUN_DIR:-/tmp/lunar-replicas}"
NGINX="$(command -v nginx || echo /usr/sbin/nginx)"
BASE="http://127.0.0.1:$PORT"
QUEUE="${REPLICAS_QUEUE:-replicas.dead-letters}"
EXCHANGE="${REPLICAS_EXCHANGE:-replicas.dead-letter}"
PG_MODE="${REPLICAS_PG:-machine}"
PG_DATA="$RUN/pg"
PG_RUN="$RUN/pg-run"
PG_BIN=/usr/lib/postgresql/15/bin
PG_PORT_PRIVATE="${REPLICAS_PG_PORT:-5433}"

replica_port() { case "$1" in a) echo $((PORT + 1)) ;; b) echo $((PORT + 2)) ;; esac; }

# (Node's fetch: curl is not on every Debian machine.)
ready() {
  node -e 'fetch(process.argv[1]).then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))' \
    "http://127.0.0.1:$1/.backstage/health/v1/readiness"
}

# A process we started (the leader of its group) that still runs: not gone,
# not a zombie nobody reaped yet.
running() { [ -r "/proc/$1/stat" ] && [ "$(cut -d' ' -f3 "/proc/$1/stat")" != Z ]; }
alive() { [ -f "$RUN/$1.pid" ] && running "$(cat "$RUN/$1.pid")"; }

build_app() {
  if [ ! -f packages/app/dist/index.html ]; then
    echo ">> building the app (packages/app/dist)" >&2
    flock /tmp/lunar-app-build.lock yarn workspace app build >&2
  fi
}

# The PostgreSQL port the replicas use (what start chose).
pg_port() { cat "$RUN/postgres.port" 2>/dev/null || echo 5432; }

fresh_db() {
  psql -h 127.0.0.1 -p "$(pg_port)" -U postgres -d postgres -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" \
    -c "CREATE DATABASE $DB" >/dev/null
}

# The private cluster: files owned by postgres (initdb and the server refuse
# to run as root), everything under $RUN.
as_postgres() { (cd / && runuser -u postgres -- "$@"); }
private_pg() {
  [ -f "$PG_DATA/PG_VERSION" ] && as_postgres "$PG_BIN/pg_ctl" status -D "$PG_DATA" >/dev/null 2>&1
}

init_private_pg() {
  mkdir -p "$PG_RUN"
  chown postgres: "$PG_RUN"
  [ -f "$PG_DATA/PG_VERSION" ] && return 0
  echo ">> initdb $PG_DATA" >&2
  mkdir -p "$PG_DATA"
  chown postgres: "$PG_DATA"
  as_postgres "$PG_BIN/initdb" -D "$PG_DATA" -U postgres --auth=trust -E UTF8 --no-locale >"$PG_RUN/initdb.log"
  # Two replicas of about a dozen plugins, pools of 4 each. fsync off: a
  # throwaway cluster, stopped cleanly (restart -m fast checkpoints first).
  cat >>"$PG_DATA/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
unix_socket_directories = '$PG_RUN'
max_connections = 200
fsync = off
full_page_writes = off
CONF
}

start_private_pg() {
  # -w: returns once it accepts connections.
  as_postgres "$PG_BIN/pg_ctl" start -w -t 60 -D "$PG_DATA" -l "$PG_RUN/postgres.log" \
    -o "-p $PG_PORT_PRIVATE" >/dev/null
  echo ">> postgres (private): pid $(head -1 "$PG_DATA/postmaster.pid"), 127.0.0.1:$PG_PORT_PRIVATE, log $PG_RUN/postgres.log" >&2
}

stop_private_pg() {
  private_pg || return 0
  as_postgres "$PG_BIN/pg_ctl" stop -w -t 60 -D "$PG_DATA" -m fast >/dev/null
}

need_private_pg() {
  if ! private_pg; then
    echo "!! no private PostgreSQL runs in $PG_DATA (start with REPLICAS_PG=private)" >&2
    exit 1
  fi
}

start_replica() {
  local name="$1" port
  port="$(replica_port "$name")"
  if alive "$name"; then
    echo "replica $name already runs (pid $(cat "$RUN/$name.pid"))" >&2
    return 0
  fi
  cat >"$RUN/app-config.replica-$name.yaml" <<YAML
# Replica $name: its own port; the address everyone uses is nginx's.
app:
  baseUrl: $BASE
backend:
  baseUrl: $BASE
  listen:
    port: $port
    host: 127.0.0.1
  cors:
    origin: $BASE
deadLetter:
  environments:
    dev:
      queues:
        - name: $QUEUE
          assert: true
          bindExchange: $EXCHANGE
          bindExchangeType: fanout
YAML
  local transform
  transform="$(node -p 'require.resolve("@backstage/cli-node/config/nodeTransform.cjs", {paths:[require.resolve("@backstage/cli")]})')"
  # setsid: the replica leads its own process group, which stop signals.
  (
    cd packages/backend
    export ESBK_TSCONFIG_PATH="$LUNAR_ROOT/tsconfig.json"
    export NODE_ENV=production PORTAL_ALLOW_GUEST=true
    export POSTGRES_HOST=127.0.0.1 POSTGRES_PORT="$(pg_port)" POSTGRES_USER=postgres POSTGRES_PASSWORD='' POSTGRES_DB="$DB"
    export GITHUB_WEBHOOK_SECRET="${GITHUB_WEBHOOK_SECRET:-replicas-webhook-secret}"
    export RELEASE_STATUS_INGEST_TOKEN="${RELEASE_STATUS_INGEST_TOKEN:-replicas-ci-token}"
    exec setsid node --enable-source-maps --require "$transform" src/index.ts \
      --config "$LUNAR_ROOT/app-config.yaml" \
      --config "$LUNAR_ROOT/app-config.production.yaml" \
      --config "$LUNAR_ROOT/app-config.replicas.yaml" \
      --config "$RUN/app-config.replica-$name.yaml"
  ) >>"$RUN/replica-$name.log" 2>&1 </dev/null &
  echo $! >"$RUN/$name.pid"
  echo ">> replica $name: pid $!, http://127.0.0.1:$port, log $RUN/replica-$name.log" >&2
}

wait_ready() {
  local name="$1" port
  port="$(replica_port "$name")"
  for _ in $(seq 1 240); do
    ready "$port" && return 0
    if ! alive "$name"; then
      echo "!! replica $name exited; the end of its log:" >&2
      tail -n 40 "$RUN/replica-$name.log" >&2
      return 1
    fi
    sleep 1
  done
  echo "!! replica $name not ready after 240 s" >&2
  return 1
}

start_nginx() {
  mkdir -p "$RUN/nginx/logs" "$RUN/nginx/tmp"
  local a b
  a="$(replica_port a)"
  b="$(replica_port b)"
  cat >"$RUN/nginx/nginx.conf" <<NGINX
# Written by scripts/replicas.sh.
worker_processes 1;
daemon off;
pid $RUN/nginx/nginx.pid;
error_log $RUN/nginx/logs/error.log warn;
events { worker_connections 1024; }
http {
  access_log $RUN/nginx/logs/access.log;
  client_body_temp_path $RUN/nginx/tmp/body;
  proxy_temp_path $RUN/nginx/tmp/proxy;
  fastcgi_temp_path $RUN/nginx/tmp/fastcgi;
  uwsgi_temp_path $RUN/nginx/tmp/uwsgi;
  scgi_temp_path $RUN/nginx/tmp/scgi;
  client_max_body_size 20m;

  # Round robin; a replica that refuses or times out is skipped for 5 s
  # (passive health: active readiness checks need nginx Plus).
  upstream portal {
    server 127.0.0.1:$a max_fails=1 fail_timeout=5s;
    server 127.0.0.1:$b max_fails=1 fail_timeout=5s;
    keepalive 16;
  }
  # Tests pin a browser to one replica with the cookie lunar_replica=a|b.
  upstream portal_a { server 127.0.0.1:$a; }
  upstream portal_b { server 127.0.0.1:$b; }
  map \$cookie_lunar_replica \$portal_upstream {
    a portal_a;
    b portal_b;
    default portal;
  }
  map \$http_upgrade \$connection_upgrade {
    default upgrade;
    '' '';
  }

  server {
    listen 127.0.0.1:$PORT;
    location / {
      proxy_pass http://\$portal_upstream;
      proxy_http_version 1.1;
      # WebSocket upgrade (/api/signals); keep-alive to the replicas otherwise.
      proxy_set_header Upgrade \$http_upgrade;
      proxy_set_header Connection \$connection_upgrade;
      proxy_set_header Host \$http_host;
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto \$scheme;
      proxy_read_timeout 1h;
      proxy_buffering off;
      # A refused connection or a 502/503 (a replica stopping) goes to the
      # other replica; requests that change something are not sent twice.
      proxy_next_upstream error timeout http_502 http_503;
      proxy_next_upstream_tries 2;
      # Which replica answered (tests and curl -I).
      add_header X-Portal-Replica \$upstream_addr always;
    }
  }
}
NGINX
  "$NGINX" -t -q -c "$RUN/nginx/nginx.conf" -p "$RUN/nginx" -g "error_log stderr;" >&2
  setsid "$NGINX" -c "$RUN/nginx/nginx.conf" -p "$RUN/nginx" >>"$RUN/nginx/logs/stdout.log" 2>&1 </dev/null &
  echo $! >"$RUN/nginx.pid"
  echo ">> nginx: pid $!, $BASE" >&2
}

stop_one() {
  local name="$1" pid
  [ -f "$RUN/$name.pid" ] || return 0
  pid="$(cat "$RUN/$name.pid")"
  if kill -0 -- "-$pid" 2>/dev/null; then
    kill -TERM -- "-$pid" 2>/dev/null || true
    # A replica drains within 30 s (graceful stop); then it is killed.
    for _ in $(seq 1 70); do
      running "$pid" || break
      sleep 0.5
    done
    kill -KILL -- "-$pid" 2>/dev/null || true
  fi
  rm -f "$RUN/$name.pid"
}

cmd="${1:-status}"
case "$cmd" in
start)
  mkdir -p "$RUN"
  if alive a || alive b || alive nginx; then
    echo "!! replicas already run from $RUN (bash scripts/replicas.sh stop)" >&2
    exit 1
  fi
  command -v "$NGINX" >/dev/null || bash scripts/system-deps.sh
  bash scripts/services.sh
  case "$PG_MODE" in
  machine) echo 5432 >"$RUN/postgres.port" ;;
  private)
    echo "$PG_PORT_PRIVATE" >"$RUN/postgres.port"
    init_private_pg
    private_pg || start_private_pg
    ;;
  *)
    echo "!! REPLICAS_PG is machine or private, not $PG_MODE" >&2
    exit 2
    ;;
  esac
  build_app
  [ "${REPLICAS_FRESH_DB:-1}" = 1 ] && fresh_db
  rm -f "$RUN"/replica-*.log
  # One after the other: the first creates the schemas and runs the
  # migrations, the second finds them (both would work, more slowly).
  start_replica a
  wait_ready a || { bash "$0" stop; exit 1; }
  start_replica b
  start_nginx
  wait_ready b || { bash "$0" stop; exit 1; }
  echo "ready: $BASE (replica a :$(replica_port a), replica b :$(replica_port b); logs in $RUN)"
  ;;
restart-replica)
  name="${2:?a or b}"
  stop_one "$name"
  start_replica "$name"
  wait_ready "$name"
  ;;
restart-postgres)
  need_private_pg
  as_postgres "$PG_BIN/pg_ctl" restart -w -t 60 -D "$PG_DATA" -m fast \
    -l "$PG_RUN/postgres.log" -o "-p $(pg_port)" >/dev/null
  echo "postgres restarted"
  ;;
stop-postgres)
  need_private_pg
  stop_private_pg
  echo "postgres stopped"
  ;;
start-postgres)
  [ -f "$PG_DATA/PG_VERSION" ] || { echo "!! no private cluster in $PG_DATA" >&2; exit 1; }
  if private_pg; then
    echo "postgres already runs"
  else
    PG_PORT_PRIVATE="$(pg_port)" start_private_pg
    echo "postgres started"
  fi
  ;;
stop)
  stop_one nginx
  stop_one a
  stop_one b
  stop_private_pg
  echo "stopped"
  ;;
status)
  for name in a b; do
    port="$(replica_port "$name")"
    if alive "$name"; then
      state="running (pid $(cat "$RUN/$name.pid"))"
      ready "$port" && state="$state, ready" || state="$state, not ready"
    else
      state="stopped"
    fi
    echo "replica $name :$port $state"
  done
  alive nginx && echo "nginx :$PORT running (pid $(cat "$RUN/nginx.pid"))" || echo "nginx :$PORT stopped"
  if private_pg; then
    echo "postgres :$(pg_port) running (private, pid $(head -1 "$PG_DATA/postmaster.pid"))"
  elif [ -f "$PG_DATA/PG_VERSION" ]; then
    echo "postgres (private, $PG_DATA) stopped"
  fi
  ;;
*)
  echo "usage: $0 start|stop|status|restart-replica a|b|restart-postgres|stop-postgres|start-postgres" >&2
  exit 2
  ;;
esac
