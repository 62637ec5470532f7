import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

application = get_wsgi_application()

if settings.BENCHMARK_VIEWS:
    # Each response says the CPU it took (Server-Timing), for bench/run.py.
    from config.bench import with_cpu_time

    application = with_cpu_time(application)
