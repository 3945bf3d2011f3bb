#!/usr/bin/env python3
"""Generates ddiffusion_client/_generated.py from clients/openapi.json (standard library only).

    python3 clients/python/generate.py           writes the module
    python3 clients/python/generate.py --check   exits 1 when the committed module differs from what it would write

Why a generator of our own: openapi-generator's Python targets need urllib3/pydantic at run time, and DCC Pythons
(Nuke, Houdini) cannot pip-install. The spec is small; a dataclass per schema, an enum per string enum and a method
per operation are all the SDK needs.
"""
import json
import keyword
import pathlib
import re
import sys

HERE = pathlib.Path(__file__).resolve().parent
SPEC = HERE.parent / "openapi.json"
TARGET = HERE / "ddiffusion_client" / "_generated.py"

PRIMITIVES = {"string": "str", "integer": "int", "number": "float", "boolean": "bool"}


def ref_name(ref):
    return ref.rsplit("/", 1)[-1]


def identifier(name):
    """A Python identifier for a JSON name (property, parameter)."""
    ident = re.sub(r"\W", "_", name)
    if ident[0].isdigit():
        ident = "_" + ident
    return ident + "_" if keyword.iskeyword(ident) else ident


def enum_member(value):
    member = re.sub(r"\W+", "_", str(value)).strip("_").upper()
    if not member or member[0].isdigit():
        member = "V_" + member
    return member


class Generator:
    def __init__(self, spec):
        self.spec = spec
        self.schemas = spec.get("components", {}).get("schemas", {})

    def kind(self, name):
        schema = self.schemas[name]
        if "enum" in schema and schema.get("type") == "string":
            return "enum"
        if schema.get("type") == "object" and "properties" in schema:
            return "dataclass"
        return "alias"

    def type_of(self, schema):
        """The annotation for a schema, and a converter spec used by the runtime (see _convert)."""
        if not schema:
            return "Any", "any"
        if "$ref" in schema:
            name = ref_name(schema["$ref"])
            kind = self.kind(name)
            if kind == "alias":
                return self.type_of(self.schemas[name])
            return name, name
        types = schema.get("type")
        if isinstance(types, list):
            non_null = [t for t in types if t != "null"]
            types = non_null[0] if len(non_null) == 1 else None
        if types == "array":
            inner, conv = self.type_of(schema.get("items", {}))
            return "List[%s]" % inner, ["list", conv]
        if types == "object":
            extra = schema.get("additionalProperties")
            if isinstance(extra, dict) and extra:
                inner, conv = self.type_of(extra)
                return "Dict[str, %s]" % inner, ["dict", conv]
            return "Dict[str, Any]", "any"
        if types == "string" and schema.get("format") == "binary":
            return "bytes", "any"
        if types in PRIMITIVES:
            return PRIMITIVES[types], "any"
        return "Any", "any"

    def generate(self):
        out = [
            "# Generated from clients/openapi.json by clients/python/generate.py: do not edit; regenerate instead.",
            '"""Typed models and one method per operation of the %s API %s."""'
            % (self.spec["info"]["title"], self.spec["info"]["version"]),
            "from __future__ import annotations",
            "",
            "import dataclasses",
            "import enum",
            "from typing import Any, Dict, List, Optional",
            "",
            "from ._runtime import Model, ApiBase",
            "",
            'API_VERSION = "%s"' % self.spec["info"]["version"],
        ]
        for name in sorted(self.schemas):
            kind = self.kind(name)
            if kind == "enum":
                out += self.enum(name)
            elif kind == "dataclass":
                out += self.dataclass(name)
        out += self.operations()
        return "\n".join(out).rstrip() + "\n"

    def enum(self, name):
        schema = self.schemas[name]
        lines = ["", "", "class %s(str, enum.Enum):" % name]
        if schema.get("description"):
            lines.append('    """%s"""' % doc(schema["description"]))
        for value in schema["enum"]:
            lines.append("    %s = %s" % (enum_member(value), json.dumps(value)))
        return lines

    def dataclass(self, name):
        schema = self.schemas[name]
        required = set(schema.get("required", []))
        props = schema["properties"]
        lines = ["", "", "@dataclasses.dataclass", "class %s(Model):" % name]
        lines.append('    """%s"""' % doc(schema.get("description") or name))
        fields = []
        order = [p for p in props if p in required] + [p for p in props if p not in required]
        for prop in order:
            p = props[prop]
            annotation, conv = self.type_of(p)
            ident = identifier(prop)
            meta = {"json": prop, "convert": conv}
            default = "" if prop in required else " = None"
            if prop not in required:
                annotation = "Optional[%s]" % annotation
            comment = describe(p, self.schemas)
            if comment:
                fields.append("    # %s" % comment)
            fields.append("    %s: %s = dataclasses.field(%smetadata=%s)"
                          % (ident, annotation, "" if not default else "default=None, ", repr(meta)))
        lines += fields or ["    pass"]
        return lines

    def operations(self):
        lines = ["", "", "class GeneratedApi(ApiBase):",
                 '    """One method per operation, named by its operation id."""']
        for path in sorted(self.spec["paths"]):
            for method in ("get", "post", "put", "delete"):
                op = self.spec["paths"][path].get(method)
                if op and op.get("operationId"):
                    lines += self.operation(path, method, op)
        return lines

    def operation(self, path, method, op):
        params = op.get("parameters", [])
        args, path_args, query_args, header_args = [], [], [], []
        for p in sorted(params, key=lambda x: not x.get("required", False)):
            ident = identifier(p["name"]).lower()
            annotation, _ = self.type_of(p.get("schema", {}))
            if p.get("required"):
                args.append("%s: %s" % (ident, annotation))
            else:
                args.append("%s: Optional[%s] = None" % (ident, annotation))
            target = {"path": path_args, "query": query_args, "header": header_args}.get(p["in"])
            if target is not None:
                target.append((p["name"], ident))
        content_types = op.get("requestBody", {}).get("content", {})
        body = content_types.get("application/json", {}).get("schema")
        # a file body (POST /api/uploads): the bytes as they are, with their Content-Type
        raw = body is None and "application/octet-stream" in content_types
        if body is not None:
            annotation, _ = self.type_of(body)
            args.insert(0, "body: %s" % annotation)
        if raw:
            args[0:0] = ["data: bytes", 'content_type: str = "application/octet-stream"']
        result_annotation, result_conv, binary = "Any", "any", False
        for status in ("200", "201", "202"):
            content = op.get("responses", {}).get(status, {}).get("content", {})
            if "application/json" in content:
                result_annotation, result_conv = self.type_of(content["application/json"].get("schema", {}))
                break
            if content:
                result_annotation, binary = "bytes", True
                break
        signature = ", ".join(["self"] + args)
        lines = ["    def %s(%s) -> %s:" % (op["operationId"], signature, result_annotation)]
        summary = op.get("summary") or op["operationId"]
        lines.append('        """%s (%s %s)."""' % (doc(summary), method.upper(), path))
        call = ['"%s"' % method.upper(), '"%s"' % path]
        if path_args:
            call.append("path_params={%s}" % ", ".join('"%s": %s' % (n, i) for n, i in path_args))
        if query_args:
            call.append("query={%s}" % ", ".join('"%s": %s' % (n, i) for n, i in query_args))
        if header_args:
            call.append("headers={%s}" % ", ".join('"%s": %s' % (n, i) for n, i in header_args))
        if body is not None:
            call.append("body=body")
        if raw:
            call.append("body=data")
            call.append("content_type=content_type")
        if binary:
            call.append("binary=True")
        else:
            call.append("result=%r" % (result_conv,))
        return [""] + lines + ["        return self._call(%s)" % ", ".join(call)]


def doc(text):
    return " ".join(str(text).split()).replace('"""', "'''").replace("\\", "\\\\")


def describe(p, schemas):
    """A one-line comment on a field: its description, default and limits as the spec states them."""
    parts = []
    if p.get("description"):
        parts.append(doc(p["description"]))
    for key, word in (("default", "default"), ("minimum", "min"), ("maximum", "max"),
                      ("maxLength", "max length"), ("maxItems", "max items")):
        if key in p:
            parts.append("%s %s" % (word, json.dumps(p[key])))
    line = "; ".join(parts)
    return line[:200]


def main(argv):
    spec = json.loads(SPEC.read_text(encoding="utf-8"))
    code = Generator(spec).generate()
    if "--check" in argv:
        current = TARGET.read_text(encoding="utf-8") if TARGET.exists() else ""
        if current != code:
            print("%s differs from what %s generates from %s; run: python3 clients/python/generate.py"
                  % (TARGET, pathlib.Path(__file__).name, SPEC), file=sys.stderr)
            return 1
        return 0
    TARGET.write_text(code, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
