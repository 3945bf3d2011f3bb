"""What a node shows: status colour and label (with progress and the last log line), the status and logs knobs."""
import nuke

COLOURS = {
    "PENDING": 0x5A6E8CFF, "RECEIVED": 0x5A6E8CFF, "STARTED": 0xC8822DFF, "SUCCESS": 0x3C963CFF,
    "FAILURE": 0xB43232FF, "REVOKED": 0x505050FF, "ERROR": 0xB43232FF,
}


def on_main(fn, *args):
    """Runs fn on Nuke's main thread: knobs must not be touched from the polling thread."""
    nuke.executeInMainThread(fn, args)


def show(node, update):
    """Shows a ddiffusion_client.dcc.Update on the node."""
    node["label"].setValue(update.label())
    node["tile_color"].setValue(COLOURS.get(update.status, 0x4A4A4AFF))
    node["status"].setValue(update.status + (": " + update.detail if update.detail else ""))
    if update.logs is not None:
        node["logs"].setValue("\n".join(update.logs))
