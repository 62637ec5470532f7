"""People's own words keep their own direction: English written on a Persian
page (or Persian on an English one) reads in its own order, full stop at the
end, because every place that shows or takes them says dir="auto"."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from couples import agreements
from tests.pages import page_text

pytestmark = pytest.mark.django_db


def test_an_english_agreement_on_a_persian_page_keeps_its_direction(
    client, alice, bob, couple
):
    agreement = agreements.propose_agreement(
        couple=couple,
        by=bob,
        category="other",
        title="Phones, for now",
        text="We answer openly.",
    )
    client.force_login(alice)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fa"
    html = page_text(
        client.get(reverse("couples:agreement-detail", args=[agreement.pk]))
    )
    assert re.search(r'<h1 dir="auto">\s*Phones, for now', html)
    assert re.search(r'dir="auto">We answer openly\.', html)


def test_every_text_box_takes_the_writers_direction(client, alice, couple):
    client.force_login(alice)
    html = page_text(client.get(reverse("couples:checkin")))
    boxes = re.findall(r"<textarea[^>]*>", html)
    assert boxes
    assert all('dir="auto"' in box for box in boxes)
