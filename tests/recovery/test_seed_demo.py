from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from couples.models import CheckIn, Couple, Membership, User
from recovery.demo import DEMO_PASSWORD

pytestmark = pytest.mark.django_db


def test_seed_demo_creates_a_couple_and_a_therapist_and_is_idempotent(settings):
    settings.DEBUG = True
    out = StringIO()
    call_command("seed_demo", stdout=out)
    call_command("seed_demo", stdout=StringIO())

    assert User.objects.count() == 3
    assert Couple.objects.count() == 1
    members = set(Membership.objects.values_list("user__email", "user__role"))
    assert members == {("alex@example.com", "hurt"), ("sam@example.com", "strayed")}
    checkins = CheckIn.objects.filter(user__email="alex@example.com").count()
    assert 60 < checkins < 120  # a few months, with honest gaps
    therapist = User.objects.get(email="rivera@example.com")
    assert therapist.is_therapist
    assert therapist.check_password(DEMO_PASSWORD)
    assert "alex@example.com" in out.getvalue()
    # Months into it: the demo couple is not sent to the first-run questions.
    assert not User.objects.filter(intake_at__isnull=True).exists()
    # Dr. Rivera has a consenting couple with something on each card.
    from couples.access import visible_consents
    from recovery.models import Assignment, Response

    assert set(visible_consents(therapist).values_list("client__email", flat=True)) == {
        "alex@example.com",
        "sam@example.com",
    }
    shared = Response.objects.filter(shared_with_therapist=True)
    assert set(shared.values_list("user__email", flat=True)) == {
        "alex@example.com",
        "sam@example.com",
    }
    assert sorted(Assignment.objects.values_list("status", flat=True)) == [
        "assigned",
        "assigned",
        "assigned",
        "done",
    ]


def test_seed_demo_refuses_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo")
    assert not User.objects.exists()
