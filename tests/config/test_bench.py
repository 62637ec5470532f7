"""What the load benchmark adds to the app (config/bench.py), tried directly:
its URLs exist only with MEND_BENCHMARK=1 (tests/config/test_settings.py)."""

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from config.bench import signed_in_empty_page, signed_in_floor, with_cpu_time
from tests.factories import make_user


@pytest.mark.django_db
def test_the_signed_in_floor_answers_only_a_signed_in_person():
    request = RequestFactory().get("/bench/signed-in/")
    request.user = AnonymousUser()
    assert signed_in_floor(request).status_code == 302
    request.user = make_user("floor@example.com")
    response = signed_in_floor(request)
    assert response.status_code == 200
    assert response.content == b"ok"


@pytest.mark.django_db
def test_the_empty_signed_in_page_is_the_sites_frame_around_nothing(client):
    person = make_user("frame@example.com")
    request = RequestFactory().get("/bench/signed-in/page/")
    request.user = AnonymousUser()
    assert signed_in_empty_page(request).status_code == 302
    client.force_login(person)
    request.user, request.session = person, client.session
    html = signed_in_empty_page(request).content.decode()
    assert 'id="empty-page"' in html
    assert 'id="news-badge"' in html and "quick-exit" in html


def test_each_response_says_the_cpu_it_took():
    # Any WSGI application; Django's own handler would close the test's
    # database connection at the end of its request.
    def application(environ, start_response):
        sum(range(10_000))  # some work to time
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"ok"]

    environ = RequestFactory().get("/library/").environ
    sent = {}

    def start_response(status, headers, exc_info=None):
        sent["status"], sent["headers"] = status, dict(headers)

    body = b"".join(with_cpu_time(application)(environ, start_response))
    assert sent["status"].startswith("200") and body == b"ok"
    timing = re.fullmatch(r"cpu;dur=(\d+\.\d{3})", sent["headers"]["Server-Timing"])
    assert timing is not None
    assert float(timing.group(1)) > 0
