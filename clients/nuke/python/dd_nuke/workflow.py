"""DDWorkflow: knobs built from the titled nodes of a ComfyUI API-format workflow file, and the request from them.

Each node whose `_meta.title` is set and whose class the API can patch gets a knob named wf_<title> labelled with the
title; LoadImage/LoadVideo nodes are fed from this node's inputs in the file's order (image1 → the first).
"""
import re

import nuke

from ddiffusion_client import dcc

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


def knob_name(title):
    return PREFIX + re.sub(r"\W", "_", title)


def read_graph(node):
    return dcc.read_workflow(node["workflow_file"].value())


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
    found = dcc.patchable(graph)
    for title, class_type, default in found:
        knob = _knob_for(class_type, knob_name(title), title)
        if knob is None:
            knob = nuke.Text_Knob(knob_name(title), title, "input image%d" % (image_input + 1))
            image_input += 1
        elif default is not None:
            knob.setValue(default)
        node.addKnob(knob)
    node["workflow_info"].setValue("%d patchable nodes, %d image inputs" % (len(found), image_input))


def build_request(node, folder):
    graph = read_graph(node)
    values = {}
    for title, class_type, _ in dcc.patchable(graph):
        knob = node.knob(knob_name(title))
        if knob is None:
            raise ValueError("the workflow changed since it was loaded: press Load")
        values[title] = knob.value()
    images = [files.render_input(node, i, folder) for i in range(node.inputs())]
    return dcc.workflow_request(graph, values, images)
