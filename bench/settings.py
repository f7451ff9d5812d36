"""Settings for the benchmark only: the project's settings plus a bench-only URLconf.

Selected with DJANGO_SETTINGS_MODULE=bench.settings by bench/run.sh, so the trivial "ceiling"
view exists only in benchmark runs and never in production.
"""

from odop_bazaar.settings import *  # noqa: F403
from odop_bazaar.settings import BASE_DIR, TEMPLATES

ROOT_URLCONF = "bench.urls"
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BASE_DIR / "bench" / "templates"]
# collectstatic for whitenoise goes under bench/out/, not the shared staticfiles/.
STATIC_ROOT = BASE_DIR / "bench" / "out" / "static"
