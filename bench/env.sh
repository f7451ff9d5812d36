# The benchmark's environment, sourced by bench/run.sh; `source bench/env.sh` by hand to run
# manage.py or bench/profile_page.py against odop_bench with the same settings.
BENCH_DB=odop_bench
PGHOST=${PGHOST:-127.0.0.1}
PGPORT=${PGPORT:-5432}
PGUSER=${PGUSER:-postgres}
export PGHOST PGPORT PGUSER
BENCH_PORT=${BENCH_PORT:-8077}

export DJANGO_SETTINGS_MODULE=bench.settings
export DATABASE_URL="postgres://$PGUSER@$PGHOST:$PGPORT/$BENCH_DB"
export REDIS_URL=${BENCH_REDIS_URL:-redis://127.0.0.1:6379/7}
export DEBUG=False
export SECRET_KEY=bench-only-not-a-secret-0123456789abcdefghijklmnopqrstuvwxyz
export ALLOWED_HOSTS=127.0.0.1
export SECURE_SSL_REDIRECT=False
export RAZORPAY_KEY_SECRET=bench-only-key-secret RAZORPAY_WEBHOOK_SECRET=bench-only-webhook-secret
export MEDIA_ROOT=$PWD/bench/out/media
export LOG_LEVEL=WARNING
