"""Tests hash passwords the fast way; production keeps Argon2 first."""

import pytest

from tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_people_made_in_tests_get_the_fast_hash():
    assert make_user().password.startswith("md5$")


@pytest.mark.production_hasher
def test_a_production_hasher_test_gets_argon2():
    assert make_user().password.startswith("argon2")
