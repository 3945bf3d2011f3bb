"""deferred-diffusion in Nuke: the DDImage, DDVideo, DDText and DDWorkflow gizmos call these functions.

Network work (submit, polling, downloads) runs on a background thread per node; every change to nodes and knobs is
handed to Nuke's main thread (nuke.executeInMainThread). Headless scripts (`nuke -t`) call generate() then join().
"""
from .tools import cancel, generate, join, on_create, refresh_models  # noqa: F401
from .workflow import load_workflow  # noqa: F401
