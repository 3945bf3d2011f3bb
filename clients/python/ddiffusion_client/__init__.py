"""deferred-diffusion's Python client: standard library only, Python 3.9+, so it drops into Nuke's and Houdini's
Python without pip.

    from ddiffusion_client import Client, ImageRequest, ImageModel
    client = Client()                      # DDIFFUSION_API_ADDRESS, DDIFFUSION_API_KEY
    task = client.images_create(ImageRequest(model=ImageModel.FLUX_1_PRO, prompt="a lighthouse at dusk"))
    done = client.wait(task, on_progress=print)
    client.download_outputs(done, "renders/")

Inputs can be given as file paths (pathlib.Path): they are read and base64-encoded for you.
"""
from ._generated import *  # noqa: F401,F403 - the typed models and enums are the package's API
from ._generated import API_VERSION, GeneratedApi  # noqa: F401
from .client import Client, DOMAINS, FINISHED, TaskEvent  # noqa: F401
from .errors import (  # noqa: F401
    ApiError, AuthenticationError, DDiffusionError, NotFoundError, PermissionDeniedError, RateLimitedError,
    ServiceUnavailableError, TaskFailedError, ValidationError, WaitTimeoutError)
