"""Encryption at rest for personal free text: AES-256-GCM with rotating keys.

A stored value looks like ``enc1:<key id>:<base64 of nonce + ciphertext>``.
The key id is derived from the key itself, so operators only list keys in
``FIELD_ENCRYPTION_KEYS`` (newest first). Decryption fails closed: a missing
key, a wrong key or a tampered value raises ``DecryptionError``; ciphertext is
never handed to the application as if it were text.
"""

import base64
import binascii
import hashlib
import os
from functools import cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core import validators
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.db import models, transaction
from django.db.models.functions import Cast
from django.dispatch import receiver

PREFIX = "enc1"
NONCE_BYTES = 12


class DecryptionError(Exception):
    """A stored value could not be decrypted with any configured key."""


def generate_key() -> str:
    return base64.urlsafe_b64encode(AESGCM.generate_key(bit_length=256)).decode()


def key_id(key: bytes) -> str:
    return hashlib.sha256(key).hexdigest()[:8]


@cache
def keyring() -> dict[str, AESGCM]:
    """Return the configured keys by id, the encrypting key first."""
    if not settings.FIELD_ENCRYPTION_KEYS:
        raise ImproperlyConfigured(
            "FIELD_ENCRYPTION_KEYS is not set. Generate a key with "
            "`python manage.py generate_encryption_key`."
        )
    ring = {}
    for encoded in settings.FIELD_ENCRYPTION_KEYS:
        try:
            key = base64.urlsafe_b64decode(encoded.encode())
        except (binascii.Error, ValueError):
            key = b""
        if len(key) != 32:
            raise ImproperlyConfigured(
                "Each FIELD_ENCRYPTION_KEYS entry must be 32 random bytes in "
                "url-safe base64 (see `manage.py generate_encryption_key`)."
            )
        ring[key_id(key)] = AESGCM(key)
    return ring


@receiver(setting_changed)
def _forget_keys(*, setting, **kwargs):
    if setting == "FIELD_ENCRYPTION_KEYS":
        keyring.cache_clear()


def current_key_id() -> str:
    return next(iter(keyring()))


def encrypt(text: str) -> str:
    kid = current_key_id()
    nonce = os.urandom(NONCE_BYTES)
    sealed = keyring()[kid].encrypt(nonce, text.encode(), None)
    return f"{PREFIX}:{kid}:{base64.b64encode(nonce + sealed).decode()}"


def token_key_id(token: str) -> str:
    return _split(token)[1]


def _split(token: str) -> tuple[str, str, str]:
    parts = token.split(":", 2)
    if len(parts) != 3 or parts[0] != PREFIX:
        raise DecryptionError("The stored value is not an encrypted Mend value.")
    return parts[0], parts[1], parts[2]


def decrypt(token: str) -> str:
    _, kid, payload = _split(token)
    cipher = keyring().get(kid)
    if cipher is None:
        raise DecryptionError(f"No configured key has the id {kid!r}.")
    try:
        raw = base64.b64decode(payload, validate=True)
        return cipher.decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], None).decode()
    except (binascii.Error, ValueError, InvalidTag) as error:
        raise DecryptionError("The stored value was altered or is corrupt.") from error


class EncryptedTextField(models.TextField):
    """A TextField whose column only ever holds ciphertext.

    Values cannot be searched or compared in SQL: only ``isnull`` works.
    """

    description = "Text encrypted at rest (AES-256-GCM)"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.max_length is not None:
            # The column has no length (it holds ciphertext), so the limit is
            # a rule checked on the text, as CharField does (core.limits).
            self.validators.append(validators.MaxLengthValidator(self.max_length))

    def from_db_value(self, value, expression, connection):
        if value is None:
            return value
        return decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None:
            return value
        return encrypt(value)

    def get_lookup(self, lookup_name):
        if lookup_name != "isnull":
            return None
        return super().get_lookup(lookup_name)


def encrypted_fields():
    """Yield (model, field) for every EncryptedTextField in the project."""
    from django.apps import apps

    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, EncryptedTextField):
                yield model, field


def reencrypt_all(*, batch_size: int = 500, fields=None):
    """Re-encrypt every stored value not yet under the newest key.

    Yield ``(field label, values rewritten)`` per field. Rows are locked batch
    by batch, so an edit made meanwhile is never overwritten with old text.
    Running it again rewrites nothing.
    """
    newest = current_key_id()
    for model, field in fields if fields is not None else encrypted_fields():
        rewritten = 0
        last_pk = None
        while True:
            with transaction.atomic():
                rows = model._base_manager.order_by("pk").select_for_update()
                if last_pk is not None:
                    rows = rows.filter(pk__gt=last_pk)
                batch = list(
                    rows.annotate(
                        mend_ciphertext=Cast(field.attname, models.TextField())
                    ).values_list("pk", "mend_ciphertext")[:batch_size]
                )
                if not batch:
                    break
                for pk, token in batch:
                    if token is None or token_key_id(token) == newest:
                        continue
                    model._base_manager.filter(pk=pk).update(
                        **{field.attname: decrypt(token)}
                    )
                    rewritten += 1
                last_pk = batch[-1][0]
        yield f"{model._meta.label}.{field.name}", rewritten


MFA_SECRET_KEYS = ("secret", "seed")


def reencrypt_mfa_secrets() -> int:
    """Re-encrypt allauth's TOTP secrets and recovery-code seeds (kept in a JSON column)."""
    from allauth.mfa.models import Authenticator

    newest = current_key_id()
    rewritten = 0
    with transaction.atomic():
        for authenticator in Authenticator.objects.select_for_update():
            changed = False
            for name in MFA_SECRET_KEYS:
                token = authenticator.data.get(name)
                if (
                    isinstance(token, str)
                    and token.startswith(PREFIX)
                    and token_key_id(token) != newest
                ):
                    authenticator.data[name] = encrypt(decrypt(token))
                    changed = True
            if changed:
                authenticator.save(update_fields=["data"])
                rewritten += 1
    return rewritten
