import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

PUBLIC_PAGES = [
    "content:landing",
    "content:safety",
    "content:privacy",
    "content:library",
    "account_login",
    "account_signup",
    "account_reset_password",
]


def concrete_paths(patterns=None, prefix=""):
    """Yield every URL path of the project that takes no parameters."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = str(pattern.pattern)
        if "<" in route or "(?P" in route:
            continue
        path = prefix + route.lstrip("^").rstrip("$").replace("\\Z", "")
        if isinstance(pattern, URLResolver):
            yield from concrete_paths(pattern.url_patterns, path)
        elif isinstance(pattern, URLPattern):
            yield "/" + path


@pytest.mark.django_db
def test_every_url_answers_trace_with_405(client, alice):
    client.force_login(alice)
    paths = sorted(set(concrete_paths()))
    assert len(paths) > 20
    for path in paths:
        response = client.generic("TRACE", path)
        assert response.status_code == 405, path
        assert "TRACE" not in response["Allow"]


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH", "CONNECT"])
def test_methods_no_view_handles_answer_405(client, method):
    assert client.generic(method, reverse("content:landing")).status_code == 405


@pytest.mark.django_db
@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_public_pages_send_strict_security_headers(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    for directive in [
        "default-src 'none'",
        "base-uri 'none'",
        "object-src 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    ]:
        assert directive in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "'nonce-" in csp
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    assert "microphone=()" in response["Permissions-Policy"]


@pytest.mark.django_db
def test_scripts_carry_the_csp_nonce(client, alice):
    # The landing page loads only our own script; signed-in pages add htmx.
    for signed_in in (False, True):
        if signed_in:
            client.force_login(alice)
        response = client.get(reverse("content:landing"), follow=True)
        assert response.status_code == 200
        nonce = response["Content-Security-Policy"].split("'nonce-")[1].split("'")[0]
        html = response.content.decode()
        assert html.count("<script") == html.count(f'nonce="{nonce}"')
        assert html.count("<script") >= (2 if signed_in else 1)


@pytest.mark.django_db
def test_signed_in_responses_are_never_stored(client, alice):
    client.force_login(alice)
    for name in [
        "recovery:home",
        "couples:settings",
        "content:library",
        "content:safety",
    ]:
        response = client.get(reverse(name))
        assert "no-store" in response["Cache-Control"], name
        assert "Cookie" in response["Vary"]


@pytest.mark.django_db
def test_404_is_in_the_design_and_sends_csp(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Content-Security-Policy" in response
    assert b"Quick exit" in response.content


@pytest.mark.django_db
def test_logout_clears_site_data(client, alice):
    client.force_login(alice)
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache", "cookies", "storage"'
    assert "_auth_user_id" not in client.session
