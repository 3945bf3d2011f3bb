"""The generated layer: current with the committed spec, and its models convert to and from the API's JSON."""
import base64
import importlib.util
import json
import pathlib
import tempfile
import unittest

import ddiffusion_client as dd
from ddiffusion_client import _generated as api

ROOT = pathlib.Path(__file__).resolve().parents[1]


def load_generator():
    spec = importlib.util.spec_from_file_location("generate", ROOT / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class GeneratedModuleTest(unittest.TestCase):
    def test_committed_module_is_what_the_generator_makes_from_the_committed_spec(self):
        generator = load_generator()
        spec = json.loads((ROOT.parent / "openapi.json").read_text(encoding="utf-8"))
        expected = generator.Generator(spec).generate()
        actual = (ROOT / "ddiffusion_client" / "_generated.py").read_text(encoding="utf-8")
        self.assertEqual(expected, actual, "run: python3 clients/python/generate.py")

    def test_every_operation_of_the_spec_is_a_method_and_every_schema_a_type(self):
        spec = json.loads((ROOT.parent / "openapi.json").read_text(encoding="utf-8"))
        for path, operations in spec["paths"].items():
            for method, op in operations.items():
                self.assertTrue(callable(getattr(dd.Client, op["operationId"], None)),
                                "%s %s: %s" % (method, path, op["operationId"]))
        for name, schema in spec["components"]["schemas"].items():
            if schema.get("enum") or schema.get("properties"):
                self.assertTrue(hasattr(api, name), name)

    def test_model_ids_are_enums_with_the_api_values(self):
        spec = json.loads((ROOT.parent / "openapi.json").read_text(encoding="utf-8"))
        self.assertEqual([m.value for m in dd.ImageModel], spec["components"]["schemas"]["ImageModel"]["enum"])
        self.assertEqual(dd.ImageModel("flux-1-pro"), dd.ImageModel.FLUX_1_PRO)


class ModelConversionTest(unittest.TestCase):
    def test_a_request_leaves_unset_fields_out_and_writes_enums_by_value(self):
        request = dd.ImageRequest(model=dd.ImageModel.SD_XL, prompt="a cat", width=512)
        self.assertEqual({"model": "sd-xl", "prompt": "a cat", "width": 512}, request.to_dict())

    def test_file_paths_and_bytes_are_sent_base64_encoded(self):
        with tempfile.TemporaryDirectory() as folder:
            path = pathlib.Path(folder) / "in.png"
            path.write_bytes(b"\x89PNG fake")
            request = dd.ImageRequest(model=dd.ImageModel.GPT_IMAGE_1, image=path, mask=b"mask",
                                      references=[dd.ImageReference(image=path)])
            body = request.to_dict()
        self.assertEqual(base64.b64decode(body["image"]), b"\x89PNG fake")
        self.assertEqual(base64.b64decode(body["mask"]), b"mask")
        self.assertEqual(base64.b64decode(body["references"][0]["image"]), b"\x89PNG fake")

    def test_a_response_becomes_nested_typed_objects(self):
        task = dd.ImageResponse.from_dict({
            "id": "4b6c", "status": "STARTED", "output": [], "logs": ["a"],
            "task_info": {"progress": {"step": 3, "total": 10}, "queue_position": None, "retries": 0}})
        self.assertIs(task.status, dd.TaskStatus.STARTED)
        self.assertEqual(3, task.task_info.progress.step)
        self.assertIsNone(task.task_info.queue_position)

    def test_what_a_newer_server_adds_is_tolerated(self):
        task = dd.ImageResponse.from_dict({"id": "1", "status": "PAUSED", "brand_new_field": {"x": 1}})
        self.assertEqual("PAUSED", task.status, "an unknown enum value is kept as its text")

    def test_maps_of_models_convert_their_values(self):
        models = dd.ImageModelsResponse.from_dict(
            {"models": {"sd-xl": {"available": False, "unavailable_reason": "weights not pulled"}}})
        self.assertFalse(models.models["sd-xl"].available)
        self.assertEqual("weights not pulled", models.models["sd-xl"].unavailable_reason)


if __name__ == "__main__":
    unittest.main()
