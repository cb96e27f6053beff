#!/usr/bin/env bash
# The tests need the machine's PostgreSQL (127.0.0.1:5432) and RabbitMQ
# (127.0.0.1:5672). They normally run already; start whichever is down.
set -uo pipefail
up() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
wait_for() {
  for _ in $(seq 1 60); do up "$1" && return 0; sleep 1; done
  echo "!! nothing answers on 127.0.0.1:$1" >&2
  return 1
}
if ! up 5432; then
  echo ">> starting PostgreSQL" >&2
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
  wait_for 5432 || exit 1
fi
if ! up 5672; then
  echo ">> starting RabbitMQ" >&2
  rabbitmq-server -detached || true
  wait_for 5672 || exit 1
fi
