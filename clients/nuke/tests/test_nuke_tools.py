"""The Nuke tools on a fake `nuke` module (nodes from the real gizmo files), driving the real server that
PythonClientIT starts (DDIFFUSION_TEST_API_ADDRESS / DDIFFUSION_TEST_ADMIN_KEY); the static checks need no server."""
import json
import os
import pathlib
import re
import sys
import tempfile
import time
import unittest
import uuid

HERE = pathlib.Path(__file__).resolve().parent
NUKE_DIR = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(NUKE_DIR / "python"))
sys.path.insert(0, str(NUKE_DIR.parent / "python"))

import fake_nuke  # noqa: E402

sys.modules["nuke"] = fake_nuke

import dd_nuke  # noqa: E402
import ddiffusion_client as dd  # noqa: E402
from dd_nuke import files  # noqa: E402

ADDRESS = os.environ.get("DDIFFUSION_TEST_API_ADDRESS")
ADMIN_KEY = os.environ.get("DDIFFUSION_TEST_ADMIN_KEY")
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c63f8cf0c0000030101006f4d9b5d0000000049454e44ae426082")
# A minimal ISO-BMFF file (ftyp + an empty mdat): what the API sniffs as MP4.
MP4 = b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isommp42" + b"\x00\x00\x00\x08mdat"
GIZMOS = ("DDImage", "DDVideo", "DDText", "DDWorkflow")


class GizmoFilesTest(unittest.TestCase):
    def test_every_knob_name_the_python_reads_is_declared_by_a_gizmo(self):
        declared = set()
        for gizmo in GIZMOS:
            declared |= set(fake_nuke.createNode(gizmo).knobs())
        source = "\n".join(p.read_text() for p in (NUKE_DIR / "python" / "dd_nuke").glob("*.py"))
        read = set(re.findall(r'node\["(\w+)"\]', source)) | set(re.findall(r'node\.knob\("(\w+)"\)', source))
        self.assertTrue(read)
        self.assertEqual(set(), read - declared, "knobs the Python reads that no gizmo declares")

    def test_every_button_calls_a_function_the_package_has(self):
        for gizmo in GIZMOS:
            text = (NUKE_DIR / "gizmos" / (gizmo + ".gizmo")).read_text()
            for name in re.findall(r"dd_nuke\.(\w+)\(", text):
                self.assertTrue(callable(getattr(dd_nuke, name, None)), "%s calls dd_nuke.%s" % (gizmo, name))

    def test_menu_offers_the_four_tools(self):
        text = (NUKE_DIR / "menu.py").read_text()
        for gizmo in GIZMOS:
            self.assertIn(gizmo, text)
            self.assertTrue((NUKE_DIR / "gizmos" / (gizmo + ".gizmo")).is_file())

    def test_linear_inputs_are_rendered_as_32_bit_exr_and_others_as_png(self):
        with tempfile.TemporaryDirectory() as folder:
            plate = pathlib.Path(folder) / "plate.png"
            plate.write_bytes(PNG)
            node = fake_nuke.createNode("DDImage")
            node.setInput(0, fake_nuke.source(str(plate)))
            exr = files.render_input(node, 0, folder, linear=True)
            png = files.render_input(node, 0, folder, linear=False)
            self.assertIsNone(files.render_input(node, 1, folder))
        self.assertTrue(exr.endswith(".exr"))
        self.assertEqual(("exr", "32 bit float"), fake_nuke.executed[-2][1:3])
        self.assertTrue(png.endswith(".png"))
        self.assertEqual("png", fake_nuke.executed[-1][1])


@unittest.skipUnless(ADDRESS and ADMIN_KEY, "needs the server PythonClientIT starts")
class NukeToolsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        admin = dd.Client(base_url=ADDRESS, api_key=ADMIN_KEY)
        os.environ["DDIFFUSION_API_ADDRESS"] = ADDRESS
        os.environ["DDIFFUSION_API_KEY"] = admin.keys_create("nuke-" + uuid.uuid4().hex[:8]).api_key

    def setUp(self):
        self.folder = tempfile.TemporaryDirectory()
        self.addCleanup(self.folder.cleanup)
        fake_nuke.set_script(os.path.join(self.folder.name, "shot010.nk"))
        self.plate = pathlib.Path(self.folder.name) / "plate.png"
        self.plate.write_bytes(PNG)

    def tool(self, gizmo, model, prompt):
        node = fake_nuke.createNode(gizmo)
        dd_nuke.on_create(node, None)
        deadline = time.monotonic() + 20
        while not node["model"].values() and time.monotonic() < deadline:
            time.sleep(0.05)
        self.assertIn(model, node["model"].values(), "the menu is filled from /models")
        node["model"].setValue(model)
        node["prompt"].setValue(prompt)
        return node

    def run_to_end(self, node):
        dd_nuke.generate(node)
        self.assertTrue(dd_nuke.join(node, 60))

    def test_ddimage_generates_and_points_its_read_node_at_the_downloaded_result(self):
        node = self.tool("DDImage", "gpt-image-1", "steps=2;sleep=300;log=from nuke")
        node.setInput(0, fake_nuke.source(str(self.plate)))
        self.run_to_end(node)

        self.assertEqual("SUCCESS", node["status"].value().split(":")[0], node["status"].value())
        result = node.node("output_read")["file"].value()
        self.assertTrue(result.startswith(self.folder.name.replace(os.sep, "/") + "/deferred-diffusion/"))
        self.assertEqual(PNG, pathlib.Path(result).read_bytes(), "the echo of the rendered input")
        self.assertEqual(1, node.node("output_read")["reload"].executions)
        self.assertIn("from nuke", node["logs"].value())
        self.assertTrue(node["label"].value().startswith("SUCCESS"))
        self.assertEqual(dd_nuke.ui.COLOURS["SUCCESS"], node["tile_color"].value())
        self.assertTrue(node["task_id"].value())
        self.assertEqual("", node["model_info"].value(), "every model is available with the test plugin")

    def test_cancel_stops_a_running_task(self):
        node = self.tool("DDImage", "sd-xl", "steps=100;sleep=30000")
        dd_nuke.generate(node)
        deadline = time.monotonic() + 20
        while not node["task_id"].value() and time.monotonic() < deadline:
            time.sleep(0.05)
        dd_nuke.cancel(node)
        self.assertTrue(dd_nuke.join(node, 30))
        self.assertTrue(node["status"].value().startswith("REVOKED"), node["status"].value())
        self.assertEqual(dd_nuke.ui.COLOURS["REVOKED"], node["tile_color"].value())

    def test_a_failure_shows_the_server_message(self):
        node = self.tool("DDImage", "gpt-image-1", "fail=the model refused")
        self.run_to_end(node)
        self.assertIn("the model refused", node["status"].value())
        self.assertEqual(dd_nuke.ui.COLOURS["FAILURE"], node["tile_color"].value())

    def test_ddtext_puts_the_answer_in_its_response_knob(self):
        node = self.tool("DDText", "gpt-4o", "what is in the plate")
        node.setInput(0, fake_nuke.source(str(self.plate)))
        self.run_to_end(node)
        self.assertEqual("echo: what is in the plate", node["response"].value())

    def test_ddvideo_reads_the_clip_with_its_frame_range(self):
        node = self.tool("DDVideo", "kling-2", "slow push in")
        node["num_frames"].setValue(24)
        node.setInput(0, fake_nuke.source(str(self.plate)))
        self.run_to_end(node)
        read = node.node("output_read")
        self.assertTrue(read["file"].value())
        self.assertEqual((1, 24), (read["first"].value(), read["last"].value()))

    def test_ddvideo_sends_its_video_input_rendered_over_the_chosen_frames(self):
        clip = pathlib.Path(self.folder.name) / "clip.mp4"
        clip.write_bytes(MP4)
        node = self.tool("DDVideo", "runway-gen-4", "make it rain")
        node["first_frame"].setValue(5)
        node["last_frame"].setValue(20)
        node.setInput(2, fake_nuke.source(str(clip)))
        self.run_to_end(node)

        self.assertTrue(node["status"].value().startswith("SUCCESS"), node["status"].value())
        target, file_type, _, first, last = fake_nuke.executed[-1]
        self.assertEqual(("mov", 5, 20), (file_type, first, last))
        self.assertTrue(target.endswith("_input2.mp4"))
        self.assertEqual(MP4, pathlib.Path(node.node("output_read")["file"].value()).read_bytes(), "echoed")

    def test_ddworkflow_builds_knobs_from_the_file_and_sends_them_as_patches(self):
        graph = {
            "3": {"class_type": "PrimitiveStringMultiline", "_meta": {"title": "prompt"},
                  "inputs": {"value": "steps=2;log=patched"}},
            "4": {"class_type": "PrimitiveInt", "_meta": {"title": "seed"}, "inputs": {"value": 7}},
            "5": {"class_type": "LoadImage", "_meta": {"title": "plate"}, "inputs": {"image": "x.png"}},
            "6": {"class_type": "KSampler", "_meta": {"title": "sampler"}, "inputs": {}},
        }
        path = pathlib.Path(self.folder.name) / "wf.json"
        path.write_text(json.dumps(graph))
        node = fake_nuke.createNode("DDWorkflow")
        node["workflow_file"].setValue(str(path))
        dd_nuke.load_workflow(node)

        self.assertEqual(7, node["wf_seed"].value())
        self.assertEqual("prompt", node["wf_prompt"].label())
        self.assertEqual("input image1", node["wf_plate"].value())
        self.assertIsNone(node.knob("wf_sampler"), "KSampler is not a patchable class")
        node.setInput(0, fake_nuke.source(str(self.plate)))
        self.run_to_end(node)
        self.assertTrue(node["status"].value().startswith("SUCCESS"), node["status"].value())
        self.assertIn("patched", node["logs"].value())

        del graph["4"]
        path.write_text(json.dumps(graph))
        dd_nuke.load_workflow(node)
        self.assertIsNone(node.knob("wf_seed"), "knobs of the previous file are removed")


if __name__ == "__main__":
    unittest.main()
