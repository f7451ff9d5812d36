#!/usr/bin/env bash
# A streaming read replica of the machine's PostgreSQL, on loopback, for the router's tests
# (tests/test_replica_lag.py): a second cluster copied from the primary by pg_basebackup -R and
# kept up to date by streaming replication, hot standby (read-only queries) on 127.0.0.1:5433.
#
#   .ci/replica.sh          start it (idempotent: a running replica is reused)
#   .ci/replica.sh stop     stop it (its data folder is kept; the next start copies afresh)
#
# Then DATABASE_REPLICA_URL=postgres://postgres@127.0.0.1:5433/odop_bazaar. Run as root (CI)
# or as the postgres user. The primary is told to accept replication connections from
# 127.0.0.1 (one line in its pg_hba.conf, reloaded), and needs wal_level=replica (the default).
set -euo pipefail

PRIMARY_PORT=${PRIMARY_PORT:-5432}
REPLICA_PORT=${REPLICA_PORT:-5433}
VERSION=${PG_VERSION:-$(ls /etc/postgresql | sort -V | tail -n1)}
BIN=/usr/lib/postgresql/$VERSION/bin
REPLICA_DIR=${REPLICA_DIR:-/var/lib/postgresql/odop-replica-$VERSION}
LOG=${REPLICA_LOG:-/var/lib/postgresql/odop-replica-$VERSION.log}
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
primary() { psql -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -X -Atc "$1"; }
replica() { psql -h 127.0.0.1 -p "$REPLICA_PORT" -U postgres -X -Atc "$1"; }

if [ "${1:-start}" = stop ]; then
  as_postgres "$BIN/pg_ctl" -D "$REPLICA_DIR" -m fast stop || true
  exit 0
fi

if pg_isready -q -h 127.0.0.1 -p "$REPLICA_PORT"; then
  if [ "$(replica 'SELECT pg_is_in_recovery()')" = t ]; then
    replica 'SELECT pg_wal_replay_resume()' >/dev/null  # in case a test stopped half-way
    echo "replica: already streaming on 127.0.0.1:$REPLICA_PORT"
    exit 0
  fi
  echo "replica: port $REPLICA_PORT is taken by a server that is not a standby" >&2
  exit 1
fi

# Replication connections from loopback (pg_hba's "all" does not cover them).
if [ "$(primary "SELECT count(*) FROM pg_hba_file_rules WHERE 'replication' = ANY(database)
                 AND address = '127.0.0.1' AND error IS NULL")" = 0 ]; then
  hba=$(primary 'SHOW hba_file')
  echo "host replication all 127.0.0.1/32 trust  # .ci/replica.sh" >>"$hba"
  primary 'SELECT pg_reload_conf()' >/dev/null
fi

# A stopped replica may have fallen behind the WAL the primary keeps: copy afresh each time
# (seconds for a test machine's databases; no replication slot is left to fill the disk).
as_postgres rm -rf "$REPLICA_DIR"
as_postgres "$BIN/pg_basebackup" -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres \
  -D "$REPLICA_DIR" -R -X stream --checkpoint=fast
# Debian keeps the primary's configuration in /etc: the copy gets its own, small one. A hot
# standby needs these settings at least as high as the primary's.
{
  echo "port = $REPLICA_PORT"
  echo "listen_addresses = '127.0.0.1'"
  echo "unix_socket_directories = '/tmp'"
  echo "hot_standby = on"
  echo "shared_buffers = 64MB"
  for setting in max_connections max_worker_processes max_wal_senders \
    max_prepared_transactions max_locks_per_transaction; do
    echo "$setting = $(primary "SHOW $setting")"
  done
} | as_postgres tee "$REPLICA_DIR/postgresql.conf" >/dev/null
printf 'local all all trust\nhost all all 127.0.0.1/32 trust\n' |
  as_postgres tee "$REPLICA_DIR/pg_hba.conf" >/dev/null
printf '' | as_postgres tee "$REPLICA_DIR/pg_ident.conf" >/dev/null
as_postgres "$BIN/pg_ctl" -D "$REPLICA_DIR" -l "$LOG" -w start >/dev/null

for _ in $(seq 30); do
  [ "$(primary "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'")" != 0 ] && break
  sleep 1
done
echo "replica: streaming on 127.0.0.1:$REPLICA_PORT ($(replica 'SELECT pg_is_in_recovery()' | sed 's/t/hot standby/'))"
