"""The client: the generated operations over urllib, plus what scripts and DCC tools need around them."""
import getpass
import http.client
import json
import os
import random
import socket
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import Any, Callable, Dict, Iterator, NamedTuple, Optional, Tuple

from . import _generated as api
from ._runtime import convert_in, convert_out
from .errors import ApiError, DDiffusionError, TaskFailedError, WaitTimeoutError, error_for

DEFAULT_ADDRESS = "http://127.0.0.1:5000"
DOMAINS = ("images", "videos", "texts", "workflows")
FINISHED = {"SUCCESS", "FAILURE", "REVOKED", "REJECTED", "IGNORED"}
_RETRIED_STATUSES = {429, 502, 503, 504}
_RESPONSES = {"images": "ImageResponse", "texts": "TextResponse", "videos": "VideoResponse",
              "workflows": "WorkflowResponse"}


class TaskEvent(NamedTuple):
    """One live event of a task (see README, Live events): name is status, progress, log, queue_position or final;
    id is set on status, progress and log events; data is the event's JSON (for final: the task as GET answers it)."""
    name: str
    id: Optional[str]
    data: Any


def _status(task: Any) -> str:
    status = getattr(task, "status", None)
    return getattr(status, "value", status) or ""


class Client(api.GeneratedApi):
    """deferred-diffusion's API.

    base_url and api_key default to DDIFFUSION_API_ADDRESS and DDIFFUSION_API_KEY, as the original's clients read
    them. x-user-id and x-machine-id are sent with every request (the login name and the host name), so operators see
    who submitted what. Connection resets, 429, 502, 503 and 504 are retried up to `retries` times, honouring
    Retry-After.
    """

    def __init__(self, base_url: Optional[str] = None, api_key: Optional[str] = None, timeout: float = 60.0,
                 retries: int = 4, user_id: Optional[str] = None, machine_id: Optional[str] = None):
        self.base_url = (base_url or os.environ.get("DDIFFUSION_API_ADDRESS") or DEFAULT_ADDRESS).rstrip("/")
        self.api_key = api_key if api_key is not None else os.environ.get("DDIFFUSION_API_KEY")
        self.timeout = timeout
        self.retries = retries
        self.user_id = user_id or _login()
        self.machine_id = machine_id or socket.gethostname()

    # -- transport ------------------------------------------------------------------------------------------------

    def _call(self, method, path, path_params=None, query=None, headers=None, body=None, result="any",
              binary=False, content_type=None):
        url = self.base_url + path.format(**{k: urllib.parse.quote(str(v), safe="")
                                              for k, v in (path_params or {}).items()})
        params = {k: convert_out(v) for k, v in (query or {}).items() if v is not None}
        if params:
            url += "?" + urllib.parse.urlencode(params)
        if content_type is not None:
            data = bytes(body)
        else:
            data = None if body is None else json.dumps(convert_out(body)).encode("utf-8")
        send = {"Accept": "application/json", "x-user-id": self.user_id, "x-machine-id": self.machine_id}
        if self.api_key:
            send["Authorization"] = "Bearer " + self.api_key
        if data is not None:
            send["Content-Type"] = content_type or "application/json"
        send.update({k: str(v) for k, v in (headers or {}).items() if v is not None})
        raw = self._send(urllib.request.Request(url, data=data, method=method, headers=send))
        if binary:
            return raw
        return convert_in(json.loads(raw.decode("utf-8")) if raw else None, result)

    def _send(self, request: urllib.request.Request) -> bytes:
        attempt = 0
        while True:
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:
                    return response.read()
            except urllib.error.HTTPError as e:
                error = _api_error(e)
                if e.code not in _RETRIED_STATUSES or attempt >= self.retries:
                    raise error from None
                delay = error.retry_after if error.retry_after is not None else _backoff(attempt)
            except (ConnectionError, socket.timeout, urllib.error.URLError) as e:
                if attempt >= self.retries or not _transient(e):
                    raise DDiffusionError("cannot reach %s: %s" % (self.base_url, getattr(e, "reason", e))) from e
                delay = _backoff(attempt)
            attempt += 1
            time.sleep(min(delay, 60.0))

    # -- helpers around the generated operations --------------------------------------------------------------------

    def get(self, task: Any, domain: Optional[str] = None):
        """The task's current state; task is a create or get response, or an id with its domain."""
        domain, task_id = _locate(task, domain)
        return getattr(self, domain + "_get")(task_id)

    def cancel(self, task: Any, domain: Optional[str] = None):
        """Cancels a waiting or running task. A finished task is left as it is (the answer says so)."""
        domain, task_id = _locate(task, domain)
        return getattr(self, domain + "_delete")(task_id)

    def wait(self, task: Any, domain: Optional[str] = None, on_progress: Optional[Callable[[Any], None]] = None,
             timeout: Optional[float] = None, poll: float = 0.5, max_poll: float = 5.0, raise_on_failure: bool = True,
             stream: bool = False):
        """Waits until the task finishes and returns its final state.

        on_progress is called with each new state (status, progress, logs). Polling starts every `poll` seconds and
        backs off to `max_poll` while nothing changes. With stream=True it follows the task's live events instead
        (GET .../events): no polling, the final state arrives with the end; on_progress gets the state after each
        status, progress or queue change; a server without the event route, or a stream that cannot be opened, falls
        back to polling. Raises TaskFailedError when it failed or was cancelled (unless raise_on_failure is False)
        and WaitTimeoutError after `timeout` seconds (the task goes on).
        """
        domain, task_id = _locate(task, domain)
        deadline = None if timeout is None else time.monotonic() + timeout
        if stream:
            try:
                return self._wait_on_events(domain, task_id, on_progress, deadline, timeout, raise_on_failure)
            except (TaskFailedError, WaitTimeoutError):
                raise
            except DDiffusionError:
                pass  # why: an older server, or a proxy that buffers streams: polling still works
        delay = poll
        seen = None
        while True:
            current = getattr(self, domain + "_get")(task_id)
            fingerprint = json.dumps(current.to_dict(), sort_keys=True)
            if fingerprint != seen:
                seen = fingerprint
                delay = poll
                if on_progress is not None:
                    on_progress(current)
            else:
                delay = min(max_poll, delay * 1.5)
            if _status(current) in FINISHED:
                if raise_on_failure and _status(current) != "SUCCESS":
                    raise TaskFailedError(current)
                return current
            if deadline is not None and time.monotonic() + delay > deadline:
                raise WaitTimeoutError("task %s still %s after %.0f s" % (task_id, _status(current), timeout))
            time.sleep(delay)

    def events(self, task: Any, domain: Optional[str] = None, last_event_id: Optional[str] = None
               ) -> Iterator[TaskEvent]:
        """The task's live events as they happen, ending with `final` (see TaskEvent). A dropped connection is
        reopened with Last-Event-ID, so no event is missed or repeated; errors are raised as by every call."""
        domain, task_id = _locate(task, domain)
        return self._events(domain, task_id, last_event_id, None, None)

    def _wait_on_events(self, domain, task_id, on_progress, deadline, timeout, raise_on_failure):
        for event in self._events(domain, task_id, None, deadline, timeout):
            if event.name == "final":
                final = convert_in(event.data, _RESPONSES[domain])
                if on_progress is not None:
                    on_progress(final)
                if raise_on_failure and _status(final) != "SUCCESS":
                    raise TaskFailedError(final)
                return final
            if on_progress is not None and event.name in ("status", "progress", "queue_position"):
                on_progress(getattr(self, domain + "_get")(task_id))
        raise DDiffusionError("the event stream of task %s ended without its final event" % task_id)

    def _events(self, domain: str, task_id: str, last: Optional[str], deadline: Optional[float],
                timeout: Optional[float]) -> Iterator[TaskEvent]:
        url = "%s/api/%s/%s/events" % (self.base_url, domain, urllib.parse.quote(task_id, safe=""))
        attempt = 0
        while True:
            send: Dict[str, str] = {"Accept": "text/event-stream", "x-user-id": self.user_id,
                                    "x-machine-id": self.machine_id}
            if self.api_key:
                send["Authorization"] = "Bearer " + self.api_key
            if last:
                send["Last-Event-ID"] = last
            read_timeout = self.timeout
            if deadline is not None:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise WaitTimeoutError("task %s did not finish within %.0f s" % (task_id, timeout))
                read_timeout = min(read_timeout, left)
            delay = _backoff(attempt)
            try:
                with urllib.request.urlopen(urllib.request.Request(url, headers=send), timeout=read_timeout) as r:
                    for event in _read_events(r):
                        attempt = 0
                        if event.id is not None:
                            last = event.id
                        yield event
                        if event.name == "final":
                            return
            except urllib.error.HTTPError as e:
                error = _api_error(e)
                if e.code not in _RETRIED_STATUSES or attempt >= self.retries:
                    raise error from None
                if error.retry_after is not None:
                    delay = error.retry_after
            except (ConnectionError, socket.timeout, urllib.error.URLError, http.client.HTTPException) as e:
                if deadline is None and (attempt >= self.retries or not _transient_stream(e)):
                    raise DDiffusionError("cannot reach %s: %s" % (self.base_url, getattr(e, "reason", e))) from e
            # why: the stream ended or broke before its final event (a node restarting, a dropped slow reader)
            attempt += 1
            if attempt > self.retries + 1 and deadline is None:
                raise DDiffusionError("the event stream of task %s keeps ending early" % task_id)
            time.sleep(min(delay, 60.0))

    def download(self, url: str, path: str, chunk: int = 1 << 20) -> str:
        """Streams a signed output URL to `path` through a temporary file in the same folder, renamed when complete,
        so a reader never sees half a file. Signed URLs need no key. Returns the path."""
        folder = os.path.dirname(os.path.abspath(path))
        os.makedirs(folder, exist_ok=True)
        request = urllib.request.Request(url, headers={"x-user-id": self.user_id, "x-machine-id": self.machine_id})
        fd, temp = tempfile.mkstemp(prefix=".ddiffusion-", dir=folder)
        try:
            with os.fdopen(fd, "wb") as out:
                try:
                    with urllib.request.urlopen(request, timeout=self.timeout) as response:
                        while True:
                            block = response.read(chunk)
                            if not block:
                                break
                            out.write(block)
                except urllib.error.HTTPError as e:
                    raise _api_error(e) from None
            os.replace(temp, path)
        except BaseException:
            if os.path.exists(temp):
                os.remove(temp)
            raise
        return path

    def download_outputs(self, task: Any, folder: str) -> list:
        """Downloads every output file of a finished task into `folder`, named as the server names them."""
        paths = []
        for url in getattr(task, "output", None) or []:
            name = urllib.parse.unquote(urllib.parse.urlparse(url).path.rsplit("/", 1)[-1])
            paths.append(self.download(url, os.path.join(folder, os.path.basename(name))))
        return paths


def _locate(task: Any, domain: Optional[str]) -> Tuple[str, str]:
    """(domain, id) of a task given as a response object (its class names the domain) or an id string."""
    if isinstance(task, str):
        if domain is None:
            raise ValueError("a task id alone needs its domain: one of " + ", ".join(DOMAINS))
        return _domain(domain), task
    if domain is None:
        name = type(task).__name__.lower()
        for d in DOMAINS:
            if name.startswith(d[:-1]):
                domain = d
                break
    if domain is None or getattr(task, "id", None) is None:
        raise ValueError("cannot tell the domain and id of %r; pass domain=" % (task,))
    return _domain(domain), str(task.id)


def _domain(domain: str) -> str:
    if domain not in DOMAINS:
        raise ValueError("domain must be one of %s, not %r" % (", ".join(DOMAINS), domain))
    return domain


def _api_error(e: urllib.error.HTTPError) -> ApiError:
    raw = e.read() or b""
    try:
        detail: Any = json.loads(raw.decode("utf-8")).get("detail", raw.decode("utf-8"))
    except (ValueError, AttributeError):
        detail = raw.decode("utf-8", "replace") or e.reason
    retry_after = None
    header = e.headers.get("Retry-After") if e.headers else None
    if header:
        try:
            retry_after = float(header)
        except ValueError:
            retry_after = None
    return error_for(e.code, detail, retry_after)


def _read_events(response) -> Iterator[TaskEvent]:
    """Server-Sent Events from a response, as the WHATWG spec reads them; comments (heartbeats) are skipped, an event
    cut off by the end of the stream is dropped."""
    name, event_id, data = None, None, None
    for raw in response:
        line = raw.decode("utf-8").rstrip("\r\n")
        if not line:
            if data is not None:
                yield TaskEvent(name or "message", event_id, json.loads("\n".join(data)))
            name, event_id, data = None, None, None
            continue
        if line.startswith(":"):
            continue
        field, _, value = line.partition(":")
        value = value[1:] if value.startswith(" ") else value
        if field == "event":
            name = value
        elif field == "id":
            event_id = value
        elif field == "data":
            data = (data or []) + [value]


def _transient_stream(e: Exception) -> bool:
    return _transient(e) or isinstance(e, http.client.HTTPException)


def _transient(e: Exception) -> bool:
    reason = getattr(e, "reason", e)
    return isinstance(reason, (ConnectionError, socket.timeout, TimeoutError)) or isinstance(e, ConnectionError)


def _backoff(attempt: int) -> float:
    return min(30.0, 0.5 * (2 ** attempt)) * (0.5 + random.random() / 2)


def _login() -> str:
    try:
        return getpass.getuser()
    except Exception:  # why: no login name in some containers and DCC sandboxes; the header is informative only
        return "unknown"

