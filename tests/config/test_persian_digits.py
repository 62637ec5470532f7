"""Persian pages write digits in Persian, but never inside markup: an
apostrophe escaped as &#x27; once showed as "Women&#x" with Persian 27 on Persian pages."""

import html
import re

import pytest
from django.conf import settings
from django.urls import reverse

from core.l10n import persian_digits_in_text

WRITTEN = 'Sam\'s 3 cups & "2" <b>'


def test_text_digits_become_persian_and_character_references_stay_whole():
    page = (
        '<p title="Room 12">Women&#x27;s Refuge, 24 &amp; 7, &quot;3&quot;, '
        "&#39;5&#39;, &frac12; &#8203;</p>"
    )
    assert persian_digits_in_text(page) == (
        '<p title="Room 12">Women&#x27;s Refuge, ۲۴ &amp; ۷, &quot;۳&quot;, '
        "&#39;۵&#39;, &frac12; &#8203;</p>"
    )


def test_a_lone_ampersand_and_digits_after_a_reference_still_change():
    assert persian_digits_in_text("<p>&amp;1 & 2 &#x27;3</p>") == (
        "<p>&amp;۱ & ۲ &#x27;۳</p>"
    )


def test_typed_text_keeps_its_digits():
    page = "<textarea>Sam&#x27;s 3</textarea><p>4</p>"
    assert persian_digits_in_text(page) == "<textarea>Sam&#x27;s 3</textarea><p>۴</p>"


@pytest.mark.django_db
def test_the_persian_safety_page_reads_womens_refuge(client, library):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fa"

    response = client.get(reverse("content:safety-country", args=["nz"]))

    assert response.status_code == 200
    assert "&#x۲۷;" not in response.text and "&#۳۹;" not in response.text
    assert "Women’s Refuge" in response.text or "Women&#x27;s Refuge" in response.text


@pytest.mark.django_db
def test_writing_with_apostrophes_quotes_and_ampersands_reads_back_in_persian(
    client, alice
):
    alice.language = "fa"
    alice.save(update_fields=["language"])
    client.force_login(alice)
    client.post(
        reverse("couples:checkin"),
        {"mood": "4", "closeness": "6", "safety": "7", "note": WRITTEN},
    )

    response = client.get(reverse("couples:checkin"))

    assert response.status_code == 200
    assert re.search(r"&[#\w]*[۰-۹]", response.text) is None  # no broken reference
    notes = [
        html.unescape(text).strip()
        for text in re.findall(r"</strong>\s*(?:<bdi>)?([^<]*)", response.text)
        if "Sam" in text
    ]
    assert notes == ['Sam\'s ۳ cups & "۲" <b>']

    edit = client.get(reverse("couples:checkin"), {"edit": "1"})
    assert html.escape(WRITTEN) in edit.text  # the textarea keeps what was typed


@pytest.mark.django_db
def test_exercise_and_journal_pages_in_persian_keep_every_reference_whole(
    client, alice, pathway
):
    from recovery import services
    from recovery.models import Exercise

    exercise = Exercise.objects.filter(kind="reflection").first()
    services.save_response(user=alice, exercise=exercise, body=WRITTEN)
    alice.language = "fa"
    alice.save(update_fields=["language"])
    client.force_login(alice)

    for url in [exercise.get_absolute_url(), reverse("recovery:journal")]:
        response = client.get(url)
        assert response.status_code == 200
        broken = re.findall(r"&#?[\w]*[۰-۹][\w۰-۹]*;", response.text)
        assert broken == [], url
    assert "Sam&#x27;s ۳ cups &amp; &quot;۲&quot; &lt;b&gt;" in response.text


def test_verbatim_elements_keep_their_digits_however_they_nest_or_are_written():
    page = (
        "<p>1</p><PRE><code>2</code> 3</PRE><p>4 &#39; &amp; 5</p>"
        '<textarea name="t" rows="3">6\n7</textarea><kbd>8</kbd>9'
        "<script>var a = 10;</script><style>p{margin:11px}</style>12"
    )
    assert persian_digits_in_text(page) == (
        "<p>۱</p><PRE><code>2</code> 3</PRE><p>۴ &#39; &amp; ۵</p>"
        '<textarea name="t" rows="3">6\n7</textarea><kbd>8</kbd>۹'
        "<script>var a = 10;</script><style>p{margin:11px}</style>۱۲"
    )
