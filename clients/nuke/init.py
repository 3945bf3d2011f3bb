# deferred-diffusion for Nuke: put this folder on NUKE_PATH (or add `nuke.pluginAddPath("<this folder>")` to your
# ~/.nuke/init.py). Needs DDIFFUSION_API_ADDRESS and DDIFFUSION_API_KEY in the environment; nothing to pip-install.
import os
import sys

import nuke

HERE = os.path.dirname(os.path.abspath(__file__))
nuke.pluginAddPath(os.path.join(HERE, "gizmos"))
sys.path.insert(0, os.path.join(HERE, "python"))
# why: the SDK is either copied next to this folder's python/ (a studio install) or found in the repository layout
for candidate in (os.path.join(HERE, "python"), os.path.join(os.path.dirname(HERE), "python")):
    if os.path.isdir(os.path.join(candidate, "ddiffusion_client")):
        if candidate not in sys.path:
            sys.path.insert(0, candidate)
        break
