"""The client's transport rules, which the real server cannot be made to show on demand: retries on 503 and on a
dropped connection, Retry-After honoured, identity headers, typed errors, and downloads that never leave half a file.
A local HTTP server plays a scripted sequence of answers and records what it received."""
import http.server
import json
import os
import socket
import tempfile
import threading
import time
import unittest

import ddiffusion_client as dd


class Scripted(http.server.BaseHTTPRequestHandler):
    script = []
    seen = []
    bodies = []

    def log_message(self, *args):
        pass

    def handle_one(self):
        Scripted.seen.append((self.command, self.path, self.headers))
        Scripted.bodies.append(self.rfile.read(int(self.headers.get("Content-Length") or 0)))
        status, headers, body = Scripted.script.pop(0)
        if status == "drop":
            self.connection.shutdown(socket.SHUT_RDWR)
            self.close_connection = True
            return
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = handle_one
    do_POST = handle_one
    do_DELETE = handle_one


class TransportTest(unittest.TestCase):
    def setUp(self):
        Scripted.script = []
        Scripted.seen = []
        Scripted.bodies = []
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Scripted)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.client = dd.Client(base_url="http://127.0.0.1:%d" % self.server.server_port, api_key="k-123",
                                retries=3, user_id="artist", machine_id="ws-7")

    def tearDown(self):
        self.server.shutdown()
        self.server.server_close()

    def answer(self, status, body=b"", headers=None):
        Scripted.script.append((status, headers or {"Content-Type": "application/json"}, body))

    def test_an_upload_sends_the_files_bytes_as_they_are_with_their_type(self):
        self.answer(201, b'{"id": "0123456789abcdef0123456789abcdef", "media_type": "image/png", "size": 3, '
                         b'"expires_at": "2026-01-01T00:00:00Z"}')
        created = self.client.uploads_create(b"\x89PN", content_type="image/png")
        self.assertEqual("0123456789abcdef0123456789abcdef", created.id)
        method, path, headers = Scripted.seen[0]
        self.assertEqual(("POST", "/api/uploads", "image/png"), (method, path, headers["Content-Type"]))
        self.assertEqual(b"\x89PN", Scripted.bodies[0])

    def test_identity_and_key_headers_go_with_every_request(self):
        self.answer(200, b'{"id": "t1", "status": "PENDING"}')
        self.client.images_get("t1")
        method, path, headers = Scripted.seen[0]
        self.assertEqual(("GET", "/api/images/t1"), (method, path))
        self.assertEqual("Bearer k-123", headers["Authorization"])
        self.assertEqual("artist", headers["x-user-id"])
        self.assertEqual("ws-7", headers["x-machine-id"])

    def test_503_and_429_are_retried_after_the_time_the_server_asks(self):
        self.answer(503, b'{"detail": "broker away"}', {"Retry-After": "1"})
        self.answer(429, b'{"detail": "busy"}', {"Retry-After": "0"})
        self.answer(200, b'{"id": "t1", "status": "SUCCESS"}')
        start = time.monotonic()
        task = self.client.images_get("t1")
        self.assertIs(task.status, dd.TaskStatus.SUCCESS)
        self.assertGreaterEqual(time.monotonic() - start, 0.9)
        self.assertEqual(3, len(Scripted.seen))

    def test_a_dropped_connection_is_retried(self):
        Scripted.script.append(("drop", {}, b""))
        self.answer(200, b'{"id": "t1", "status": "SUCCESS"}')
        self.assertIs(self.client.images_get("t1").status, dd.TaskStatus.SUCCESS)

    def test_a_create_retried_after_a_dropped_connection_sends_the_same_idempotency_key(self):
        Scripted.script.append(("drop", {}, b""))
        self.answer(202, b'{"id": "t1", "status": "PENDING"}', {"Content-Type": "application/json",
                                                               "Idempotent-Replayed": "true"})
        created = self.client.images_create(dd.ImageRequest(model=dd.ImageModel.FLUX_1_PRO, prompt="a fox"),
                                            idempotency_key="order-42")
        self.assertEqual("t1", created.id)
        self.assertEqual(2, len(Scripted.seen))
        self.assertEqual(["order-42", "order-42"], [h["Idempotency-Key"] for _, _, h in Scripted.seen])

    def test_a_create_without_an_idempotency_key_sends_no_such_header(self):
        self.answer(202, b'{"id": "t1", "status": "PENDING"}')
        self.client.texts_create(dd.TextRequest(model=dd.TextModel.GPT_4O, prompt="hi"))
        self.assertIsNone(Scripted.seen[0][2]["Idempotency-Key"])

    def test_errors_are_typed_and_carry_status_and_detail(self):
        self.answer(422, json.dumps({"detail": [{"loc": ["body", "width"], "msg": "must be at most 4096",
                                                 "type": "value_error"}]}).encode())
        with self.assertRaises(dd.ValidationError) as caught:
            self.client.images_create(dd.ImageRequest(model=dd.ImageModel.SD_XL, width=9000))
        self.assertEqual(422, caught.exception.status)
        self.assertIn("width: must be at most 4096", str(caught.exception))
        self.assertEqual(1, len(Scripted.seen), "a 422 is not retried")

    def test_retries_end_with_the_last_error(self):
        for _ in range(4):
            self.answer(503, b'{"detail": "still away"}', {"Retry-After": "0"})
        with self.assertRaises(dd.ServiceUnavailableError) as caught:
            self.client.images_get("t1")
        self.assertEqual("still away", caught.exception.detail)

    def test_a_failed_download_leaves_no_file_behind(self):
        self.answer(403, b'{"detail": "expired"}')
        with tempfile.TemporaryDirectory() as folder:
            target = os.path.join(folder, "out.png")
            with self.assertRaises(dd.PermissionDeniedError):
                self.client.download(self.client.base_url + "/api/files/x.png?expires=1&sig=s", target)
            self.assertEqual([], os.listdir(folder))

    def test_wait_raises_with_the_task_when_it_fails(self):
        self.answer(200, b'{"id": "t1", "status": "STARTED"}')
        self.answer(200, b'{"id": "t1", "status": "FAILURE", "error_message": "boom"}')
        seen = []
        with self.assertRaises(dd.TaskFailedError) as caught:
            self.client.wait("t1", domain="images", on_progress=seen.append, poll=0.01)
        self.assertEqual("boom", caught.exception.task.error_message)
        self.assertEqual(["STARTED", "FAILURE"], [t.status.value for t in seen])

    def sse(self, *events):
        """An event-stream answer: (name, id, data) triples, then the end of the body."""
        body = ": keep-alive\n\n"
        for name, event_id, data in events:
            body += ("id: %s\n" % event_id if event_id else "") + "event: %s\ndata: %s\n\n" % (name, json.dumps(data))
        self.answer(200, body.encode("utf-8"), {"Content-Type": "text/event-stream"})

    def test_wait_on_the_stream_returns_the_final_event_without_polling(self):
        self.sse(("status", "1-0", {"status": "STARTED"}), ("log", "2-0", {"line": "hello"}),
                 ("final", None, {"id": "t1", "status": "SUCCESS", "output": ["http://x/f.png"], "logs": ["hello"]}))

        done = self.client.wait("t1", domain="images", stream=True)

        self.assertEqual("SUCCESS", done.status.value)
        self.assertEqual(["http://x/f.png"], done.output)
        self.assertEqual([("GET", "/api/images/t1/events")], [(m, p) for m, p, _ in Scripted.seen])
        self.assertEqual("text/event-stream", Scripted.seen[0][2]["Accept"])

    def test_a_stream_that_ends_early_is_resumed_with_the_last_event_id(self):
        self.sse(("status", "1-0", {"status": "STARTED"}), ("progress", "2-0", {"step": 1, "total": 2}))
        self.sse(("progress", "3-0", {"step": 2, "total": 2}), ("final", None, {"id": "t1", "status": "SUCCESS"}))

        events = list(self.client.events("t1", domain="texts"))

        self.assertEqual(["status", "progress", "progress", "final"], [e.name for e in events])
        self.assertEqual({"step": 2, "total": 2}, events[2].data)
        self.assertIsNone(Scripted.seen[0][2]["Last-Event-ID"])
        self.assertEqual("2-0", Scripted.seen[1][2]["Last-Event-ID"])

    def test_wait_on_the_stream_raises_when_the_task_failed(self):
        self.sse(("final", None, {"id": "t1", "status": "FAILURE", "error_message": "boom"}))

        with self.assertRaises(dd.TaskFailedError) as caught:
            self.client.wait("t1", domain="images", stream=True)
        self.assertEqual("boom", caught.exception.task.error_message)

    def test_wait_falls_back_to_polling_when_the_server_has_no_event_route(self):
        self.answer(404, b'{"detail": "Not Found"}')
        self.answer(200, b'{"id": "t1", "status": "SUCCESS"}')

        done = self.client.wait("t1", domain="images", stream=True, poll=0.01)

        self.assertEqual("SUCCESS", done.status.value)
        self.assertEqual(["/api/images/t1/events", "/api/images/t1"], [p for _, p, _ in Scripted.seen])


if __name__ == "__main__":
    unittest.main()
