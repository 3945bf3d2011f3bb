"""What the DCC tools (Nuke, Houdini) share: requests from a tool's values and rendered inputs, the model menu, and
a task followed on a background thread that reports every change through a callback the host runs on its main
thread. The hosts only map their knobs or parameters to values and back."""
import json
import pathlib
import threading
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

from . import _generated as api
from .client import Client
from .errors import DDiffusionError


def build_request(domain: str, values: Dict[str, Any], inputs: Sequence[Optional[str]]):
    """The create request of `domain` from a tool's values (model, prompt, sizes…) and its rendered inputs by
    input index (None where nothing is connected): images take image, mask, reference; videos image, last image,
    video (a rendered clip, for video-to-video); texts every connected input as an image."""
    model = values.get("model")
    if not model:
        raise ValueError("choose a model (Refresh fills the menu from the server)")
    paths = [pathlib.Path(p) if p else None for p in inputs] + [None] * 3
    if domain == "images":
        return api.ImageRequest(model=api.ImageModel(model), prompt=values.get("prompt"),
                                width=_int(values, "width"), height=_int(values, "height"),
                                seed=_int(values, "seed"), strength=_float(values, "strength"), image=paths[0],
                                mask=paths[1], references=[api.ImageReference(image=paths[2])] if paths[2] else None)
    if domain == "videos":
        return api.VideoRequest(model=api.VideoModel(model), prompt=values.get("prompt"),
                                width=_int(values, "width"), height=_int(values, "height"),
                                num_frames=_int(values, "num_frames"), seed=_int(values, "seed"), image=paths[0],
                                last_image=paths[1], video=paths[2])
    if domain == "texts":
        system = values.get("system_prompt")
        return api.TextRequest(model=api.TextModel(model), prompt=values.get("prompt"),
                               system_prompt=api.SystemPrompt(system) if system else None,
                               images=[p for p in paths if p] or None)
    raise ValueError("no request for domain %r here (workflows build their own)" % domain)


def _int(values, key):
    return None if values.get(key) in (None, "") else int(values[key])


def _float(values, key):
    return None if values.get(key) in (None, "") else float(values[key])


def model_menu(client: Client, domain: str) -> Tuple[List[str], List[Tuple[str, str]]]:
    """(models this installation can run, [(model, why not)] for the others), sorted by name."""
    models = getattr(client, domain + "_list_models")().models or {}
    available = sorted(name for name, info in models.items() if info.available)
    unavailable = sorted((name, info.unavailable_reason or "") for name, info in models.items()
                         if not info.available)
    return available, unavailable


class Update:
    """One change a tool shows: status, detail, logs, (step, total) progress; the task when there is one."""

    def __init__(self, status: str, detail: str = "", logs: Optional[List[str]] = None,
                 progress: Optional[Tuple[int, int]] = None, task: Any = None):
        self.status = status
        self.detail = detail
        self.logs = logs
        self.progress = progress
        self.task = task

    def label(self) -> str:
        """The status with progress percent and the last log line, for a node's label or comment."""
        text = self.status
        if self.progress and self.progress[1]:
            text += " %d%%" % (100 * self.progress[0] // self.progress[1])
        if self.logs:
            text += "\n" + self.logs[-1][:60]
        return text


def status_of(task: Any) -> str:
    status = getattr(task, "status", None)
    return getattr(status, "value", status) or ""


class Job:
    """A task submitted and followed on a daemon thread. Every callback goes through `post`, which must run it on
    the host's main thread: on_id(task_id) once submitted, on_update(Update) on each change, on_result(task, files)
    when it succeeded with its outputs downloaded into `folder` (texts: no files)."""

    def __init__(self, client: Client, domain: str, request: Any, folder: str, post: Callable[..., None],
                 on_id: Callable[[str], None], on_update: Callable[[Update], None],
                 on_result: Callable[[Any, List[str]], None]):
        self.client = client
        self.domain = domain
        self.request = request
        self.folder = folder
        self.post = post
        self.on_id = on_id
        self.on_update = on_update
        self.on_result = on_result
        self.thread = threading.Thread(target=self._run, name="ddiffusion-" + domain, daemon=True)

    def start(self) -> "Job":
        self.post(self.on_update, Update("PENDING", "submitting", logs=[]))
        self.thread.start()
        return self

    def alive(self) -> bool:
        return self.thread.is_alive()

    def join(self, timeout: Optional[float] = None) -> bool:
        self.thread.join(timeout)
        return not self.thread.is_alive()

    def _run(self) -> None:
        try:
            created = getattr(self.client, self.domain + "_create")(self.request)
            self.post(self.on_id, str(created.id))
            done = self.client.wait(created, domain=self.domain, raise_on_failure=False,
                                    on_progress=lambda t: self.post(self.on_update, progress_of(t)))
            if status_of(done) != "SUCCESS":
                self.post(self.on_update, Update(status_of(done), done.error_message or "", done.logs or [],
                                                 task=done))
                return
            files = [] if self.domain == "texts" else self.client.download_outputs(done, self.folder)
            self.post(self.on_result, done, files)
        except DDiffusionError as e:
            self.post(self.on_update, Update("ERROR", str(e)))


def progress_of(task: Any) -> Update:
    info = task.task_info
    progress = (info.progress.step or 0, info.progress.total or 0) if info and info.progress else None
    return Update(status_of(task), "", task.logs or [], progress, task)


def cancel_later(client: Client, domain: str, task_id: str, post: Callable[..., None],
                 on_update: Callable[[Update], None]) -> threading.Thread:
    """Sends the cancellation on a daemon thread (the followed task then sees REVOKED and ends)."""
    def send():
        try:
            answer = client.cancel(task_id, domain=domain)
            post(on_update, Update(status_of(answer), answer.message or "cancelling"))
        except DDiffusionError as e:
            post(on_update, Update("ERROR", str(e)))
    thread = threading.Thread(target=send, name="ddiffusion-cancel", daemon=True)
    thread.start()
    return thread


def read_workflow(path: str) -> Dict[str, Any]:
    """A ComfyUI API-format workflow file (Export (API)): an object of nodes by id."""
    if not path:
        raise ValueError("choose a workflow file (ComfyUI: Export (API))")
    with open(path, encoding="utf-8") as f:
        graph = json.load(f)
    if not isinstance(graph, dict):
        raise ValueError("%s is not an API-format workflow (an object of nodes)" % path)
    return graph


def patchable(graph: Dict[str, Any]) -> List[Tuple[str, str, Any]]:
    """(title, class_type, default value) of each titled node of a ComfyUI API-format workflow that the API can
    patch, in node id order: what DDWorkflow tools build their controls from."""
    classes = {c.value for c in api.PatchClassType}
    found = []
    for node_id in sorted(graph, key=lambda k: (len(k), k)):
        entry = graph[node_id]
        if not isinstance(entry, dict):
            continue
        title = (entry.get("_meta") or {}).get("title")
        if title and entry.get("class_type") in classes:
            found.append((title, entry["class_type"], (entry.get("inputs") or {}).get("value")))
    return found


def workflow_request(graph: Dict[str, Any], values: Dict[str, Any], images: Sequence[Optional[str]]):
    """The workflows request: each patchable titled node set from values[title]; LoadImage/LoadVideo nodes from the
    rendered inputs in order (an unconnected one keeps the file the workflow names)."""
    patches = []
    image_input = 0
    for title, class_type, _ in patchable(graph):
        if class_type in ("LoadImage", "LoadVideo"):
            rendered = images[image_input] if image_input < len(images) else None
            image_input += 1
            if rendered is None:
                continue
            value: Any = pathlib.Path(rendered)
        else:
            if title not in values:
                raise ValueError("the workflow changed since it was loaded: load it again")
            value = values[title]
            if class_type == "PrimitiveInt":
                value = int(value)
            elif class_type == "PrimitiveFloat":
                value = float(value)
            elif class_type == "PrimitiveBoolean":
                value = bool(value)
        patches.append(api.Patch(title=title, class_type=api.PatchClassType(class_type), value=value))
    return api.WorkflowRequest(workflow=graph, patches=patches)
