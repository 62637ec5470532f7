"""A reader in distress finds their way in a screen or two: the library home
leads with search and "where to start", topics open in place, and the
glossary has an index of letters (the Persian alphabet on Persian pages)."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from content.alphabet import index, letter_of, sort_key

pytestmark = pytest.mark.django_db


def test_persian_words_sort_in_the_order_of_the_persian_alphabet():
    words = ["یادآور", "گفت‌وگو", "پاسخ", "بخشش", "آرامش", "ترس", "کنترل", "ژرف"]
    ordered = sorted(words, key=lambda word: sort_key(word, "fa"))
    assert ordered == [
        "آرامش",
        "بخشش",
        "پاسخ",
        "ترس",
        "ژرف",
        "کنترل",
        "گفت‌وگو",
        "یادآور",
    ]
    assert letter_of("آرامش", "fa") == "ا"
    assert letter_of("كنترل", "fa") == "ک"  # an Arabic kaf is filed as Persian's


def test_the_index_lists_every_letter_and_files_the_rest_last():
    letters = index(["beta", "Alpha", "42 things", "apple"], language="en")
    assert [entry["letter"] for entry in letters][:3] == ["A", "B", "C"]
    assert letters[0]["items"] == ["Alpha", "apple"]
    assert letters[2]["items"] == []
    assert letters[-1] == {
        "letter": "#",
        "anchor": "letter-other",
        "items": ["42 things"],
    }


def test_library_home_leads_with_search_then_where_to_start_then_topics(
    client, library
):
    response = client.get(reverse("content:library"))

    assert response.status_code == 200
    html = response.text
    search = html.index('role="search"')
    start = html.index('id="start-here"')
    topics = html.index('id="topics"')
    assert search < start < topics
    # Each path and each topic opens in place; no article is listed outside one.
    main = html[start : html.index("</main>")]
    assert main.count('<details class="card path-card">') == 3
    assert main.count('<details class="card topic">') == 7
    outside = re.sub(r"<details.*?</details>", "", main, flags=re.DOTALL)
    assert 'class="article-list"' not in outside


@pytest.mark.parametrize(
    ("language", "first", "later"),
    [("en", "A", "T"), ("fa", "ب", "پ")],
)
def test_glossary_has_an_index_that_jumps_to_each_letter(
    client, library, language, first, later
):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language

    response = client.get(reverse("content:glossary"))

    assert response.status_code == 200
    html = response.text
    nav = html.split('class="letter-index"', 1)[1].split("</nav>", 1)[0]
    links = re.findall(r'<a href="#(letter-[\w-]+)">([^<]+)</a>', nav)
    texts = [text for _anchor, text in links]
    assert first in texts and later in texts
    assert texts.index(first) < texts.index(later)
    for anchor, _text in links:
        assert f'<section class="glossary-letter" id="{anchor}"' in html
    # Terms stay where articles link to them.
    assert 'id="attachment-injury"' in html


def test_persian_glossary_files_pe_words_between_be_and_te(client, library):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fa"

    html = client.get(reverse("content:glossary")).text

    be, pe, te = (
        html.index(f">{word}</dt>") for word in ("بخشش", "پاسخ‌گو بودن", "تأیید احساس")
    )
    assert be < pe < te
