#!/usr/bin/env bash
# Storefront benchmark on PostgreSQL: see bench/README.md.
# Creates odop_bench if missing (touches no other database), migrates, loads reference data,
# seeds 100,000 demo listings once, serves the site with gunicorn on 127.0.0.1:$BENCH_PORT and
# measures it with wrk, then measures search in-process and writes bench/RESULTS.md.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
PY=${PY:-$ROOT/.venv/bin/python}
OUT=$ROOT/bench/out
mkdir -p "$OUT"

source bench/env.sh
BENCH_LISTINGS=${BENCH_LISTINGS:-100000}
BENCH_WORKERS=${BENCH_WORKERS:-$(( $(nproc) * 2 ))}
BENCH_DURATION=${BENCH_DURATION:-15}     # seconds of measurement per URL
BENCH_CONNECTIONS=${BENCH_CONNECTIONS:-$BENCH_WORKERS}
if [ "$BENCH_PORT" = 8000 ]; then echo "Port 8000 is for make run; pick another." >&2; exit 2; fi

command -v wrk >/dev/null || { echo "wrk is needed: apt-get install -y wrk" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "/usr/bin/time is needed: apt-get install -y time" >&2; exit 2; }

echo "== database $BENCH_DB on $PGHOST:$PGPORT"
if ! psql -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$BENCH_DB'" | grep -q 1; then
    createdb "$BENCH_DB"
    echo "created $BENCH_DB"
fi
$PY manage.py migrate --no-input -v 0
$PY manage.py load_reference_data
$PY manage.py collectstatic --no-input -v 0

have=$(psql -d "$BENCH_DB" -tAc "SELECT count(*) FROM catalog_listing WHERE is_demo")
if [ "$have" -lt "$BENCH_LISTINGS" ]; then
    echo "== seeding $BENCH_LISTINGS demo listings ($have there)"
    /usr/bin/time -v -o "$OUT/seed.time" \
        $PY manage.py seed_demo --listings "$BENCH_LISTINGS" --no-renditions | tee "$OUT/seed.log"
    echo "$have" > "$OUT/seed.before"
    psql -d "$BENCH_DB" -qc "VACUUM ANALYZE"
else
    echo "== $have demo listings already there: not seeding (figures of the last seeding kept)"
fi

if [ "${BENCH_SETUP_ONLY:-0}" = 1 ]; then echo "== setup done (BENCH_SETUP_ONLY=1)"; exit 0; fi

GUNICORN_PID=
stop_gunicorn() {
    if [ -n "$GUNICORN_PID" ] && kill -0 "$GUNICORN_PID" 2>/dev/null; then
        kill "$GUNICORN_PID"
        wait "$GUNICORN_PID" 2>/dev/null || true
    fi
}
trap stop_gunicorn EXIT

echo "== gunicorn on 127.0.0.1:$BENCH_PORT, $BENCH_WORKERS workers"
$ROOT/.venv/bin/gunicorn odop_bazaar.wsgi:application \
    --bind "127.0.0.1:$BENCH_PORT" --workers "$BENCH_WORKERS" --worker-class sync \
    --error-logfile "$OUT/gunicorn.err" &
GUNICORN_PID=$!

$PY bench/driver.py \
    --base-url "http://127.0.0.1:$BENCH_PORT" \
    --duration "$BENCH_DURATION" --connections "$BENCH_CONNECTIONS" --workers "$BENCH_WORKERS" \
    --out "$OUT" --results bench/RESULTS.md --target "$BENCH_LISTINGS" --command "${BENCH_COMMAND:-bash bench/run.sh${*:+ $*}}" "$@"
