"""Generate, cancel and the model menu, for all four gizmos (the node's class tells the domain)."""
import os
import threading

import ddiffusion_client as dd
from ddiffusion_client import dcc

from . import files, ui, workflow

DOMAINS = {"DDImage": "images", "DDVideo": "videos", "DDText": "texts", "DDWorkflow": "workflows"}
# why: knobs of each gizmo that go into its request as they are (the rest are inputs, buttons and display)
VALUE_KNOBS = ("model", "prompt", "width", "height", "seed", "strength", "num_frames", "system_prompt")
# why: DDVideo's third input is a clip (video-to-video), rendered over a frame range; the first two are stills
VIDEO_INPUT = 2
_jobs = {}


def client():
    """A client from DDIFFUSION_API_ADDRESS and DDIFFUSION_API_KEY (as every tool of the studio reads them)."""
    return dd.Client()


def domain_of(node):
    return DOMAINS[node.Class()]


def on_create(node, domain):
    refresh_models(node)


def refresh_models(node):
    """Fills the model menu from /models with the models this installation can run; the others are listed below
    it with the reason they cannot."""
    def fetch():
        try:
            available, unavailable = dcc.model_menu(client(), domain_of(node))
        except dd.DDiffusionError as e:
            ui.on_main(node["model_info"].setValue, "cannot list models: %s" % e)
            return
        ui.on_main(_fill_menu, node, available, unavailable)

    threading.Thread(target=fetch, name="dd-models-" + node.name(), daemon=True).start()


def _fill_menu(node, available, unavailable):
    current = node["model"].value()
    node["model"].setValues(available)
    if current in available:
        node["model"].setValue(current)
    node["model_info"].setValue("; ".join("%s: %s" % u for u in unavailable))


def generate(node):
    """Renders the connected inputs (on the main thread, as Nuke requires), then submits, follows and loads the
    result on a background thread."""
    job = _jobs.get(node.name())
    if job is not None and job.alive():
        ui.show(node, dcc.Update("STARTED", "already running; Cancel first"))
        return
    domain = domain_of(node)
    folder = files.results_folder(node)
    try:
        request = build_request(node, domain, folder)
    except (ValueError, OSError) as e:
        ui.show(node, dcc.Update("ERROR", str(e)))
        return
    _jobs[node.name()] = dcc.Job(client(), domain, request, folder, ui.on_main, node["task_id"].setValue,
                                 lambda update: ui.show(node, update),
                                 lambda task, paths: _result(node, request, task, paths)).start()


def cancel(node):
    """Cancels the node's task (waiting or running); its thread then sees REVOKED and stops."""
    task_id = node["task_id"].value()
    if not task_id:
        ui.show(node, dcc.Update("ERROR", "no task to cancel"))
        return
    dcc.cancel_later(client(), domain_of(node), task_id, ui.on_main,
                     lambda update: node["status"].setValue("%s: %s" % (update.status, update.detail)))


def join(node, timeout=None):
    """Waits for the node's background work (for headless scripts and tests); True when it ended."""
    job = _jobs.get(node.name())
    return job.join(timeout) if job is not None else True


def build_request(node, domain, folder):
    if domain == "workflows":
        return workflow.build_request(node, folder)
    values = {name: node[name].value() for name in VALUE_KNOBS if node.knob(name) is not None}
    stills = node.inputs() if domain != "videos" else VIDEO_INPUT
    inputs = [files.render_input(node, i, folder, _linear(node)) for i in range(stills)]
    if domain == "videos":
        inputs.append(files.render_video_input(node, VIDEO_INPUT, folder, int(node["first_frame"].value()),
                                               int(node["last_frame"].value())))
    return dcc.build_request(domain, values, inputs)


def _linear(node):
    knob = node.knob("linear")
    return bool(knob.value()) if knob is not None else False


def _result(node, request, task, paths):
    if node.knob("response") is not None:
        node["response"].setValue(task.output or "")
    read = node.node("output_read")
    if read is not None and paths:
        read["file"].setValue(paths[0].replace(os.sep, "/"))
        frames = getattr(request, "num_frames", None)
        if frames:
            for knob in ("first", "origfirst"):
                read[knob].setValue(1)
            for knob in ("last", "origlast"):
                read[knob].setValue(frames)
        read["reload"].execute()
    detail = "%d file(s) in %s" % (len(paths), os.path.dirname(paths[0])) if paths else ""
    ui.show(node, dcc.Update("SUCCESS", detail, task.logs or []))
