from content.rendering import render_markdown


def test_script_tags_are_removed():
    html = render_markdown("Hello <script>alert(1)</script> there").html
    assert "<script" not in html and "alert(1)" not in html


def test_event_handlers_are_removed():
    html = render_markdown(
        '<img src="x" onerror="alert(1)"> <a href="/x" onclick="steal()">x</a>'
    ).html
    assert "onerror" not in html and "onclick" not in html and "<img" not in html


def test_javascript_links_are_removed():
    html = render_markdown(
        "[click me](javascript:alert(1)) and [ok](https://example.org)"
    ).html
    assert "javascript:" not in html
    assert 'href="https://example.org"' in html


def test_raw_html_is_not_passed_through():
    html = render_markdown(
        '<div style="color:red"><iframe src="https://evil"></iframe>text</div>'
    ).html
    assert (
        "<iframe" not in html
        and "style=" not in html
        and "<div" not in html.split("table-scroll")[0]
    )


def test_tables_get_header_scope_and_a_scroll_region():
    html = render_markdown("| A | B |\n|---|---|\n| 1 | 2 |").html
    assert '<th scope="col">A</th>' in html
    assert 'class="table-scroll" tabindex="0" role="region"' in html


def test_glossary_terms_are_linked_on_first_use_only_and_never_in_headings():
    source = "## Trust and boundaries\n\nA boundary helps. Another boundary.\n\nBoundaries too."
    html = render_markdown(
        source, glossary={"Boundary": "/library/glossary/#boundary"}
    ).html
    assert html.count('class="glossary-term"') == 1
    assert '<h2 id="trust-and-boundaries">Trust and boundaries</h2>' in html
    assert (
        '<a class="glossary-term" href="/library/glossary/#boundary">boundary</a> helps'
        in html
    )


def test_longer_glossary_terms_win_over_shorter_ones():
    html = render_markdown(
        "An attachment injury is different.",
        glossary={"Attachment": "/g/#a", "Attachment injury": "/g/#ai"},
    ).html
    assert 'href="/g/#ai">attachment injury</a>' in html


def test_reading_time_and_table_of_contents():
    body = "## One\n\n" + "word " * 450 + "\n\n## Two\n\ntext"
    rendered = render_markdown(body)
    assert rendered.reading_minutes == 3
    assert rendered.toc == [
        {"id": "one", "title": "One"},
        {"id": "two", "title": "Two"},
    ]
    assert "##" not in rendered.text


def test_plain_text_has_no_gaps_where_inline_tags_were():
    text = render_markdown("Trust **grows** slowly, after [a link](/x).").text
    assert text == "Trust grows slowly, after a link."
