"""Where inputs are rendered to and results downloaded to, and the rendering of a node input to a file."""
import os
import re
import tempfile

import nuke


def _safe(name):
    return re.sub(r"[^A-Za-z0-9_.-]", "_", name)


def results_folder(node):
    """<script folder>/deferred-diffusion/<node>/, or a temporary folder while the script is unsaved."""
    script = nuke.root()["name"].value()
    base = os.path.dirname(script) if script else os.path.join(tempfile.gettempdir(), "deferred-diffusion-untitled")
    folder = os.path.join(base, "deferred-diffusion", _safe(node.name()))
    os.makedirs(folder, exist_ok=True)
    return folder


def render_video_input(node, index, folder, first, last):
    """Renders what feeds input `index` over frames first..last to an H.264 MP4 (what video models take); None when
    nothing is connected."""
    upstream = node.input(index)
    if upstream is None:
        return None
    if last < first:
        raise ValueError("the video input's last frame (%d) is before its first (%d)" % (last, first))
    path = os.path.join(folder, "%s_input%d.mp4" % (_safe(node.name()), index)).replace("\\", "/")
    write = nuke.nodes.Write(file=path, file_type="mov")
    try:
        codec = write.knob("mov64_codec")
        if codec is not None:
            codec.setValue("h264")
        write.setInput(0, upstream)
        nuke.execute(write, first, last)
    finally:
        nuke.delete(write)
    return path


def render_input(node, index, folder, linear=False):
    """Renders what feeds input `index` at the current frame to a file (PNG, or 32-bit EXR when `linear`, so
    values above 1.0 are not clamped); None when nothing is connected."""
    upstream = node.input(index)
    if upstream is None:
        return None
    extension = "exr" if linear else "png"
    path = os.path.join(folder, "%s_input%d.%s" % (_safe(node.name()), index, extension)).replace("\\", "/")
    write = nuke.nodes.Write(file=path, file_type=extension)
    try:
        if linear:
            write["datatype"].setValue("32 bit float")
        write.setInput(0, upstream)
        frame = nuke.frame()
        nuke.execute(write, frame, frame)
    finally:
        nuke.delete(write)
    return path
