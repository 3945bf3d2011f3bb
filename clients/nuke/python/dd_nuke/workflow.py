"""DDWorkflow: knobs built from the titled nodes of a ComfyUI API-format workflow file, and the request from them.

Each node whose `_meta.title` is set and whose class the API can patch gets a knob named wf_<title> labelled with the
title; LoadImage/LoadVideo nodes are fed from this node's inputs in the file's order (image1 → the first).
"""
import json
import pathlib
import re

import nuke

import ddiffusion_client as dd

from . import files

PREFIX = "wf_"


def _knob_for(class_type, name, title):
    if class_type == "PrimitiveInt":
        return nuke.Int_Knob(name, title)
    if class_type == "PrimitiveFloat":
        return nuke.Double_Knob(name, title)
    if class_type == "PrimitiveBoolean":
        return nuke.Boolean_Knob(name, title)
    if class_type in ("PrimitiveString", "PrimitiveStringMultiline"):
        return nuke.Multiline_Eval_String_Knob(name, title)
    return None


def patchable(graph):
    """(title, class_type, default) of each titled node the API can patch, in node id order."""
    classes = {c.value for c in dd.PatchClassType}
    found = []
    for node_id in sorted(graph, key=lambda k: (len(k), k)):
        entry = graph[node_id]
        if not isinstance(entry, dict):
            continue
        title = (entry.get("_meta") or {}).get("title")
        if title and entry.get("class_type") in classes:
            found.append((title, entry["class_type"], (entry.get("inputs") or {}).get("value")))
    return found


def knob_name(title):
    return PREFIX + re.sub(r"\W", "_", title)


def read_graph(node):
    path = node["workflow_file"].value()
    if not path:
        raise ValueError("choose a workflow file (ComfyUI: Export (API))")
    with open(path, encoding="utf-8") as f:
        graph = json.load(f)
    if not isinstance(graph, dict):
        raise ValueError("%s is not an API-format workflow (an object of nodes)" % path)
    return graph


def load_workflow(node):
    """Replaces the patch knobs with one per titled node of the workflow file."""
    for knob in list(node.knobs().values()):
        if knob.name().startswith(PREFIX):
            node.removeKnob(knob)
    try:
        graph = read_graph(node)
    except (ValueError, OSError) as e:
        node["workflow_info"].setValue(str(e))
        return
    image_input = 0
    for title, class_type, default in patchable(graph):
        knob = _knob_for(class_type, knob_name(title), title)
        if knob is None:
            knob = nuke.Text_Knob(knob_name(title), title, "input image%d" % (image_input + 1))
            image_input += 1
        elif default is not None:
            knob.setValue(default)
        node.addKnob(knob)
    node["workflow_info"].setValue("%d patchable nodes, %d image inputs" % (len(patchable(graph)), image_input))


def build_request(node, folder):
    graph = read_graph(node)
    patches = []
    image_input = 0
    for title, class_type, _ in patchable(graph):
        knob = node.knob(knob_name(title))
        if knob is None:
            raise ValueError("the workflow changed since it was loaded: press Load")
        if class_type in ("LoadImage", "LoadVideo"):
            rendered = files.render_input(node, image_input, folder)
            image_input += 1
            if rendered is None:
                continue  # why: an unconnected input keeps the image the workflow names
            value = pathlib.Path(rendered)
        else:
            value = knob.value()
            if class_type == "PrimitiveInt":
                value = int(value)
            elif class_type == "PrimitiveBoolean":
                value = bool(value)
        patches.append(dd.Patch(title=title, class_type=dd.PatchClassType(class_type), value=value))
    return dd.WorkflowRequest(workflow=graph, patches=patches)
