"""The webhook verifier against the Standard Webhooks specification's own example, and what it refuses."""
import unittest

from ddiffusion_client.webhooks import WebhookVerificationError, verify

SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
BODY = b'{"test": 2432232314}'
HEADERS = {
    "Webhook-Id": "msg_p5jXN8AQM9LWM0D4loKWxJek",
    "Webhook-Timestamp": "1614265330",
    "Webhook-Signature": "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
}


class VerifyTest(unittest.TestCase):
    def test_the_specifications_example_verifies_and_returns_the_body(self):
        self.assertEqual({"test": 2432232314}, verify(SECRET, HEADERS, BODY, now=1614265330))

    def test_one_valid_signature_among_several_is_enough(self):
        headers = dict(HEADERS, **{"Webhook-Signature": "v1,bm90IGl0 " + HEADERS["Webhook-Signature"]})
        self.assertEqual({"test": 2432232314}, verify(SECRET, headers, BODY, now=1614265330))

    def test_a_changed_body_id_or_secret_is_refused(self):
        with self.assertRaises(WebhookVerificationError):
            verify(SECRET, HEADERS, b'{"test": 2432232315}', now=1614265330)
        with self.assertRaises(WebhookVerificationError):
            verify(SECRET, dict(HEADERS, **{"Webhook-Id": "msg_other"}), BODY, now=1614265330)
        with self.assertRaises(WebhookVerificationError):
            verify("whsec_" + "A" * 32, HEADERS, BODY, now=1614265330)

    def test_an_old_message_is_refused_even_when_signed(self):
        with self.assertRaises(WebhookVerificationError):
            verify(SECRET, HEADERS, BODY, now=1614265330 + 301)

    def test_a_missing_header_is_named(self):
        headers = {k: v for k, v in HEADERS.items() if k != "Webhook-Signature"}
        with self.assertRaisesRegex(WebhookVerificationError, "webhook-signature"):
            verify(SECRET, headers, BODY, now=1614265330)


if __name__ == "__main__":
    unittest.main()
