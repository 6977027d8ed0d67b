"""Standard Webhooks signatures: ``webhook-id``, ``webhook-timestamp``, ``webhook-signature``.

The signature is ``v1,`` + base64(HMAC-SHA256(key, f"{id}.{timestamp}.{body}")), the
key being the secret's base64 part after ``whsec_``; any Standard Webhooks library
verifies it.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import secrets

from standardwebhooks.webhooks import Webhook as Signer

PREFIX = "whsec_"
KEY_BYTES = (24, 64)


def new_secret() -> str:
    return PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


def secret_problem(secret: str) -> str | None:
    """Why a secret someone chose cannot sign, or None."""
    if not secret.startswith(PREFIX):
        return f"must start with {PREFIX} followed by base64 (leave it out to get one)"
    try:
        key = base64.b64decode(secret[len(PREFIX) :], validate=True)
    except (binascii.Error, ValueError):
        return f"is not base64 after {PREFIX}"
    if not KEY_BYTES[0] <= len(key) <= KEY_BYTES[1]:
        return f"must hold {KEY_BYTES[0]} to {KEY_BYTES[1]} bytes of key"
    return None


def signed_headers(*, secret: str, message_id: str, at: dt.datetime, body: bytes) -> dict[str, str]:
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(int(at.timestamp())),
        "webhook-signature": Signer(secret).sign(msg_id=message_id, timestamp=at, data=body),
    }
