"""What a node shows: status colour and label (with progress and the last log line), the status and logs knobs."""
import nuke

COLOURS = {
    "PENDING": 0x5A6E8CFF, "RECEIVED": 0x5A6E8CFF, "STARTED": 0xC8822DFF, "SUCCESS": 0x3C963CFF,
    "FAILURE": 0xB43232FF, "REVOKED": 0x505050FF, "ERROR": 0xB43232FF,
}


def on_main(fn, *args):
    """Runs fn on Nuke's main thread: knobs must not be touched from the polling thread."""
    nuke.executeInMainThread(fn, args)


def show(node, status, detail="", logs=None, progress=None):
    """Status colour, a label with progress percent and the last log line, the status and logs knobs."""
    label = status
    if progress and progress[1]:
        label += " %d%%" % (100 * progress[0] // progress[1])
    if logs:
        label += "\n" + logs[-1][:60]
    node["label"].setValue(label)
    node["tile_color"].setValue(COLOURS.get(status, 0x4A4A4AFF))
    node["status"].setValue(status + (": " + detail if detail else ""))
    if logs is not None:
        node["logs"].setValue("\n".join(logs))


def task_status(task):
    status = getattr(task, "status", None)
    return getattr(status, "value", status) or ""
