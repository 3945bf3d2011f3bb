"""Create, generate, cancel, the model menu and workflow parameters, for the four tools."""
import os
import re
import tempfile
import threading

import hou

import ddiffusion_client as dd
from ddiffusion_client import dcc

from . import parms

COLOURS = {"PENDING": (0.35, 0.43, 0.55), "RECEIVED": (0.35, 0.43, 0.55), "STARTED": (0.78, 0.51, 0.18),
           "SUCCESS": (0.24, 0.59, 0.24), "FAILURE": (0.71, 0.2, 0.2), "REVOKED": (0.31, 0.31, 0.31),
           "ERROR": (0.71, 0.2, 0.2)}
VALUE_PARMS = ("model", "prompt", "width", "height", "seed", "strength", "num_frames", "system_prompt")
WORKFLOW_PREFIX = "wf_"
_jobs = {}


def client():
    """A client from DDIFFUSION_API_ADDRESS and DDIFFUSION_API_KEY."""
    return dd.Client()


def on_main(fn, *args):
    """Runs fn on Houdini's main thread (hdefereval in the UI; at once in hython, which has no event loop)."""
    if hou.isUIAvailable():
        import hdefereval
        hdefereval.executeDeferred(lambda: fn(*args))
    else:
        fn(*args)


def domain_of(node):
    return node.parm("ddiffusion_domain").evalAsString()


def create(domain, kwargs=None):
    """The shelf tools' entry: builds the tool in the network the artist is in and fills its model menu."""
    pane = (kwargs or {}).get("pane")
    parent = pane.pwd() if pane is not None else hou.node("/img")
    node = parms.build(parent, domain)
    if domain != "workflows":
        refresh_models(node)
    return node


def refresh_models(node):
    """Fills the model menu from /models with the models this installation can run; the others are listed in
    'Unavailable' with the reason they cannot."""
    domain = domain_of(node)

    def fetch():
        try:
            available, unavailable = dcc.model_menu(client(), domain)
        except dd.DDiffusionError as e:
            on_main(node.parm("model_info").set, "cannot list models: %s" % e)
            return
        on_main(_fill_menu, node, available, unavailable)

    threading.Thread(target=fetch, name="dd-models", daemon=True).start()


def _fill_menu(node, available, unavailable):
    group = node.parmTemplateGroup()
    template = group.find("model")
    template.setMenuItems(tuple(available))
    template.setMenuLabels(tuple(available))
    group.replace("model", template)
    node.setParmTemplateGroup(group)
    node.parm("model_info").set("; ".join("%s: %s" % u for u in unavailable))


def show(node, update):
    """Shows a ddiffusion_client.dcc.Update: node colour, comment (status, progress, last log), status and logs."""
    node.setColor(hou.Color(COLOURS.get(update.status, (0.3, 0.3, 0.3))))
    node.setComment(update.label())
    node.setGenericFlag(hou.nodeFlag.DisplayComment, True)
    node.parm("status").set(update.status + (": " + update.detail if update.detail else ""))
    if update.logs is not None:
        node.parm("logs").set("\n".join(update.logs))


def results_folder(node):
    """$HIP/deferred-diffusion/<node>/, or a temporary folder while the scene is unsaved."""
    hip = hou.hipFile.path()
    base = os.path.dirname(hip) if hou.hipFile.name() != "untitled.hip" else os.path.join(
        tempfile.gettempdir(), "deferred-diffusion-untitled")
    folder = os.path.join(base, "deferred-diffusion", re.sub(r"[^A-Za-z0-9_.-]", "_", node.name()))
    os.makedirs(folder, exist_ok=True)
    return folder


def render_input(node, index, folder, linear=False):
    """Renders what feeds input `index` at the current frame with an Image ROP (PNG, or EXR when `linear`, so values
    above 1.0 survive); None when nothing is connected."""
    inputs = node.inputs()
    upstream = inputs[index] if index < len(inputs) else None
    if upstream is None:
        return None
    path = os.path.join(folder, "%s_input%d.%s" % (node.name(), index, "exr" if linear else "png"))
    rop = hou.node("/out").createNode("image", node_name="dd_render_input")
    try:
        frame = hou.frame()
        rop.setParms({"coppath": upstream.path(), "copoutput": path, "trange": 0})
        rop.render(frame_range=(frame, frame))
    finally:
        rop.destroy()
    return path


def generate(node):
    """Renders the connected inputs on the main thread, then submits, follows and loads the result in the
    background."""
    job = _jobs.get(node.path())
    if job is not None and job.alive():
        show(node, dcc.Update("STARTED", "already running; Cancel first"))
        return
    domain = domain_of(node)
    folder = results_folder(node)
    try:
        request = _request(node, domain, folder)
    except (ValueError, OSError) as e:
        show(node, dcc.Update("ERROR", str(e)))
        return
    _jobs[node.path()] = dcc.Job(client(), domain, request, folder, on_main, node.parm("task_id").set,
                                 lambda update: show(node, update),
                                 lambda task, paths: _result(node, task, paths)).start()


def _request(node, domain, folder):
    count = len(parms.INPUTS[domain])
    linear = node.parm("linear") is not None and bool(node.parm("linear").eval())
    images = [render_input(node, i, folder, linear) for i in range(count)]
    if domain == "workflows":
        graph = _read_graph(node)
        values = {}
        for title, _, _ in dcc.patchable(graph):
            parm = node.parm(_parm_name(title))
            if parm is not None:
                values[title] = parm.eval()
        return dcc.workflow_request(graph, values, images)
    values = {name: node.parm(name).eval() for name in VALUE_PARMS if node.parm(name) is not None}
    for menu in ("model", "system_prompt"):
        if node.parm(menu) is not None:
            values[menu] = node.parm(menu).evalAsString()
    return dcc.build_request(domain, values, images)


def _result(node, task, paths):
    if node.parm("response") is not None:
        node.parm("response").set(task.output or "")
    result = node.node(parms.RESULT_NODE)
    if result is not None and paths:
        result.parm("filename").set(paths[0].replace(os.sep, "/"))
    detail = "%d file(s) in %s" % (len(paths), os.path.dirname(paths[0])) if paths else ""
    show(node, dcc.Update("SUCCESS", detail, task.logs or []))


def cancel(node):
    """Cancels the tool's task (waiting or running); its thread then sees REVOKED and stops."""
    task_id = node.parm("task_id").evalAsString()
    if not task_id:
        show(node, dcc.Update("ERROR", "no task to cancel"))
        return
    dcc.cancel_later(client(), domain_of(node), task_id, on_main,
                     lambda update: node.parm("status").set("%s: %s" % (update.status, update.detail)))


def join(node, timeout=None):
    """Waits for the tool's background work (headless scripts, tests); True when it ended."""
    job = _jobs.get(node.path())
    return job.join(timeout) if job is not None else True


def _parm_name(title):
    return WORKFLOW_PREFIX + re.sub(r"\W", "_", title)


def _read_graph(node):
    return dcc.read_workflow(node.parm("workflow_file").evalAsString())


def load_workflow(node):
    """Replaces the Patches folder's parameters with one per titled Primitive node of the workflow file; titled
    LoadImage nodes are fed from the tool's inputs in order."""
    group = node.parmTemplateGroup()
    folder = group.find(parms.WORKFLOW_FOLDER)
    try:
        graph = _read_graph(node)
    except (ValueError, OSError) as e:
        node.parm("workflow_info").set(str(e))
        return
    templates = []
    image_input = 0
    for title, class_type, default in dcc.patchable(graph):
        name = _parm_name(title)
        if class_type == "PrimitiveInt":
            templates.append(hou.IntParmTemplate(name, title, 1, default_value=(int(default or 0),)))
        elif class_type == "PrimitiveFloat":
            templates.append(hou.FloatParmTemplate(name, title, 1, default_value=(float(default or 0),)))
        elif class_type == "PrimitiveBoolean":
            templates.append(hou.ToggleParmTemplate(name, title, default_value=bool(default)))
        elif class_type in ("PrimitiveString", "PrimitiveStringMultiline"):
            templates.append(hou.StringParmTemplate(name, title, 1, default_value=(str(default or ""),),
                                                    tags={"editor": "1"}))
        else:
            image_input += 1
            templates.append(hou.LabelParmTemplate(name, title, column_labels=("input %d" % image_input,)))
    folder.setParmTemplates(tuple(templates))
    group.replace(parms.WORKFLOW_FOLDER, folder)
    node.setParmTemplateGroup(group)
    node.parm("workflow_info").set("%d patchable nodes, %d image inputs" % (len(templates), image_input))
