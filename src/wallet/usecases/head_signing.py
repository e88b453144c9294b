"""Signing journal heads with the deployment's Ed25519 key, so a head an auditor keeps is proof
the service itself stated it: a later claim of a different history contradicts a signature.

The key is the base64 of a raw 32-byte Ed25519 private key (``WALLET_AUDIT_SIGNING_KEY``); the
public key is published with every signed head and should also be given to auditors out of band.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from functools import lru_cache

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

ALGORITHM = "Ed25519"


class SigningKeyInvalid(ValueError):
    pass


@dataclass(frozen=True)
class HeadSigner:
    key: Ed25519PrivateKey

    @property
    def public_key(self) -> str:
        return base64.b64encode(self.key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)).decode()

    def sign(self, message: bytes) -> str:
        return base64.b64encode(self.key.sign(message)).decode()


@lru_cache(maxsize=4)
def signer_from(encoded_key: str) -> HeadSigner:
    try:
        raw = base64.b64decode(encoded_key.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise SigningKeyInvalid("WALLET_AUDIT_SIGNING_KEY is not base64") from None
    if len(raw) != 32:
        raise SigningKeyInvalid("WALLET_AUDIT_SIGNING_KEY must be a raw 32-byte Ed25519 private key, base64")
    return HeadSigner(Ed25519PrivateKey.from_private_bytes(raw))


def new_signing_key() -> str:
    """A fresh key in the form ``WALLET_AUDIT_SIGNING_KEY`` takes."""
    from cryptography.hazmat.primitives.serialization import NoEncryption, PrivateFormat

    raw = Ed25519PrivateKey.generate().private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    return base64.b64encode(raw).decode()
