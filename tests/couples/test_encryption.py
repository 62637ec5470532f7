import base64

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import connection, models
from django.test.utils import isolate_apps

from core import encryption
from core.encryption import DecryptionError, EncryptedTextField

OLD_KEY = base64.urlsafe_b64encode(b"o" * 32).decode()
NEW_KEY = base64.urlsafe_b64encode(b"n" * 32).decode()


@pytest.fixture
def diary(transactional_db):
    """A throwaway model with an encrypted column, created for one test."""
    with isolate_apps("couples"):

        class Diary(models.Model):  # noqa: DJ008
            entry = EncryptedTextField()
            aside = EncryptedTextField(null=True)

            class Meta:
                app_label = "couples"

    with connection.schema_editor() as editor:
        editor.create_model(Diary)
    yield Diary
    with connection.schema_editor() as editor:
        editor.delete_model(Diary)


def raw_column(model, pk, column="entry"):
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])
        return cursor.fetchone()[0]


def test_round_trip_keeps_text_and_nonce_differs():
    first = encryption.encrypt("I felt invisible for months.")
    second = encryption.encrypt("I felt invisible for months.")
    assert first != second
    assert encryption.decrypt(first) == "I felt invisible for months."


def test_column_holds_only_ciphertext(diary):
    row = diary.objects.create(entry="The night I found the messages")
    stored = raw_column(diary, row.pk)
    assert stored.startswith("enc1:")
    assert "messages" not in stored
    assert diary.objects.get(pk=row.pk).entry == "The night I found the messages"


def test_null_stays_null(diary):
    row = diary.objects.create(entry="x", aside=None)
    assert raw_column(diary, row.pk, "aside") is None
    assert diary.objects.filter(aside__isnull=True).count() == 1


def test_content_lookups_are_refused(diary):
    with pytest.raises(Exception, match="Unsupported lookup"):
        list(diary.objects.filter(entry__icontains="messages"))


def test_flipped_bit_fails_loudly(diary):
    row = diary.objects.create(entry="private")
    token = raw_column(diary, row.pk)
    prefix, kid, payload = token.split(":")
    raw = bytearray(base64.b64decode(payload))
    raw[-1] ^= 0x01
    tampered = f"{prefix}:{kid}:{base64.b64encode(bytes(raw)).decode()}"
    table = connection.ops.quote_name(diary._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET entry = %s WHERE id = %s", [tampered, row.pk]
        )
    with pytest.raises(DecryptionError):
        diary.objects.get(pk=row.pk)


def test_wrong_key_fails_loudly(diary, settings):
    settings.FIELD_ENCRYPTION_KEYS = [OLD_KEY]
    row = diary.objects.create(entry="private")
    settings.FIELD_ENCRYPTION_KEYS = [NEW_KEY]
    with pytest.raises(DecryptionError, match="No configured key"):
        diary.objects.get(pk=row.pk)


def test_plaintext_in_column_is_not_passed_through(diary):
    row = diary.objects.create(entry="x")
    table = connection.ops.quote_name(diary._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET entry = %s WHERE id = %s", ["hello", row.pk]
        )
    with pytest.raises(DecryptionError):
        diary.objects.get(pk=row.pk)


def test_missing_key_is_a_configuration_error(settings):
    settings.FIELD_ENCRYPTION_KEYS = []
    with pytest.raises(ImproperlyConfigured, match="FIELD_ENCRYPTION_KEYS"):
        encryption.encrypt("x")


def test_malformed_key_is_a_configuration_error(settings):
    settings.FIELD_ENCRYPTION_KEYS = ["too-short"]
    with pytest.raises(ImproperlyConfigured, match="32 random bytes"):
        encryption.encrypt("x")


def test_rotation_reencrypts_with_the_newest_key_and_is_idempotent(diary, settings):
    settings.FIELD_ENCRYPTION_KEYS = [OLD_KEY]
    rows = [diary.objects.create(entry=f"entry {n}", aside=None) for n in range(5)]
    old_id = encryption.current_key_id()

    settings.FIELD_ENCRYPTION_KEYS = [NEW_KEY, OLD_KEY]
    new_id = encryption.current_key_id()
    fields = [
        (diary, diary._meta.get_field("entry")),
        (diary, diary._meta.get_field("aside")),
    ]
    assert dict(encryption.reencrypt_all(batch_size=2, fields=fields)) == {
        "couples.Diary.entry": 5,
        "couples.Diary.aside": 0,
    }
    for row in rows:
        assert encryption.token_key_id(raw_column(diary, row.pk)) == new_id != old_id

    assert (
        dict(encryption.reencrypt_all(batch_size=2, fields=fields))[
            "couples.Diary.entry"
        ]
        == 0
    )

    settings.FIELD_ENCRYPTION_KEYS = [NEW_KEY]
    assert [r.entry for r in diary.objects.order_by("pk")] == [
        f"entry {n}" for n in range(5)
    ]


def test_reencrypt_command_reports_each_field(db):
    from io import StringIO

    out = StringIO()
    call_command("reencrypt_fields", stdout=out)
    expected = [
        f"{model._meta.label}.{field.name}: 0 value(s) re-encrypted"
        for model, field in encryption.encrypted_fields()
    ] + ["mfa.Authenticator: 0 value(s) re-encrypted"]
    assert out.getvalue().splitlines() == expected


def test_generate_key_command_prints_a_usable_key(settings):
    from io import StringIO

    out = StringIO()
    call_command("generate_encryption_key", stdout=out)
    settings.FIELD_ENCRYPTION_KEYS = [out.getvalue().strip()]
    assert encryption.decrypt(encryption.encrypt("ok")) == "ok"
