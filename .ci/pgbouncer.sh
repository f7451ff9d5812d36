#!/usr/bin/env bash
# PgBouncer in transaction mode in front of the machine's PostgreSQL (127.0.0.1:6432 -> 5432)
# and of its replica from .ci/replica.sh (127.0.0.1:6433 -> 5433), with the settings the
# site needs behind it (docs/scaling.md, "Connection pooling"):
#
#   .ci/pgbouncer.sh          (re)start both; .ci/pgbouncer.sh stop
#
# Then DATABASE_URL=postgres://postgres@127.0.0.1:6432/NAME DATABASE_PGBOUNCER=1
# (and DATABASE_REPLICA_URL=postgres://postgres@127.0.0.1:6433/NAME). Restarted rather than
# reused, so that no pooled server connection keeps a test database from being dropped.
# Needs the pgbouncer package (Debian's 1.18); runs as the postgres user (it refuses root).
set -euo pipefail

DIR=${PGBOUNCER_DIR:-/var/lib/postgresql/odop-pgbouncer}
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

if ! command -v pgbouncer >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq pgbouncer >/dev/null
fi
as_postgres mkdir -p "$DIR"

for pair in 6432:5432 6433:5433; do
  listen=${pair%:*} server=${pair#*:}
  if [ -f "$DIR/$listen.pid" ]; then
    kill "$(cat "$DIR/$listen.pid")" 2>/dev/null || true
    for _ in $(seq 50); do [ -f "$DIR/$listen.pid" ] || break; sleep 0.1; done
  fi
  [ "${1:-start}" = stop ] && continue
  # auth_type=any: every client logs in as the database entry's user (trust on loopback
  # here; a deployment uses auth_type=scram-sha-256 and an auth_file or auth_query).
  # connect_query: PgBouncer 1.18 refuses libpq's "options" startup parameter, which is how
  # settings.py sets the trigram threshold, so each server connection sets it instead.
  cat <<CONF | as_postgres tee "$DIR/$listen.ini" >/dev/null
[databases]
* = host=127.0.0.1 port=$server user=postgres connect_query='SET pg_trgm.word_similarity_threshold = 0.55'

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $listen
unix_socket_dir =
auth_type = any
pool_mode = transaction
default_pool_size = 20
max_client_conn = 500
ignore_startup_parameters = extra_float_digits,options
server_idle_timeout = 60
logfile = $DIR/$listen.log
pidfile = $DIR/$listen.pid
CONF
  as_postgres pgbouncer -d "$DIR/$listen.ini"
  for _ in $(seq 50); do pg_isready -q -h 127.0.0.1 -p "$listen" && break; sleep 0.1; done
  echo "pgbouncer: 127.0.0.1:$listen -> 127.0.0.1:$server (transaction pooling)"
done
