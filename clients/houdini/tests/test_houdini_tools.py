"""The Houdini tools on a fake `hou` module, driving the real server that PythonClientIT starts
(DDIFFUSION_TEST_API_ADDRESS / DDIFFUSION_TEST_ADMIN_KEY); the static checks need no server."""
import json
import os
import pathlib
import re
import sys
import tempfile
import time
import unittest
import uuid
import xml.dom.minidom

HERE = pathlib.Path(__file__).resolve().parent
HOUDINI_DIR = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HOUDINI_DIR / "python"))
sys.path.insert(0, str(HOUDINI_DIR.parent / "python"))

import fake_hou  # noqa: E402

sys.modules["hou"] = fake_hou

import dd_houdini  # noqa: E402
import ddiffusion_client as dd  # noqa: E402
from dd_houdini import parms, tools  # noqa: E402

ADDRESS = os.environ.get("DDIFFUSION_TEST_API_ADDRESS")
ADMIN_KEY = os.environ.get("DDIFFUSION_TEST_ADMIN_KEY")
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c63f8cf0c0000030101006f4d9b5d0000000049454e44ae426082")
DOMAINS = ("images", "videos", "texts", "workflows")


class PackageFilesTest(unittest.TestCase):
    def test_every_parameter_the_python_reads_is_declared_for_a_tool(self):
        declared = set()
        for domain in DOMAINS:
            declared |= {t.name() for t in parms.templates(domain)}
        source = (HOUDINI_DIR / "python" / "dd_houdini" / "tools.py").read_text()
        read = set(re.findall(r'\.parm\("(\w+)"\)', source)) - {"filename", "coppath", "copoutput"}
        self.assertTrue(read)
        self.assertEqual(set(), read - declared, "parameters the Python reads that no tool declares")

    def test_every_button_calls_a_function_the_package_has(self):
        for domain in DOMAINS:
            for t in parms.templates(domain):
                callback = t.kwargs.get("script_callback")
                if callback:
                    name = re.search(r"\)\.(\w+)\(", callback).group(1)
                    self.assertTrue(callable(getattr(dd_houdini, name, None)), callback)

    def test_the_shelf_and_the_package_file_name_the_four_tools(self):
        shelf = xml.dom.minidom.parse(str(HOUDINI_DIR / "toolbar" / "deferred_diffusion.shelf"))
        scripts = [s.firstChild.data for s in shelf.getElementsByTagName("script")]
        self.assertEqual(sorted('dd_houdini.create("%s", kwargs)' % d for d in DOMAINS),
                         sorted(s.split("; ", 1)[1] for s in scripts))
        package = json.loads((HOUDINI_DIR / "deferred_diffusion.json").read_text())
        paths = package["env"][0]["PYTHONPATH"]["value"]
        self.assertIn("$DDIFFUSION_CLIENTS/houdini/python", paths)
        self.assertIn("$DDIFFUSION_CLIENTS/python", paths, "the SDK comes with the package")

    def test_inputs_are_rendered_through_an_image_rop_that_is_removed_afterwards(self):
        with tempfile.TemporaryDirectory() as folder:
            plate = pathlib.Path(folder) / "plate.png"
            plate.write_bytes(PNG)
            node = parms.build(fake_hou.node("/img"), "images", "rop_check")
            node.setInput(0, fake_hou.source(str(plate), "rop_plate"))
            path = tools.render_input(node, 0, folder, linear=True)
            self.assertIsNone(tools.render_input(node, 1, folder))
            self.assertEqual(PNG, pathlib.Path(path).read_bytes())
        self.assertTrue(path.endswith("rop_check_input0.exr"))
        self.assertIsNone(fake_hou.node("/out/dd_render_input"), "the ROP is destroyed")


@unittest.skipUnless(ADDRESS and ADMIN_KEY, "needs the server PythonClientIT starts")
class HoudiniToolsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        admin = dd.Client(base_url=ADDRESS, api_key=ADMIN_KEY)
        os.environ["DDIFFUSION_API_ADDRESS"] = ADDRESS
        os.environ["DDIFFUSION_API_KEY"] = admin.keys_create("houdini-" + uuid.uuid4().hex[:8]).api_key

    def setUp(self):
        self.folder = tempfile.TemporaryDirectory()
        self.addCleanup(self.folder.cleanup)
        fake_hou.hipFile.current = os.path.join(self.folder.name, "shot010.hip")
        self.plate = pathlib.Path(self.folder.name) / "plate.png"
        self.plate.write_bytes(PNG)
        self.source = fake_hou.source(str(self.plate), "plate_" + uuid.uuid4().hex[:6])

    def tool(self, domain, model, prompt):
        node = dd_houdini.create(domain)
        deadline = time.monotonic() + 20
        while not node.parm("model").template.menuItems() and time.monotonic() < deadline:
            time.sleep(0.05)
        self.assertIn(model, node.parm("model").template.menuItems(), "the menu is filled from /models")
        node.parm("model").set(model)
        node.parm("prompt").set(prompt)
        return node

    def run_to_end(self, node):
        dd_houdini.generate(node)
        self.assertTrue(dd_houdini.join(node, 60))

    def test_ddimage_generates_and_loads_the_result_into_its_file_cop(self):
        node = self.tool("images", "gpt-image-1", "steps=2;sleep=300;log=from houdini")
        node.setInput(0, self.source)
        self.run_to_end(node)

        self.assertTrue(node.parm("status").eval().startswith("SUCCESS"), node.parm("status").eval())
        result = node.node(parms.RESULT_NODE).parm("filename").eval()
        self.assertIn("/deferred-diffusion/", result)
        self.assertEqual(PNG, pathlib.Path(result).read_bytes(), "the echo of the rendered input")
        self.assertIn("from houdini", node.parm("logs").eval())
        self.assertTrue(node.comment.startswith("SUCCESS"))
        self.assertEqual(tools.COLOURS["SUCCESS"], node.colour.rgb)
        self.assertTrue(node.flags[fake_hou.nodeFlag.DisplayComment])

    def test_cancel_stops_a_running_task(self):
        node = self.tool("images", "sd-xl", "steps=100;sleep=30000")
        dd_houdini.generate(node)
        deadline = time.monotonic() + 20
        while not node.parm("task_id").eval() and time.monotonic() < deadline:
            time.sleep(0.05)
        dd_houdini.cancel(node)
        self.assertTrue(dd_houdini.join(node, 30))
        self.assertTrue(node.parm("status").eval().startswith("REVOKED"), node.parm("status").eval())

    def test_a_failure_shows_the_server_message(self):
        node = self.tool("images", "gpt-image-1", "fail=no good")
        self.run_to_end(node)
        self.assertIn("no good", node.parm("status").eval())
        self.assertEqual(tools.COLOURS["FAILURE"], node.colour.rgb)

    def test_ddtext_puts_the_answer_in_its_response_parameter(self):
        node = self.tool("texts", "gpt-4o", "describe the plate")
        node.setInput(0, self.source)
        self.run_to_end(node)
        self.assertEqual("echo: describe the plate", node.parm("response").eval())

    def test_ddvideo_loads_the_clip(self):
        node = self.tool("videos", "kling-2", "slow push in")
        node.setInput(0, self.source)
        self.run_to_end(node)
        self.assertTrue(node.node(parms.RESULT_NODE).parm("filename").eval())

    def test_ddworkflow_builds_parameters_from_the_file_and_sends_them_as_patches(self):
        graph = {
            "3": {"class_type": "PrimitiveStringMultiline", "_meta": {"title": "prompt"},
                  "inputs": {"value": "steps=2;log=patched"}},
            "4": {"class_type": "PrimitiveFloat", "_meta": {"title": "cfg"}, "inputs": {"value": 3.5}},
            "5": {"class_type": "LoadImage", "_meta": {"title": "plate"}, "inputs": {"image": "x.png"}},
        }
        path = pathlib.Path(self.folder.name) / "wf.json"
        path.write_text(json.dumps(graph))
        node = dd_houdini.create("workflows")
        node.parm("workflow_file").set(str(path))
        dd_houdini.load_workflow(node)

        self.assertEqual(3.5, node.parm("wf_cfg").eval())
        self.assertEqual("steps=2;log=patched", node.parm("wf_prompt").eval())
        self.assertIsNotNone(node.parm("wf_plate"))
        node.setInput(0, self.source)
        self.run_to_end(node)
        self.assertTrue(node.parm("status").eval().startswith("SUCCESS"), node.parm("status").eval())
        self.assertIn("patched", node.parm("logs").eval())


if __name__ == "__main__":
    unittest.main()
