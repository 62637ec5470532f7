from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from couples.models import Couple, Membership, User
from recovery.demo import DEMO_PASSWORD

pytestmark = pytest.mark.django_db


def test_seed_demo_creates_a_couple_and_a_therapist_and_is_idempotent(settings):
    settings.DEBUG = True
    out = StringIO()
    call_command("seed_demo", stdout=out)
    call_command("seed_demo", stdout=StringIO())

    assert User.objects.count() == 3
    assert Couple.objects.count() == 1
    roles = dict(Membership.objects.values_list("user__email", "role"))
    assert roles == {"alex@example.com": "hurt", "sam@example.com": "strayed"}
    therapist = User.objects.get(email="rivera@example.com")
    assert therapist.is_therapist
    assert therapist.check_password(DEMO_PASSWORD)
    assert "alex@example.com" in out.getvalue()


def test_seed_demo_refuses_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo")
    assert not User.objects.exists()
