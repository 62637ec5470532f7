"""What the load benchmark (bench/) adds to the app, only with MEND_BENCHMARK=1.

Two yardsticks, served through the full middleware stack like every page:
the bare view (the cheapest answer Django can give) and the signed-in floor
(the same behind sign-in: a session read and a user load, nothing else).
And the lightest real signed-in page, measured as a page: the site's frame
(`base.html`, header, news badge, footer) around nothing.
And each response's CPU time in the server process, as a Server-Timing
header the benchmark reads.
"""

import time

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render


def bare(request):
    return HttpResponse("ok", content_type="text/plain")


@login_required
def signed_in_floor(request):
    return HttpResponse("ok", content_type="text/plain")


@login_required
def signed_in_empty_page(request):
    return render(request, "bench/empty.html")


def with_cpu_time(application):
    """Wrap the WSGI application: each response says the CPU it took, in ms.

    Counted on the serving thread from the request's arrival until its
    headers are sent (the view, every middleware, the session save), so
    neither other threads nor waiting for the database count.
    """

    def timed(environ, start_response):
        started = time.thread_time()

        def start(status, headers, exc_info=None):
            cpu_ms = (time.thread_time() - started) * 1000
            headers.append(("Server-Timing", f"cpu;dur={cpu_ms:.3f}"))
            return start_response(status, headers, exc_info)

        return application(environ, start)

    return timed
