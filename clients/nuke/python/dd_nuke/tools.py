"""Generate, cancel and the model menu, for all four gizmos (the node's class tells the domain)."""
import os
import pathlib
import threading

import nuke

import ddiffusion_client as dd

from . import files, ui, workflow

DOMAINS = {"DDImage": "images", "DDVideo": "videos", "DDText": "texts", "DDWorkflow": "workflows"}
_jobs = {}


def client():
    """A client from DDIFFUSION_API_ADDRESS and DDIFFUSION_API_KEY (as every tool of the studio reads them)."""
    return dd.Client()


def domain_of(node):
    return DOMAINS[node.Class()]


def on_create(node, domain):
    refresh_models(node)


def refresh_models(node):
    """Fills the model menu from /models: the models this installation can run now; the others are listed below
    the menu with the reason they cannot."""
    domain = domain_of(node)

    def fetch():
        try:
            models = getattr(client(), domain + "_list_models")().models or {}
        except dd.DDiffusionError as e:
            ui.on_main(node["model_info"].setValue, "cannot list models: %s" % e)
            return
        ui.on_main(_fill_menu, node, models)

    threading.Thread(target=fetch, name="dd-models-" + node.name(), daemon=True).start()


def _fill_menu(node, models):
    available = sorted(name for name, info in models.items() if info.available)
    unavailable = sorted((name, info.unavailable_reason or "") for name, info in models.items() if not info.available)
    current = node["model"].value()
    node["model"].setValues(available)
    if current in available:
        node["model"].setValue(current)
    node["model_info"].setValue("; ".join("%s: %s" % u for u in unavailable))


def generate(node):
    """Renders the connected inputs (on the main thread, as Nuke requires), then submits, follows and loads the
    result on a background thread."""
    if _running(node):
        ui.show(node, "STARTED", "already running; Cancel first")
        return
    domain = domain_of(node)
    folder = files.results_folder(node)
    try:
        request = build_request(node, domain, folder)
    except (ValueError, OSError) as e:
        ui.show(node, "ERROR", str(e))
        return
    ui.show(node, "PENDING", "submitting", logs=[])
    thread = threading.Thread(target=_follow, args=(node, domain, request, folder), name="dd-" + node.name(),
                              daemon=True)
    _jobs[node.name()] = thread
    thread.start()


def cancel(node):
    """Cancels the node's task (waiting or running); its thread then sees REVOKED and stops."""
    task_id = node["task_id"].value()
    if not task_id:
        ui.show(node, "ERROR", "no task to cancel")
        return
    domain = domain_of(node)

    def send():
        try:
            answer = client().cancel(task_id, domain=domain)
            ui.on_main(node["status"].setValue, "%s: %s" % (ui.task_status(answer), answer.message or "cancelling"))
        except dd.DDiffusionError as e:
            ui.on_main(ui.show, node, "ERROR", str(e))

    threading.Thread(target=send, name="dd-cancel-" + node.name(), daemon=True).start()


def join(node, timeout=None):
    """Waits for the node's background work (for headless scripts and tests); True when it ended."""
    thread = _jobs.get(node.name())
    if thread is not None:
        thread.join(timeout)
        return not thread.is_alive()
    return True


def _running(node):
    thread = _jobs.get(node.name())
    return thread is not None and thread.is_alive()


def build_request(node, domain, folder):
    if domain == "workflows":
        return workflow.build_request(node, folder)
    model = node["model"].value()
    if not model:
        raise ValueError("choose a model (Refresh fills the menu from the server)")
    inputs = [files.render_input(node, i, folder, _linear(node)) for i in range(node.inputs())]
    paths = [pathlib.Path(p) if p else None for p in inputs] + [None] * 3
    prompt = node["prompt"].value()
    if domain == "images":
        return dd.ImageRequest(model=dd.ImageModel(model), prompt=prompt, width=int(node["width"].value()),
                               height=int(node["height"].value()), seed=int(node["seed"].value()),
                               strength=float(node["strength"].value()), image=paths[0], mask=paths[1],
                               references=[dd.ImageReference(image=paths[2])] if paths[2] else None)
    if domain == "videos":
        return dd.VideoRequest(model=dd.VideoModel(model), prompt=prompt, width=int(node["width"].value()),
                               height=int(node["height"].value()), num_frames=int(node["num_frames"].value()),
                               seed=int(node["seed"].value()), image=paths[0], last_image=paths[1])
    return dd.TextRequest(model=dd.TextModel(model), prompt=prompt,
                          system_prompt=dd.SystemPrompt(node["system_prompt"].value()),
                          images=[p for p in paths if p] or None)


def _linear(node):
    knob = node.knob("linear")
    return bool(knob.value()) if knob is not None else False


def _follow(node, domain, request, folder):
    api = client()
    try:
        created = getattr(api, domain + "_create")(request)
        ui.on_main(node["task_id"].setValue, str(created.id))
        done = api.wait(created, domain=domain, on_progress=lambda t: ui.on_main(_progress, node, t),
                        raise_on_failure=False)
        if ui.task_status(done) != "SUCCESS":
            ui.on_main(ui.show, node, ui.task_status(done), done.error_message or "", done.logs or [])
            return
        if domain == "texts":
            ui.on_main(_text_result, node, done)
            return
        paths = api.download_outputs(done, folder)
        frames = getattr(request, "num_frames", None)
        ui.on_main(_file_result, node, done, paths, frames)
    except dd.DDiffusionError as e:
        ui.on_main(ui.show, node, "ERROR", str(e))


def _progress(node, task):
    info = task.task_info
    progress = (info.progress.step or 0, info.progress.total or 0) if info and info.progress else None
    ui.show(node, ui.task_status(task), "", task.logs or [], progress)


def _text_result(node, task):
    node["response"].setValue(task.output or "")
    ui.show(node, "SUCCESS", "", task.logs or [])


def _file_result(node, task, paths, frames):
    read = node.node("output_read")
    if paths:
        read["file"].setValue(paths[0].replace(os.sep, "/"))
        if frames:
            for knob in ("first", "origfirst"):
                read[knob].setValue(1)
            for knob in ("last", "origlast"):
                read[knob].setValue(frames)
        read["reload"].execute()
    ui.show(node, "SUCCESS", "%d file(s) in %s" % (len(paths), os.path.dirname(paths[0]) if paths else "-"),
            task.logs or [])
