"""Command line: python -m ddiffusion_client --help

Exit codes: 0 success; 1 the task failed, was cancelled or did not finish in --timeout; 2 bad usage; 3 the API refused
the request or could not be reached (the server's message is printed).
"""
import argparse
import dataclasses
import json
import os
import pathlib
import sys
from typing import Any, Dict, List, Optional

from . import _generated as api
from .client import Client, DOMAINS
from .errors import ApiError, DDiffusionError, NotFoundError, TaskFailedError, WaitTimeoutError, describe

EXIT_OK, EXIT_TASK, EXIT_USAGE, EXIT_API = 0, 1, 2, 3
REQUESTS = {"images": api.ImageRequest, "videos": api.VideoRequest, "texts": api.TextRequest}
# Request fields that take files: given as paths on the command line, read and base64-encoded by the client.
FILE_FIELDS = {"image", "mask", "last_image", "video"}
FILE_LISTS = {"images", "videos", "references"}
_SKIP = {"model", "prompt"}


def main(argv: Optional[List[str]] = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    client = Client(base_url=args.address, api_key=args.key)
    try:
        return args.run(client, args)
    except TaskFailedError as e:
        emit(args, e.task)
        print("error: " + str(e), file=sys.stderr)
        return EXIT_TASK
    except WaitTimeoutError as e:
        print("error: " + str(e), file=sys.stderr)
        return EXIT_TASK
    except ApiError as e:
        print("error: HTTP %d: %s" % (e.status, describe(e.detail)), file=sys.stderr)
        return EXIT_API
    except (DDiffusionError, OSError, ValueError) as e:
        print("error: %s" % e, file=sys.stderr)
        return EXIT_API


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m ddiffusion_client", description="deferred-diffusion from the shell")
    p.add_argument("--address", help="API address (default: $DDIFFUSION_API_ADDRESS)")
    p.add_argument("--key", help="API key (default: $DDIFFUSION_API_KEY)")
    p.add_argument("--json", action="store_true", help="print the API's JSON on stdout, for scripts")
    commands = p.add_subparsers(dest="command")
    for domain, request in REQUESTS.items():
        d = commands.add_parser(domain, help="%s tasks" % domain[:-1])
        create = d.add_subparsers(dest="action").add_parser("create", help="submit a %s task" % domain[:-1])
        create.add_argument("--model", required=domain != "texts", help="model id (see: models %s)" % domain)
        create.add_argument("--prompt")
        add_request_options(create, request)
        add_wait_options(create)
        create.set_defaults(run=create_task, domain=domain)
    w = commands.add_parser("workflows", help="ComfyUI workflow tasks")
    create = w.add_subparsers(dest="action").add_parser("create", help="submit a ComfyUI API-format workflow")
    create.add_argument("workflow", help="the workflow JSON file (API format)")
    create.add_argument("--patch", action="append", default=[], metavar="TITLE=VALUE",
                        help="set the node titled TITLE (its class from the file); VALUE @path for a file")
    add_wait_options(create)
    create.set_defaults(run=create_workflow, domain="workflows")
    for name, run, text in (("get", get_task, "show a task"), ("cancel", cancel_task, "cancel a task"),
                            ("wait", wait_task, "wait for a task to finish")):
        c = commands.add_parser(name, help=text)
        c.add_argument("id")
        c.add_argument("--domain", choices=DOMAINS, help="the task's domain (found by trying each when omitted)")
        if name == "wait":
            add_wait_options(c, wait_flag=False)
        c.set_defaults(run=run)
    m = commands.add_parser("models", help="list a domain's models and whether they can run here")
    m.add_argument("domain", choices=("images", "videos", "texts"))
    m.set_defaults(run=list_models)
    return p


def add_request_options(parser: argparse.ArgumentParser, request: type) -> None:
    for f in dataclasses.fields(request):
        if f.name in _SKIP:
            continue
        flag = "--" + f.name.replace("_", "-")
        if f.name in FILE_FIELDS:
            parser.add_argument(flag, type=pathlib.Path, metavar="FILE")
        elif f.name in FILE_LISTS:
            parser.add_argument("--" + f.name[:-1].replace("_", "-"), dest=f.name, type=pathlib.Path,
                                action="append", metavar="FILE", help="repeatable")
        elif "bool" in str(f.type):
            parser.add_argument(flag, action="store_true", default=None)
        elif "int" in str(f.type):
            parser.add_argument(flag, type=int)
        elif "float" in str(f.type):
            parser.add_argument(flag, type=float)
        else:
            parser.add_argument(flag)


def add_wait_options(parser: argparse.ArgumentParser, wait_flag: bool = True) -> None:
    if wait_flag:
        parser.add_argument("--wait", action="store_true", help="wait until the task finishes")
    parser.add_argument("--output", metavar="DIR", help="download the outputs here (implies --wait)")
    parser.add_argument("--timeout", type=float, help="give up waiting after this many seconds")


def create_task(client: Client, args: argparse.Namespace) -> int:
    request = REQUESTS[args.domain]
    values: Dict[str, Any] = {}
    for f in dataclasses.fields(request):
        value = getattr(args, f.name, None)
        if value is None:
            continue
        if f.name == "references":
            value = [api.ImageReference(image=v) for v in value]
        values[f.name] = value
    for path in [v for k, v in values.items() if k in FILE_FIELDS] + [
            p for k in FILE_LISTS for p in values.get(k, []) if isinstance(p, pathlib.Path)]:
        if not path.is_file():
            raise ValueError("no such file: %s" % path)
    created = getattr(client, args.domain + "_create")(request(**values))
    return follow(client, args, created)


def create_workflow(client: Client, args: argparse.Namespace) -> int:
    with open(args.workflow, encoding="utf-8") as f:
        graph = json.load(f)
    patches = []
    for spec in args.patch:
        title, sep, value = spec.partition("=")
        if not sep:
            raise ValueError("--patch takes TITLE=VALUE, not %r" % spec)
        patches.append(api.Patch(title=title, class_type=class_of(graph, title), value=patch_value(value)))
    created = client.workflows_create(api.WorkflowRequest(workflow=graph, patches=patches))
    return follow(client, args, created)


def class_of(graph: Dict[str, Any], title: str) -> str:
    for node in graph.values():
        if isinstance(node, dict) and node.get("_meta", {}).get("title") == title:
            return node.get("class_type")
    raise ValueError("no node titled %r in the workflow" % title)


def patch_value(text: str) -> Any:
    if text.startswith("@"):
        return pathlib.Path(text[1:])
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text


def follow(client: Client, args: argparse.Namespace, created: Any) -> int:
    if not (getattr(args, "wait", False) or args.output):
        emit(args, created, text=str(created.id))
        return EXIT_OK
    return wait_and_fetch(client, args, created, args.domain)


def wait_and_fetch(client: Client, args: argparse.Namespace, task: Any, domain: str) -> int:
    progress = Progress(sys.stderr)
    try:
        done = client.wait(task, domain=domain, on_progress=progress.show, timeout=args.timeout)
    finally:
        progress.close()
    files = client.download_outputs(done, args.output) if args.output else []
    emit(args, done, text="\n".join(files) if files else summary(done))
    return EXIT_OK


def get_task(client: Client, args: argparse.Namespace) -> int:
    domain, task = find(client, args.id, args.domain)
    emit(args, task, text=summary(task))
    return EXIT_OK


def cancel_task(client: Client, args: argparse.Namespace) -> int:
    domain, _ = find(client, args.id, args.domain)
    answer = client.cancel(args.id, domain=domain)
    emit(args, answer, text="%s %s: %s" % (answer.id, status_of(answer), answer.message or ""))
    return EXIT_OK


def wait_task(client: Client, args: argparse.Namespace) -> int:
    domain, _ = find(client, args.id, args.domain)
    return wait_and_fetch(client, args, args.id, domain)


def list_models(client: Client, args: argparse.Namespace) -> int:
    answer = getattr(client, args.domain + "_list_models")()
    if args.json:
        print(json.dumps(answer.to_dict(), indent=2))
        return EXIT_OK
    for name, info in sorted((answer.models or {}).items()):
        state = "available" if info.available else "unavailable: %s" % (info.unavailable_reason or "")
        print("%-20s %s  %s" % (name, state, info.description or ""))
    return EXIT_OK


def find(client: Client, task_id: str, domain: Optional[str]):
    for d in [domain] if domain else DOMAINS:
        try:
            return d, client.get(task_id, domain=d)
        except NotFoundError:
            if domain:
                raise
    raise NotFoundError(404, "no task %s in any domain (%s)" % (task_id, ", ".join(DOMAINS)))


def status_of(task: Any) -> str:
    return getattr(task.status, "value", task.status) or ""


def summary(task: Any) -> str:
    line = "%s %s" % (task.id, status_of(task))
    if getattr(task, "error_message", None):
        line += ": " + task.error_message
    output = getattr(task, "output", None)
    if isinstance(output, str):
        return line + "\n" + output
    return "\n".join([line] + list(output or []))


def emit(args: argparse.Namespace, value: Any, text: Optional[str] = None) -> None:
    if args.json:
        print(json.dumps(value.to_dict(), indent=2))
    else:
        print(text if text is not None else summary(value))


class Progress:
    """A progress bar on a terminal; one plain line per change otherwise (logs, CI)."""

    def __init__(self, stream):
        self.stream = stream
        self.tty = hasattr(stream, "isatty") and stream.isatty()
        self.last = None
        self.logs = 0

    def show(self, task: Any) -> None:
        info = task.task_info
        step, total = 0, 0
        if info is not None and info.progress is not None:
            step, total = info.progress.step or 0, info.progress.total or 0
        logs = task.logs or []
        last_log = logs[-1] if logs else ""
        if self.tty:
            width = 30
            done = int(width * step / total) if total else 0
            pct = " %3d%%" % (100 * step // total) if total else ""
            self.stream.write("\r[%s%s]%s %-8s %s" % ("#" * done, "-" * (width - done), pct, status_of(task),
                                                     last_log[:60].ljust(60)))
            self.stream.flush()
            return
        line = "%s %s" % (status_of(task), "%d/%d" % (step, total) if total else "")
        if line != self.last:
            self.stream.write(line.rstrip() + "\n")
            self.last = line
        for log in logs[self.logs:]:
            self.stream.write("  " + log + "\n")
        self.logs = len(logs)
        self.stream.flush()

    def close(self) -> None:
        if self.tty:
            self.stream.write("\n")
            self.stream.flush()


if __name__ == "__main__":
    sys.exit(main())
