"""deferred-diffusion in Houdini (20.5 and 21, Copernicus): the DDImage, DDVideo, DDText and DDWorkflow tools.

Each tool is a COP subnet built by create() with its parameters as spare parameters and a File COP inside that
loads the result. Network work runs on a background thread; every change to nodes and parameters runs on Houdini's
main thread (hdefereval in the UI; at once in hython). Headless scripts call generate() then join().
"""
from .tools import cancel, create, generate, join, load_workflow, refresh_models  # noqa: F401
