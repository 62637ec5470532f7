"""Opening a form's address shows a calm page, never a blank screen."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_opening_a_form_address_explains_itself(client, bob):
    client.force_login(bob)
    response = client.get(reverse("recovery:commitment-create"))
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert "This address only receives forms" in response.text
    assert 'class="quick-exit' in response.text


def test_a_visitor_gets_the_same_page(client):
    response = client.get(reverse("content:language"))
    assert response.status_code == 405
    assert "This address only receives forms" in response.text


def test_htmx_and_other_methods_keep_the_bare_answer(client, bob):
    client.force_login(bob)
    url = reverse("recovery:commitment-create")
    assert client.get(url, headers={"hx-request": "true"}).content == b""
    assert client.generic("TRACE", url).content == b""


def test_the_page_speaks_persian_too(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fa"
    response = client.get(reverse("content:language"))
    assert "این نشانی فقط فرم‌ها را دریافت می‌کند" in response.text
