"""The SDK and the CLI against the real server, started by the Java test PythonClientIT (the packaged `serve` with the
test handler plugin, whose prompt scripts what a task does: sleep=MS, steps=N, log=LINE, fail=MESSAGE). They run
when DDIFFUSION_TEST_API_ADDRESS and DDIFFUSION_TEST_ADMIN_KEY say where that server is; the original's integration
scenarios, plus progress, cancellation and every error path."""
import os
import pathlib
import struct
import subprocess
import sys
import tempfile
import unittest
import uuid
import zlib

import ddiffusion_client as dd

ADDRESS = os.environ.get("DDIFFUSION_TEST_API_ADDRESS")
ADMIN_KEY = os.environ.get("DDIFFUSION_TEST_ADMIN_KEY")
PACKAGE_ROOT = pathlib.Path(__file__).resolve().parents[1]


def png(width=4, height=3):
    """A small valid RGB PNG."""
    rows = b"".join(b"\x00" + b"".join(bytes([x * 40 % 256, y * 60 % 256, 90]) for x in range(width))
                    for y in range(height))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


@unittest.skipUnless(ADDRESS and ADMIN_KEY, "needs the server PythonClientIT starts")
class ServerTestCase(unittest.TestCase):
    key = None

    @classmethod
    def setUpClass(cls):
        admin = dd.Client(base_url=ADDRESS, api_key=ADMIN_KEY)
        cls.key = admin.keys_create("python-" + uuid.uuid4().hex[:8]).api_key

    def setUp(self):
        self.client = dd.Client(base_url=ADDRESS, api_key=self.key)
        self.folder = tempfile.TemporaryDirectory()
        self.addCleanup(self.folder.cleanup)
        self.image = pathlib.Path(self.folder.name) / "plate.png"
        self.image.write_bytes(png())


class SdkTest(ServerTestCase):
    def test_image_task_is_created_followed_and_every_output_downloaded_without_a_key(self):
        created = self.client.images_create(dd.ImageRequest(
            model=dd.ImageModel.GPT_IMAGE_1, prompt="steps=3;sleep=600;log=hello", image=self.image))
        self.assertIn(created.status, (dd.TaskStatus.PENDING, dd.TaskStatus.STARTED))
        seen = []
        done = self.client.wait(created, on_progress=seen.append, poll=0.1)

        self.assertIs(done.status, dd.TaskStatus.SUCCESS)
        self.assertIn("hello", done.logs)
        steps = [t.task_info.progress.step for t in seen if t.task_info and t.task_info.progress]
        self.assertIn(3, steps, "progress reached the callback")
        self.assertGreaterEqual(len(seen), 2)
        keyless = dd.Client(base_url=ADDRESS, api_key="")
        files = keyless.download_outputs(done, os.path.join(self.folder.name, "out"))
        self.assertEqual(len(done.output), len(files))
        self.assertEqual(self.image.read_bytes(), pathlib.Path(files[0]).read_bytes(), "the echo of the input")

    def test_wait_follows_the_live_events_and_returns_the_final_state(self):
        created = self.client.texts_create(dd.TextRequest(model=dd.TextModel.GPT_4O,
                                                          prompt="log=streamed;steps=3;sleep=600"))
        seen = []
        done = self.client.wait(created, on_progress=seen.append, stream=True, timeout=60)

        self.assertIs(done.status, dd.TaskStatus.SUCCESS)
        self.assertIn("streamed", done.logs)
        self.assertEqual(done.to_dict(), self.client.texts_get(done.id).to_dict(), "final is what GET answers")
        self.assertIs(seen[-1], done)
        events = list(self.client.events(created))
        self.assertEqual("final", events[-1].name)
        self.assertIn({"line": "streamed"}, [e.data for e in events if e.name == "log"])
        later = list(self.client.events(created, last_event_id=events[0].id))
        self.assertEqual(events[1:], later, "resumed after the first event")

    def test_a_queued_task_is_cancelled_and_cancelling_it_again_says_it_is_complete(self):
        running = self.client.images_create(dd.ImageRequest(model=dd.ImageModel.SD_XL, prompt="sleep=20000"))
        queued = self.client.images_create(dd.ImageRequest(model=dd.ImageModel.SD_XL, prompt="sleep=20000"))
        try:
            answer = self.client.cancel(queued)
            self.assertIs(answer.status, dd.TaskStatus.REVOKED)
            self.assertIs(self.client.get(queued).status, dd.TaskStatus.REVOKED)
            again = self.client.cancel(queued)
            self.assertEqual("Task already completed", again.message)
            with self.assertRaises(dd.TaskFailedError):
                self.client.wait(queued, timeout=10)
        finally:
            self.client.cancel(running)

    def test_ten_rapid_gets_of_one_task(self):
        created = self.client.images_create(dd.ImageRequest(model=dd.ImageModel.GPT_IMAGE_1, prompt="quick"))
        states = [self.client.images_get(created.id) for _ in range(10)]
        self.assertTrue(all(s.id == created.id for s in states))
        self.client.wait(created, poll=0.1)

    def test_a_text_task_with_an_image(self):
        created = self.client.texts_create(dd.TextRequest(model=dd.TextModel.GPT_4O, prompt="describe it",
                                                          images=[self.image]))
        done = self.client.wait(created, poll=0.1)
        self.assertEqual("echo: describe it", done.output)

    def test_an_image_to_video_task(self):
        created = self.client.videos_create(dd.VideoRequest(model=dd.VideoModel.KLING_2, prompt="slow push in",
                                                            image=self.image))
        done = self.client.wait(created, poll=0.1)
        self.assertIs(done.status, dd.TaskStatus.SUCCESS)
        self.assertEqual(1, len(done.output))

    def test_a_failing_task_raises_with_its_message(self):
        created = self.client.images_create(dd.ImageRequest(model=dd.ImageModel.GPT_IMAGE_1, prompt="fail=boom"))
        with self.assertRaises(dd.TaskFailedError) as caught:
            self.client.wait(created, poll=0.1)
        self.assertIn("boom", caught.exception.task.error_message)
        failed = self.client.wait(created, raise_on_failure=False)
        self.assertIs(failed.status, dd.TaskStatus.FAILURE)

    def test_models_say_whether_they_can_run(self):
        models = self.client.images_list_models().models
        self.assertEqual(sorted(m.value for m in dd.ImageModel), sorted(models))
        self.assertTrue(models["gpt-image-1"].available, "the test plugin serves every model")
        self.assertIsNone(models["gpt-image-1"].unavailable_reason)


class ErrorPathTest(ServerTestCase):
    def test_401_without_a_key(self):
        with self.assertRaises(dd.AuthenticationError) as caught:
            dd.Client(base_url=ADDRESS, api_key="").images_list_models()
        self.assertEqual(401, caught.exception.status)

    def test_403_with_an_unknown_key(self):
        with self.assertRaises(dd.PermissionDeniedError) as caught:
            dd.Client(base_url=ADDRESS, api_key="not-a-key-" + uuid.uuid4().hex).images_list_models()
        self.assertTrue(caught.exception.detail)

    def test_404_for_an_unknown_task(self):
        with self.assertRaises(dd.NotFoundError):
            self.client.images_get(str(uuid.uuid4()))

    def test_422_names_the_field(self):
        with self.assertRaises(dd.ValidationError) as caught:
            self.client.images_create(dd.ImageRequest(model=dd.ImageModel.GPT_IMAGE_1, width=9000))
        self.assertIn("width", str(caught.exception))
        self.assertIsInstance(caught.exception.detail, list)

    def test_429_with_retry_after_when_the_backlog_is_full(self):
        limit = int(os.environ.get("DDIFFUSION_TEST_BACKLOG_LIMIT", "0"))
        self.assertGreater(limit, 0, "PythonClientIT sets a small TASK_BACKLOG_LIMIT")
        impatient = dd.Client(base_url=ADDRESS, api_key=self.key, retries=0)
        made = []
        try:
            with self.assertRaises(dd.RateLimitedError) as caught:
                for _ in range(limit + 2):
                    made.append(impatient.images_create(dd.ImageRequest(model=dd.ImageModel.SD_XL,
                                                                        prompt="sleep=20000")))
            self.assertGreater(caught.exception.retry_after, 0)
        finally:
            for task in made:
                self.client.cancel(task)


class CliTest(ServerTestCase):
    def cli(self, *args):
        env = dict(os.environ, DDIFFUSION_API_ADDRESS=ADDRESS, DDIFFUSION_API_KEY=self.key,
                   PYTHONPATH=str(PACKAGE_ROOT))
        return subprocess.run([sys.executable, "-m", "ddiffusion_client"] + list(args), env=env,
                              capture_output=True, text=True, timeout=120)

    def test_create_wait_and_download(self):
        out = os.path.join(self.folder.name, "renders")
        run = self.cli("images", "create", "--model", "gpt-image-1", "--prompt", "steps=2;sleep=300",
                       "--image", str(self.image), "--output", out)
        self.assertEqual(0, run.returncode, run.stderr)
        files = run.stdout.split()
        self.assertEqual(1, len(files))
        self.assertEqual(self.image.read_bytes(), pathlib.Path(files[0]).read_bytes())
        self.assertIn("SUCCESS", run.stderr, "plain progress lines when stderr is not a terminal")

    def test_json_for_scripts_and_get_by_id(self):
        run = self.cli("texts", "create", "--model", "gpt-4o", "--prompt", "hi")
        self.assertEqual(0, run.returncode, run.stderr)
        task_id = run.stdout.strip()
        waited = self.cli("--json", "wait", task_id)
        self.assertEqual(0, waited.returncode, waited.stderr)
        self.assertIn('"output": "echo: hi"', waited.stdout)
        got = self.cli("get", task_id)
        self.assertTrue(got.stdout.startswith(task_id + " SUCCESS"), got.stdout)

    def test_cancel_from_the_command_line(self):
        run = self.cli("images", "create", "--model", "sd-xl", "--prompt", "sleep=20000")
        task_id = run.stdout.strip()
        cancelled = self.cli("cancel", task_id, "--domain", "images")
        self.assertEqual(0, cancelled.returncode, cancelled.stderr)
        self.assertIn("REVOKED", cancelled.stdout)
        waited = self.cli("wait", task_id)
        self.assertEqual(1, waited.returncode, "a cancelled task is not a success")

    def test_exit_codes(self):
        failed = self.cli("images", "create", "--model", "gpt-image-1", "--prompt", "fail=boom", "--wait")
        self.assertEqual(1, failed.returncode)
        self.assertIn("boom", failed.stderr)
        refused = self.cli("images", "create", "--model", "gpt-image-1", "--width", "9000")
        self.assertEqual(3, refused.returncode)
        self.assertIn("width", refused.stderr)
        usage = self.cli("images", "create", "--model", "gpt-image-1", "--width", "wide")
        self.assertEqual(2, usage.returncode)
        missing = self.cli("images", "create", "--model", "gpt-image-1", "--image", "/no/such.png")
        self.assertEqual(3, missing.returncode)
        self.assertIn("no such file", missing.stderr)

    def test_models_listing(self):
        run = self.cli("models", "images")
        self.assertEqual(0, run.returncode, run.stderr)
        self.assertRegex(run.stdout, r"gpt-image-1\s+available  OpenAI GPT Image")
        self.assertEqual(len(dd.ImageModel), len(run.stdout.splitlines()))


if __name__ == "__main__":
    unittest.main()
