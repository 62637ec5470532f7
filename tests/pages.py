"""Reading a page in a test: first make sure it is the page that was meant.

A check that something is absent passes on an error page or a redirect just as
well, so every such check reads the page through `page_text`, which fails
unless the response has the expected status.
"""


def page_text(response, status: int = 200) -> str:
    """Return the response's text after asserting its status code."""
    assert response.status_code == status, (
        f"expected {status}, got {response.status_code}"
        f" ({response.get('Location', '')})"
    )
    return response.content.decode()
