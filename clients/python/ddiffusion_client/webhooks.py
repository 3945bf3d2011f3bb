"""Checking the webhooks a deferred-diffusion server sends (Standard Webhooks signatures), with the standard library.

    from ddiffusion_client.webhooks import verify
    task = verify(secret, request.headers, request.body)   # raises WebhookVerificationError if it is not ours

``secret`` is the server's ``whsec_…`` secret (``DDIFFUSION_WEBHOOK_SECRET``, or ``data/webhook.secret`` of an
embedded server). The body is the task as ``GET /api/{domain}/{id}`` answers it; deduplicate by the
``webhook-id`` header, which stays the same when a message is retried.
"""
import base64
import hashlib
import hmac
import json
import time

__all__ = ["verify", "WebhookVerificationError", "DEFAULT_TOLERANCE_SECONDS"]

#: How far a message's timestamp may be from now (replayed old messages are refused).
DEFAULT_TOLERANCE_SECONDS = 5 * 60


class WebhookVerificationError(Exception):
    """The message is not signed with the secret, is too old or too new, or lacks a header."""


def _header(headers, name):
    for key, value in headers.items():
        if key.lower() == name:
            return value
    raise WebhookVerificationError("missing header " + name)


def verify(secret, headers, body, tolerance=DEFAULT_TOLERANCE_SECONDS, now=None):
    """Checks the message's signature and timestamp; returns the body as parsed JSON.

    ``headers`` is any mapping of header names to values (names in any case); ``body`` the raw bytes (or text)
    exactly as received, before any JSON parsing.
    """
    if isinstance(body, str):
        body = body.encode("utf-8")
    message_id = _header(headers, "webhook-id")
    timestamp = _header(headers, "webhook-timestamp")
    signatures = _header(headers, "webhook-signature")
    try:
        sent = int(timestamp)
    except ValueError:
        raise WebhookVerificationError("webhook-timestamp is not a number") from None
    current = time.time() if now is None else now
    if abs(current - sent) > tolerance:
        raise WebhookVerificationError("webhook-timestamp is more than %d s away from now" % tolerance)
    key = base64.b64decode(secret[len("whsec_"):] if secret.startswith("whsec_") else secret)
    signed = message_id.encode("utf-8") + b"." + timestamp.encode("utf-8") + b"." + body
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode("ascii")
    for candidate in signatures.split(" "):
        version, _, value = candidate.partition(",")
        if version == "v1" and hmac.compare_digest(value, expected):
            return json.loads(body.decode("utf-8"))
    raise WebhookVerificationError("no valid signature")
