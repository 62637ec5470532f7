from axe_playwright_python.sync_playwright import Axe

_axe = Axe()


def assert_accessible(page):
    """Fail with axe-core's report if the page has any accessibility violation."""
    results = _axe.run(page)
    assert results.violations_count == 0, results.generate_report()
