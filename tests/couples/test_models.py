import pytest
from django.db import IntegrityError

from couples.models import Couple, Membership, User
from couples.services import PairingError, create_couple, join_couple
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_email_is_unique_whatever_its_case(alice):
    with pytest.raises(IntegrityError):
        User.objects.create(email="ALICE@example.com")


def test_a_couple_has_at_most_two_members(couple, db):
    third = make_user("third@example.com")
    with pytest.raises(IntegrityError):
        join_couple(couple=couple, user=third)


def test_a_person_is_in_at_most_one_active_couple(couple, alice):
    other = Couple.objects.create()
    with pytest.raises(IntegrityError):
        Membership.objects.create(couple=other, user=alice, seat=1)


def test_the_service_explains_instead_of_failing(couple, alice):
    with pytest.raises(PairingError, match="already have a couple space"):
        create_couple(user=alice)


def test_short_name_falls_back_to_the_email(db):
    assert make_user("pat@example.com").short_name == "pat"
