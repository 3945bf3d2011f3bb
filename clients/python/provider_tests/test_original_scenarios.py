"""The original's integration scenarios (its clients/it_tests) on the real provider handlers: the packaged `serve`
that PythonClientIT starts with REPLICATE_BASE_URL and OPENAI_BASE_URL pointed at its Replicate and OpenAI
emulators. PythonClientIT runs one class at a time, setting the emulator's plan for it in between."""
import os
import pathlib
import struct
import tempfile
import unittest
import uuid
import zlib

import ddiffusion_client as dd

ADDRESS = os.environ.get("DDIFFUSION_TEST_PROVIDERS_ADDRESS")
ADMIN_KEY = os.environ.get("DDIFFUSION_TEST_ADMIN_KEY")


def png(width=64, height=48):
    """A small valid RGB PNG with a gradient (providers get a real image)."""
    rows = b"".join(b"\x00" + b"".join(bytes([x * 4 % 256, y * 5 % 256, 128]) for x in range(width))
                    for y in range(height))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


@unittest.skipUnless(ADDRESS and ADMIN_KEY, "needs the server PythonClientIT starts with the provider emulators")
class Scenario(unittest.TestCase):
    def setUp(self):
        admin = dd.Client(base_url=ADDRESS, api_key=ADMIN_KEY)
        self.client = dd.Client(base_url=ADDRESS, api_key=admin.keys_create("it-" + uuid.uuid4().hex[:8]).api_key)
        self.keyless = dd.Client(base_url=ADDRESS, api_key="")
        self.folder = tempfile.TemporaryDirectory()
        self.addCleanup(self.folder.cleanup)
        self.image = pathlib.Path(self.folder.name) / "in.png"
        self.image.write_bytes(png())

    def download_all(self, task, min_size=100):
        files = self.keyless.download_outputs(task, os.path.join(self.folder.name, "out"))
        self.assertEqual(len(task.output), len(files))
        for f in files:
            self.assertGreater(os.path.getsize(f), min_size)
        return files


class ImageScenario(Scenario):
    def test_flux_1_pro_is_created_polled_downloaded_without_a_key_and_has_logs(self):
        created = self.client.images_create(dd.ImageRequest(model=dd.ImageModel.FLUX_1_PRO,
                                                            prompt="a lighthouse at dusk"))
        self.assertIs(created.status, dd.TaskStatus.PENDING)
        done = self.client.wait(created, timeout=120, poll=0.2)
        self.assertTrue(done.output)
        self.download_all(done)
        self.assertTrue(done.logs)

    def test_an_image_to_image_task_with_an_input(self):
        done = self.client.wait(self.client.images_create(dd.ImageRequest(
            model=dd.ImageModel.FLUX_1_PRO, prompt="make it winter", image=self.image)), timeout=120, poll=0.2)
        self.download_all(done)


class TextScenario(Scenario):
    def test_gpt_4_with_one_image(self):
        done = self.client.wait(self.client.texts_create(dd.TextRequest(
            model=dd.TextModel.GPT_4, prompt="describe this", images=[self.image])), timeout=120, poll=0.2)
        self.assertIs(done.status, dd.TaskStatus.SUCCESS)
        self.assertTrue(done.output)


class VideoScenario(Scenario):
    def test_runway_gen_4_image_to_video_24_frames(self):
        done = self.client.wait(self.client.videos_create(dd.VideoRequest(
            model=dd.VideoModel.RUNWAY_GEN_4, prompt="slow push in", image=self.image, num_frames=24)),
            timeout=120, poll=0.2)
        files = self.download_all(done, min_size=8)  # why: the emulator's MP4 is a bare ftyp box
        self.assertTrue(files[0].endswith(".mp4"))
        with open(files[0], "rb") as f:
            self.assertEqual(b"ftyp", f.read(8)[4:8])
        self.assertTrue(done.logs)


if __name__ == "__main__":
    unittest.main()
