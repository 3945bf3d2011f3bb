# Generated from clients/openapi.json by clients/python/generate.py: do not edit; regenerate instead.
"""Typed models and one method per operation of the deferred-diffusion API 0.1.0."""
from __future__ import annotations

import dataclasses
import enum
from typing import Any, Dict, List, Optional

from ._runtime import Model, ApiBase

API_VERSION = "0.1.0"


@dataclasses.dataclass
class AdminModels(Model):
    """AdminModels"""
    images: Optional[Dict[str, ImagesModelInfo]] = dataclasses.field(default=None, metadata={'json': 'images', 'convert': ['dict', 'ImagesModelInfo']})
    texts: Optional[Dict[str, TextsModelInfo]] = dataclasses.field(default=None, metadata={'json': 'texts', 'convert': ['dict', 'TextsModelInfo']})
    videos: Optional[Dict[str, VideosModelInfo]] = dataclasses.field(default=None, metadata={'json': 'videos', 'convert': ['dict', 'VideosModelInfo']})


@dataclasses.dataclass
class AdminTaskResponse(Model):
    """AdminTaskResponse"""
    id: Optional[str] = dataclasses.field(default=None, metadata={'json': 'id', 'convert': 'any'})
    name: Optional[str] = dataclasses.field(default=None, metadata={'json': 'name', 'convert': 'any'})
    status: Optional[TaskStatus] = dataclasses.field(default=None, metadata={'json': 'status', 'convert': 'TaskStatus'})
    identity: Optional[Identity] = dataclasses.field(default=None, metadata={'json': 'identity', 'convert': 'Identity'})
    output: Optional[List[str]] = dataclasses.field(default=None, metadata={'json': 'output', 'convert': ['list', 'any']})
    text: Optional[str] = dataclasses.field(default=None, metadata={'json': 'text', 'convert': 'any'})
    error_message: Optional[str] = dataclasses.field(default=None, metadata={'json': 'error_message', 'convert': 'any'})
    logs: Optional[List[str]] = dataclasses.field(default=None, metadata={'json': 'logs', 'convert': ['list', 'any']})
    task_info: Optional[TaskInfo] = dataclasses.field(default=None, metadata={'json': 'task_info', 'convert': 'TaskInfo'})


@dataclasses.dataclass
class AdminTaskSummary(Model):
    """AdminTaskSummary"""
    id: Optional[str] = dataclasses.field(default=None, metadata={'json': 'id', 'convert': 'any'})
    name: Optional[str] = dataclasses.field(default=None, metadata={'json': 'name', 'convert': 'any'})
    status: Optional[TaskStatus] = dataclasses.field(default=None, metadata={'json': 'status', 'convert': 'TaskStatus'})
    identity: Optional[Identity] = dataclasses.field(default=None, metadata={'json': 'identity', 'convert': 'Identity'})
    error_message: Optional[str] = dataclasses.field(default=None, metadata={'json': 'error_message', 'convert': 'any'})
    task_info: Optional[TaskInfo] = dataclasses.field(default=None, metadata={'json': 'task_info', 'convert': 'TaskInfo'})


@dataclasses.dataclass
class ApiKey(Model):
    """ApiKey"""
    key_id: Optional[str] = dataclasses.field(default=None, metadata={'json': 'key_id', 'convert': 'any'})
    name: Optional[str] = dataclasses.field(default=None, metadata={'json': 'name', 'convert': 'any'})
    created_at: Optional[str] = dataclasses.field(default=None, metadata={'json': 'created_at', 'convert': 'any'})


@dataclasses.dataclass
class Capabilities(Model):
    """Capabilities"""
    can_run: Optional[List[str]] = dataclasses.field(default=None, metadata={'json': 'can_run', 'convert': ['list', 'any']})
    cannot_run: Optional[Dict[str, str]] = dataclasses.field(default=None, metadata={'json': 'cannot_run', 'convert': ['dict', 'any']})


@dataclasses.dataclass
class DeleteResponse(Model):
    """DeleteResponse"""
    id: Optional[str] = dataclasses.field(default=None, metadata={'json': 'id', 'convert': 'any'})
    status: Optional[TaskStatus] = dataclasses.field(default=None, metadata={'json': 'status', 'convert': 'TaskStatus'})
    message: Optional[str] = dataclasses.field(default=None, metadata={'json': 'message', 'convert': 'any'})


@dataclasses.dataclass
class Health(Model):
    """Health"""
    status: Optional[str] = dataclasses.field(default=None, metadata={'json': 'status', 'convert': 'any'})


@dataclasses.dataclass
class Identity(Model):
    """Identity"""
    user_id: Optional[str] = dataclasses.field(default=None, metadata={'json': 'user_id', 'convert': 'any'})
    machine_id: Optional[str] = dataclasses.field(default=None, metadata={'json': 'machine_id', 'convert': 'any'})
    client_ip: Optional[str] = dataclasses.field(default=None, metadata={'json': 'client_ip', 'convert': 'any'})
    key_name: Optional[str] = dataclasses.field(default=None, metadata={'json': 'key_name', 'convert': 'any'})
    key_id: Optional[str] = dataclasses.field(default=None, metadata={'json': 'key_id', 'convert': 'any'})


@dataclasses.dataclass
class ImageCreateResponse(Model):
    """ImageCreateResponse"""
    id: Optional[str] = dataclasses.field(default=None, metadata={'json': 'id', 'convert': 'any'})
    status: Optional[TaskStatus] = dataclasses.field(default=None, metadata={'json': 'status', 'convert': 'TaskStatus'})


class ImageModel(str, enum.Enum):
    SD_XL = "sd-xl"
    FLUX_1 = "flux-1"
    FLUX_2 = "flux-2"
    FLUX_2_KLEIN = "flux-2-klein"
    QWEN_IMAGE = "qwen-image"
    Z_IMAGE = "z-image"
    DEPTH_ANYTHING_2 = "depth-anything-2"
    SAM_2 = "sam-2"
    SAM_3 = "sam-3"
    REAL_ESRGAN_X4 = "real-esrgan-x4"
    GPT_IMAGE_1 = "gpt-image-1"
    RUNWAY_GEN_4 = "runway-gen-4"
    FLUX_1_PRO = "flux-1-pro"
    FLUX_2_PRO = "flux-2-pro"
    TOPAZLABS_UPSCALE = "topazlabs-upscale"
    GEMINI_2 = "gemini-2"
    GEMINI_3 = "gemini-3"
    SEEDREAM_4 = "seedream-4"


@dataclasses.dataclass
class ImageModelsResponse(Model):
    """ImageModelsResponse"""
    models: Optional[Dict[str, ImagesModelInfo]] = dataclasses.field(default=None, metadata={'json': 'models', 'convert': ['dict', 'ImagesModelInfo']})


@dataclasses.dataclass
class ImageReference(Model):
    """ImageReference"""
    # Base64-encoded image (PNG, JPEG, WebP, TIFF or EXR); or "upload:<id>" naming a file this API key sent to POST /api/uploads (consumed by the task); or an https:// URL the server fetches, when DDIFFUSIO
    image: str = dataclasses.field(metadata={'json': 'image', 'convert': 'any'})


@dataclasses.dataclass
class ImageRequest(Model):
    """ImageRequest"""
    model: ImageModel = dataclasses.field(metadata={'json': 'model', 'convert': 'ImageModel'})
    # default "Detailed, 8k, photorealistic"; max length 10000
    prompt: Optional[str] = dataclasses.field(default=None, metadata={'json': 'prompt', 'convert': 'any'})
    # default 720; min 64; max 4096
    height: Optional[int] = dataclasses.field(default=None, metadata={'json': 'height', 'convert': 'any'})
    # default 1280; min 64; max 4096
    width: Optional[int] = dataclasses.field(default=None, metadata={'json': 'width', 'convert': 'any'})
    # default 42; min 0; max 4294967295
    seed: Optional[int] = dataclasses.field(default=None, metadata={'json': 'seed', 'convert': 'any'})
    # default 0.5; min 0.0; max 1.0
    strength: Optional[float] = dataclasses.field(default=None, metadata={'json': 'strength', 'convert': 'any'})
    # Base64-encoded input image; selects image-to-image; or "upload:<id>" naming a file this API key sent to POST /api/uploads (consumed by the task); or an https:// URL the server fetches, when DDIFFUSION
    image: Optional[str] = dataclasses.field(default=None, metadata={'json': 'image', 'convert': 'any'})
    # Base64-encoded greyscale mask, white = area to change; requires image; or "upload:<id>" naming a file this API key sent to POST /api/uploads (consumed by the task); or an https:// URL the server fetch
    mask: Optional[str] = dataclasses.field(default=None, metadata={'json': 'mask', 'convert': 'any'})
    # max items 10
    references: Optional[List[ImageReference]] = dataclasses.field(default=None, metadata={'json': 'references', 'convert': ['list', 'ImageReference']})
    # HTTPS URL the server POSTs the task's GET body to, signed per Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature); retried with backoff for about a day; max length 2048
    webhook: Optional[str] = dataclasses.field(default=None, metadata={'json': 'webhook', 'convert': 'any'})
    # Which events call the webhook (default: completed); needs webhook; max items 4
    webhook_events_filter: Optional[List[WebhookEvent]] = dataclasses.field(default=None, metadata={'json': 'webhook_events_filter', 'convert': ['list', 'WebhookEvent']})


@dataclasses.dataclass
class ImageResponse(Model):
    """ImageResponse"""
    id: Optional[str] = dataclasses.field(default=None, metadata={'json': 'id', 'convert': 'any'})
    status: Optional[TaskStatus] = dataclasses.field(default=None, metadata={'json': 'status', 'convert': 'TaskStatus'})
    output: Optional[List[str]] = dataclasses.field(default=None, metadata={'json': 'output', 'convert': ['list', 'any']})
    error_message: Optional[str] = dataclasses.field(default=None, metadata={'json': 'error_message', 'convert': 'any'})
    logs: Optional[List[str]] = dataclasses.field(default=None, metadata={'json': 'logs', 'convert': ['list', 'any']})
    task_info: Optional[TaskInfo] = dataclasses.field(default=None, metadata={'json': 'task_info', 'convert': 'TaskInfo'})


@dataclasses.dataclass
class ImagesModelInfo(Model):
    """ImagesModelInfo"""
    external: Optional[bool] = dataclasses.field(default=None, metadata={'json': 'external', 'convert': 'any'})
    provider: Optional[Provider] = dataclasses.field(default=None, metadata={'json': 'provider', 'convert': 'Provider'})
    text_to_image: Optional[bool] = dataclasses.field(default=None, metadata={'json': 'text_to_image', 'convert': 'any'})
    image_to_image: Optional[bool] = dataclasses.field(default=None, metadata={'json': 'image_to_image', 'convert': 'any'})
    inpainting: Optional[bool] = dataclasses.field(default=None, metadata={'json': 'inpainting', 'convert': 'any'})
    references: Optional[bool] = dataclasses.field(default=None, metadata={'json': 'references', 'convert': 'any'})
    description: Optional[str] = dataclasses.field(default=None, metadata={'json': 'description', 'convert': 'any'})
    # Whether this installation can run the model now (its provider is configured)
    available: Optional[bool] = dataclasses.field(default=None, metadata={'json': 'available', 'convert': 'any'})
    # Why not, naming what to configure
    unavailable_reason: Optional[str] = dataclasses.field(default=None, metadata={'json': 'unavailable_reason', 'convert': 'any'})


@dataclasses.dataclass
class KeyCreated(Model):
    """KeyCreated"""
    api_key: Optional[str] = dataclasses.field(default=None, metadata={'json': 'api_key', 'convert': 'any'})
    name: Optional[str] = dataclasses.field(default=None, metadata={'json': 'name', 'convert': 'any'})
    key_id: Optional[str] = dataclasses.field(default=None, metadata={'json': 'key_id', 'convert': 'any'})


@dataclasses.dataclass
class KeyDeleted(Model):
    """KeyDeleted"""
    deleted: Optional[bool] = dataclasses.field(default=None, metadata={'json': 'deleted', 'convert': 'any'})


@dataclasses.dataclass
class Patch(Model):
    """Patch"""
    # max length 200
    title: str = dataclasses.field(metadata={'json': 'title', 'convert': 'any'})
    class_type: PatchClassType = dataclasses.field(metadata={'json': 'class_type', 'convert': 'PatchClassType'})
    # int, number, string, or base64 for LoadImage/LoadVideo; or "upload:<id>" naming a file this API key sent to POST /api/uploads (consumed by the task); or an https:// URL the server fetches, when DDIFFU
    value: Optional[Any] = dataclasses.field(default=None, metadata={'json': 'value', 'convert': 'any'})


class PatchClassType(str, enum.Enum):
    PRIMITIVEINT = "PrimitiveInt"
    PRIMITIVEFLOAT = "PrimitiveFloat"
    PRIMITIVESTRINGMULTILINE = "PrimitiveStringMultiline"
    PRIMITIVESTRING = "PrimitiveString"
    PRIMITIVEBOOLEAN = "PrimitiveBoolean"
    LOADIMAGE = "LoadImage"
    LOADVIDEO = "LoadVideo"


@dataclasses.dataclass
class Progress(Model):
    """Progress"""
    step: Optional[int] = dataclasses.field(default=None, metadata={'json': 'step', 'convert': 'any'})
    total: Optional[int] = dataclasses.field(default=None, metadata={'json': 'total', 'convert': 'any'})


class Provider(str, enum.Enum):
    LOCAL = "local"
    OPENAI = "openai"
    REPLICATE = "replicate"


@dataclasses.dataclass
class QueuePosition(Model):
    """QueuePosition"""
    position: Optional[int] = dataclasses.field(default=None, metadata={'json': 'position', 'convert': 'any'})
    queue: Optional[str] = dataclasses.field(default=None, metadata={'json': 'queue', 'convert': 'any'})
    total: Optional[int] = dataclasses.field(default=None, metadata={'json': 'total', 'convert': 'any'})


@dataclasses.dataclass
class QueueSummary(Model):
    """QueueSummary"""
    queue: Optional[str] = dataclasses.field(default=None, metadata={'json': 'queue', 'convert': 'any'})
    waiting: Optional[int] = dataclasses.field(default=None, metadata={'json': 'waiting', 'convert': 'any'})
    # 0 when nothing waits
    oldest_wait_seconds: Optional[float] = dataclasses.field(default=None, metadata={'json': 'oldest_wait_seconds', 'convert': 'any'})
    workers: Optional[int] = dataclasses.field(default=None, metadata={'json': 'workers', 'convert': 'any'})
    # Tasks the live workers of this queue run at once, together
    slots: Optional[int] = dataclasses.field(default=None, metadata={'json': 'slots', 'convert': 'any'})


@dataclasses.dataclass
class Ready(Model):
    """Ready"""
    status: Optional[str] = dataclasses.field(default=None, metadata={'json': 'status', 'convert': 'any'})
    broker: Optional[str] = dataclasses.field(default=None, metadata={'json': 'broker', 'convert': 'any'})
    persistence: Optional[str] = dataclasses.field(default=None, metadata={'json': 'persistence', 'convert': 'any'})
    warnings: Optional[List[str]] = dataclasses.field(default=None, metadata={'json': 'warnings', 'convert': ['list', 'any']})


class SystemPrompt(str, enum.Enum):
    NONE = "NONE"
    BASE = "BASE"
    IMAGE_OPTIMIZER = "IMAGE_OPTIMIZER"
    VIDEO_OPTIMIZER = "VIDEO_OPTIMIZER"
    VIDEO_TRANSITION = "VIDEO_TRANSITION"


@dataclasses.dataclass
class TaskInfo(Model):
    """Task details: timestamps, worker, runtime, retries, queue position and progress"""
    name: Optional[str] = dataclasses.field(default=None, metadata={'json': 'name', 'convert': 'any'})
    queue: Optional[str] = dataclasses.field(default=None, metadata={'json': 'queue', 'convert': 'any'})
    state: Optional[str] = dataclasses.field(default=None, metadata={'json': 'state', 'convert': 'any'})
    received: Optional[str] = dataclasses.field(default=None, metadata={'json': 'received', 'convert': 'any'})
    started: Optional[str] = dataclasses.field(default=None, metadata={'json': 'started', 'convert': 'any'})
    succeeded: Optional[str] = dataclasses.field(default=None, metadata={'json': 'succeeded', 'convert': 'any'})
    failed: Optional[str] = dataclasses.field(default=None, metadata={'json': 'failed', 'convert': 'any'})
    revoked: Optional[str] = dataclasses.field(default=None, metadata={'json': 'revoked', 'convert': 'any'})
    worker: Optional[str] = dataclasses.field(default=None, metadata={'json': 'worker', 'convert': 'any'})
    # Seconds between start and finish (or now, while running)
    runtime: Optional[float] = dataclasses.field(default=None, metadata={'json': 'runtime', 'convert': 'any'})
    # How many times the task was reclaimed from a worker that stopped
    retries: Optional[int] = dataclasses.field(default=None, metadata={'json': 'retries', 'convert': 'any'})
    queue_position: Optional[QueuePosition] = dataclasses.field(default=None, metadata={'json': 'queue_position', 'convert': 'QueuePosition'})
    progress: Optional[Progress] = dataclasses.field(default=None, metadata={'json': 'progress', 'convert': 'Progress'})
    user_id: Optional[str] = dataclasses.field(default=None, metadata={'json': 'user_id', 'convert': 'any'})
    machine_id: Optional[str] = dataclasses.field(default=None, metadata={'json': 'machine_id', 'convert': 'any'})
    # The webhook's events and deliveries, when the create request named a webhook
    webhook: Optional[WebhookInfo] = dataclasses.field(default=None, metadata={'json': 'webhook', 'convert': 'WebhookInfo'})


class TaskStatus(str, enum.Enum):
    PENDING = "PENDING"
    RECEIVED = "RECEIVED"
    STARTED = "STARTED"
    SUCCESS = "SUCCESS"
    FAILURE = "FAILURE"
    RETRY = "RETRY"
    REVOKED = "REVOKED"
    REJECTED = "REJECTED"
    IGNORED = "IGNORED"


@dataclasses.dataclass
class TextCreateResponse(Model):
    """TextCreateResponse"""
    id: Optional[str] = dataclasses.field(default=None, metadata={'json': 'id', 'convert': 'any'})
    status: Optional[TaskStatus] = dataclasses.field(default=None, metadata={'json': 'status', 'convert': 'TaskStatus'})


class TextModel(str, enum.Enum):
    QWEN_2 = "qwen-2"
    GPT_4O = "gpt-4o"
    GPT_4 = "gpt-4"
    GPT_5 = "gpt-5"


@dataclasses.dataclass
class TextModelsResponse(Model):
    """TextModelsResponse"""
    models: Optional[Dict[str, TextsModelInfo]] = dataclasses.field(default=None, metadata={'json': 'models', 'convert': ['dict', 'TextsModelInfo']})


@dataclasses.dataclass
class TextRequest(Model):
    """TextRequest"""
    # default "qwen-2"
    model: Optional[TextModel] = dataclasses.field(default=None, metadata={'json': 'model', 'convert': 'TextModel'})
    # default ""; max length 10000
    prompt: Optional[str] = dataclasses.field(default=None, metadata={'json': 'prompt', 'convert': 'any'})
    # default "BASE"
    system_prompt: Optional[SystemPrompt] = dataclasses.field(default=None, metadata={'json': 'system_prompt', 'convert': 'SystemPrompt'})
    # Base64-encoded images; or "upload:<id>" naming a file this API key sent to POST /api/uploads (consumed by the task); or an https:// URL the server fetches, when DDIFFUSION_ALLOW_INPUT_URLS is on; max 
    images: Optional[List[str]] = dataclasses.field(default=None, metadata={'json': 'images', 'convert': ['list', 'any']})
    # Base64-encoded MP4/MOV videos; only models that read videos accept them; or "upload:<id>" naming a file this API key sent to POST /api/uploads (consumed by the task); or an https:// URL the server fet
    videos: Optional[List[str]] = dataclasses.field(default=None, metadata={'json': 'videos', 'convert': ['list', 'any']})
    # HTTPS URL the server POSTs the task's GET body to, signed per Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature); retried with backoff for about a day; max length 2048
    webhook: Optional[str] = dataclasses.field(default=None, metadata={'json': 'webhook', 'convert': 'any'})
    # Which events call the webhook (default: completed); needs webhook; max items 4
    webhook_events_filter: Optional[List[WebhookEvent]] = dataclasses.field(default=None, metadata={'json': 'webhook_events_filter', 'convert': ['list', 'WebhookEvent']})


@dataclasses.dataclass
class TextResponse(Model):
    """TextResponse"""
    id: Optional[str] = dataclasses.field(default=None, metadata={'json': 'id', 'convert': 'any'})
    status: Optional[TaskStatus] = dataclasses.field(default=None, metadata={'json': 'status', 'convert': 'TaskStatus'})
    output: Optional[str] = dataclasses.field(default=None, metadata={'json': 'output', 'convert': 'any'})
    error_message: Optional[str] = dataclasses.field(default=None, metadata={'json': 'error_message', 'convert': 'any'})
    logs: Optional[List[str]] = dataclasses.field(default=None, metadata={'json': 'logs', 'convert': ['list', 'any']})
    task_info: Optional[TaskInfo] = dataclasses.field(default=None, metadata={'json': 'task_info', 'convert': 'TaskInfo'})


@dataclasses.dataclass
class TextsModelInfo(Model):
    """TextsModelInfo"""
    provider: Optional[Provider] = dataclasses.field(default=None, metadata={'json': 'provider', 'convert': 'Provider'})
    external: Optional[bool] = dataclasses.field(default=None, metadata={'json': 'external', 'convert': 'any'})
    videos: Optional[bool] = dataclasses.field(default=None, metadata={'json': 'videos', 'convert': 'any'})
    description: Optional[str] = dataclasses.field(default=None, metadata={'json': 'description', 'convert': 'any'})
    # Whether this installation can run the model now (its provider is configured)
    available: Optional[bool] = dataclasses.field(default=None, metadata={'json': 'available', 'convert': 'any'})
    # Why not, naming what to configure
    unavailable_reason: Optional[str] = dataclasses.field(default=None, metadata={'json': 'unavailable_reason', 'convert': 'any'})


@dataclasses.dataclass
class Unavailable(Model):
    """Unavailable"""
    status: Optional[str] = dataclasses.field(default=None, metadata={'json': 'status', 'convert': 'any'})
    detail: Optional[str] = dataclasses.field(default=None, metadata={'json': 'detail', 'convert': 'any'})


@dataclasses.dataclass
class UploadResponse(Model):
    """A stored upload. Name it as "upload:<id>" in any image, video, mask or reference field of a task this API key creates before expires_at; the first task that uses it consumes it."""
    # Unguessable id (128 random bits, 32 hex digits)
    id: str = dataclasses.field(metadata={'json': 'id', 'convert': 'any'})
    # The type its bytes were recognised as, e.g. image/png
    media_type: str = dataclasses.field(metadata={'json': 'media_type', 'convert': 'any'})
    # Size in bytes
    size: int = dataclasses.field(metadata={'json': 'size', 'convert': 'any'})
    # When it is deleted unless a task used it first
    expires_at: str = dataclasses.field(metadata={'json': 'expires_at', 'convert': 'any'})
    # Width the image header declares (absent for a video)
    width: Optional[int] = dataclasses.field(default=None, metadata={'json': 'width', 'convert': 'any'})
    # Height the image header declares (absent for a video)
    height: Optional[int] = dataclasses.field(default=None, metadata={'json': 'height', 'convert': 'any'})


@dataclasses.dataclass
class ValidationProblem(Model):
    """ValidationProblem"""
    loc: Optional[List[Any]] = dataclasses.field(default=None, metadata={'json': 'loc', 'convert': ['list', 'any']})
    msg: Optional[str] = dataclasses.field(default=None, metadata={'json': 'msg', 'convert': 'any'})
    type: Optional[str] = dataclasses.field(default=None, metadata={'json': 'type', 'convert': 'any'})


@dataclasses.dataclass
class VideoCreateResponse(Model):
    """VideoCreateResponse"""
    id: Optional[str] = dataclasses.field(default=None, metadata={'json': 'id', 'convert': 'any'})
    status: Optional[TaskStatus] = dataclasses.field(default=None, metadata={'json': 'status', 'convert': 'TaskStatus'})


class VideoModel(str, enum.Enum):
    LTX_VIDEO = "ltx-video"
    WAN_2 = "wan-2"
    HUNYUAN_VIDEO_1 = "hunyuan-video-1"
    SAM_3 = "sam-3"
    RUNWAY_GEN_4 = "runway-gen-4"
    RUNWAY_UPSCALE = "runway-upscale"
    SEEDANCE_1 = "seedance-1"
    KLING_2 = "kling-2"
    VEO_3 = "veo-3"
    SORA_2 = "sora-2"
    HAILUO_2 = "hailuo-2"


@dataclasses.dataclass
class VideoModelsResponse(Model):
    """VideoModelsResponse"""
    models: Optional[Dict[str, VideosModelInfo]] = dataclasses.field(default=None, metadata={'json': 'models', 'convert': ['dict', 'VideosModelInfo']})


@dataclasses.dataclass
class VideoRequest(Model):
    """VideoRequest"""
    model: VideoModel = dataclasses.field(metadata={'json': 'model', 'convert': 'VideoModel'})
    # default "Slow camera zoom in, 4k, high quality, cinematic, realistic"; max length 10000
    prompt: Optional[str] = dataclasses.field(default=None, metadata={'json': 'prompt', 'convert': 'any'})
    # default 480; min 64; max 4096
    height: Optional[int] = dataclasses.field(default=None, metadata={'json': 'height', 'convert': 'any'})
    # default 854; min 64; max 4096
    width: Optional[int] = dataclasses.field(default=None, metadata={'json': 'width', 'convert': 'any'})
    # default 48; min 24; max 250
    num_frames: Optional[int] = dataclasses.field(default=None, metadata={'json': 'num_frames', 'convert': 'any'})
    # default 42; min 0; max 4294967295
    seed: Optional[int] = dataclasses.field(default=None, metadata={'json': 'seed', 'convert': 'any'})
    # Base64-encoded first frame / conditioning image; or "upload:<id>" naming a file this API key sent to POST /api/uploads (consumed by the task); or an https:// URL the server fetches, when DDIFFUSION_AL
    image: Optional[str] = dataclasses.field(default=None, metadata={'json': 'image', 'convert': 'any'})
    # Base64-encoded last frame; requires image; or "upload:<id>" naming a file this API key sent to POST /api/uploads (consumed by the task); or an https:// URL the server fetches, when DDIFFUSION_ALLOW_IN
    last_image: Optional[str] = dataclasses.field(default=None, metadata={'json': 'last_image', 'convert': 'any'})
    # Base64-encoded MP4/MOV video; selects video-to-video; or "upload:<id>" naming a file this API key sent to POST /api/uploads (consumed by the task); or an https:// URL the server fetches, when DDIFFUSI
    video: Optional[str] = dataclasses.field(default=None, metadata={'json': 'video', 'convert': 'any'})
    # default false
    generate_audio: Optional[bool] = dataclasses.field(default=None, metadata={'json': 'generate_audio', 'convert': 'any'})
    # HTTPS URL the server POSTs the task's GET body to, signed per Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature); retried with backoff for about a day; max length 2048
    webhook: Optional[str] = dataclasses.field(default=None, metadata={'json': 'webhook', 'convert': 'any'})
    # Which events call the webhook (default: completed); needs webhook; max items 4
    webhook_events_filter: Optional[List[WebhookEvent]] = dataclasses.field(default=None, metadata={'json': 'webhook_events_filter', 'convert': ['list', 'WebhookEvent']})


@dataclasses.dataclass
class VideoResponse(Model):
    """VideoResponse"""
    id: Optional[str] = dataclasses.field(default=None, metadata={'json': 'id', 'convert': 'any'})
    status: Optional[TaskStatus] = dataclasses.field(default=None, metadata={'json': 'status', 'convert': 'TaskStatus'})
    output: Optional[List[str]] = dataclasses.field(default=None, metadata={'json': 'output', 'convert': ['list', 'any']})
    error_message: Optional[str] = dataclasses.field(default=None, metadata={'json': 'error_message', 'convert': 'any'})
    logs: Optional[List[str]] = dataclasses.field(default=None, metadata={'json': 'logs', 'convert': ['list', 'any']})
    task_info: Optional[TaskInfo] = dataclasses.field(default=None, metadata={'json': 'task_info', 'convert': 'TaskInfo'})


@dataclasses.dataclass
class VideosModelInfo(Model):
    """VideosModelInfo"""
    external: Optional[bool] = dataclasses.field(default=None, metadata={'json': 'external', 'convert': 'any'})
    provider: Optional[Provider] = dataclasses.field(default=None, metadata={'json': 'provider', 'convert': 'Provider'})
    text_to_video: Optional[bool] = dataclasses.field(default=None, metadata={'json': 'text_to_video', 'convert': 'any'})
    image_to_video: Optional[bool] = dataclasses.field(default=None, metadata={'json': 'image_to_video', 'convert': 'any'})
    video_to_video: Optional[bool] = dataclasses.field(default=None, metadata={'json': 'video_to_video', 'convert': 'any'})
    last_image: Optional[bool] = dataclasses.field(default=None, metadata={'json': 'last_image', 'convert': 'any'})
    audio: Optional[bool] = dataclasses.field(default=None, metadata={'json': 'audio', 'convert': 'any'})
    description: Optional[str] = dataclasses.field(default=None, metadata={'json': 'description', 'convert': 'any'})
    # Whether this installation can run the model now (its provider is configured)
    available: Optional[bool] = dataclasses.field(default=None, metadata={'json': 'available', 'convert': 'any'})
    # Why not, naming what to configure
    unavailable_reason: Optional[str] = dataclasses.field(default=None, metadata={'json': 'unavailable_reason', 'convert': 'any'})


@dataclasses.dataclass
class WebhookDeliveryInfo(Model):
    """The latest webhook message of one event kind"""
    event: Optional[WebhookEvent] = dataclasses.field(default=None, metadata={'json': 'event', 'convert': 'WebhookEvent'})
    # The message's webhook-id, the same on every retry
    id: Optional[str] = dataclasses.field(default=None, metadata={'json': 'id', 'convert': 'any'})
    state: Optional[str] = dataclasses.field(default=None, metadata={'json': 'state', 'convert': 'any'})
    attempts: Optional[int] = dataclasses.field(default=None, metadata={'json': 'attempts', 'convert': 'any'})
    response_status: Optional[int] = dataclasses.field(default=None, metadata={'json': 'response_status', 'convert': 'any'})
    error: Optional[str] = dataclasses.field(default=None, metadata={'json': 'error', 'convert': 'any'})
    next_attempt_at: Optional[str] = dataclasses.field(default=None, metadata={'json': 'next_attempt_at', 'convert': 'any'})
    delivered_at: Optional[str] = dataclasses.field(default=None, metadata={'json': 'delivered_at', 'convert': 'any'})


class WebhookEvent(str, enum.Enum):
    START = "start"
    PROGRESS = "progress"
    LOGS = "logs"
    COMPLETED = "completed"


@dataclasses.dataclass
class WebhookInfo(Model):
    """The task's webhook: the events asked for and each kind's latest message"""
    events: Optional[List[WebhookEvent]] = dataclasses.field(default=None, metadata={'json': 'events', 'convert': ['list', 'WebhookEvent']})
    deliveries: Optional[List[WebhookDeliveryInfo]] = dataclasses.field(default=None, metadata={'json': 'deliveries', 'convert': ['list', 'WebhookDeliveryInfo']})


@dataclasses.dataclass
class WorkerStatus(Model):
    """WorkerStatus"""
    id: Optional[str] = dataclasses.field(default=None, metadata={'json': 'id', 'convert': 'any'})
    host: Optional[str] = dataclasses.field(default=None, metadata={'json': 'host', 'convert': 'any'})
    queues: Optional[Dict[str, int]] = dataclasses.field(default=None, metadata={'json': 'queues', 'convert': ['dict', 'any']})
    running: Optional[int] = dataclasses.field(default=None, metadata={'json': 'running', 'convert': 'any'})
    loaded_models: Optional[List[str]] = dataclasses.field(default=None, metadata={'json': 'loaded_models', 'convert': ['list', 'any']})
    device: Optional[str] = dataclasses.field(default=None, metadata={'json': 'device', 'convert': 'any'})
    started_at: Optional[str] = dataclasses.field(default=None, metadata={'json': 'started_at', 'convert': 'any'})
    updated_at: Optional[str] = dataclasses.field(default=None, metadata={'json': 'updated_at', 'convert': 'any'})
    capabilities: Optional[Capabilities] = dataclasses.field(default=None, metadata={'json': 'capabilities', 'convert': 'Capabilities'})


@dataclasses.dataclass
class WorkflowCreateResponse(Model):
    """WorkflowCreateResponse"""
    id: Optional[str] = dataclasses.field(default=None, metadata={'json': 'id', 'convert': 'any'})
    status: Optional[TaskStatus] = dataclasses.field(default=None, metadata={'json': 'status', 'convert': 'TaskStatus'})


@dataclasses.dataclass
class WorkflowRequest(Model):
    """WorkflowRequest"""
    # ComfyUI API-format workflow
    workflow: Optional[Dict[str, Dict[str, Any]]] = dataclasses.field(default=None, metadata={'json': 'workflow', 'convert': ['dict', 'any']})
    # max items 100
    patches: Optional[List[Patch]] = dataclasses.field(default=None, metadata={'json': 'patches', 'convert': ['list', 'Patch']})
    # HTTPS URL the server POSTs the task's GET body to, signed per Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature); retried with backoff for about a day; max length 2048
    webhook: Optional[str] = dataclasses.field(default=None, metadata={'json': 'webhook', 'convert': 'any'})
    # Which events call the webhook (default: completed); needs webhook; max items 4
    webhook_events_filter: Optional[List[WebhookEvent]] = dataclasses.field(default=None, metadata={'json': 'webhook_events_filter', 'convert': ['list', 'WebhookEvent']})


@dataclasses.dataclass
class WorkflowResponse(Model):
    """WorkflowResponse"""
    id: Optional[str] = dataclasses.field(default=None, metadata={'json': 'id', 'convert': 'any'})
    status: Optional[TaskStatus] = dataclasses.field(default=None, metadata={'json': 'status', 'convert': 'TaskStatus'})
    output: Optional[List[str]] = dataclasses.field(default=None, metadata={'json': 'output', 'convert': ['list', 'any']})
    error_message: Optional[str] = dataclasses.field(default=None, metadata={'json': 'error_message', 'convert': 'any'})
    logs: Optional[List[str]] = dataclasses.field(default=None, metadata={'json': 'logs', 'convert': ['list', 'any']})
    task_info: Optional[TaskInfo] = dataclasses.field(default=None, metadata={'json': 'task_info', 'convert': 'TaskInfo'})


class GeneratedApi(ApiBase):
    """One method per operation, named by its operation id."""

    def root__get(self) -> Any:
        """Swagger UI (GET /)."""
        return self._call("GET", "/", result='any')

    def keys_list(self) -> List[ApiKey]:
        """List API keys (GET /api/admin/keys)."""
        return self._call("GET", "/api/admin/keys", result=['list', 'ApiKey'])

    def keys_create(self, name: str) -> KeyCreated:
        """Create an API key (POST /api/admin/keys)."""
        return self._call("POST", "/api/admin/keys", query={"name": name}, result='KeyCreated')

    def keys_delete(self, key_id: str) -> KeyDeleted:
        """Revoke an API key (DELETE /api/admin/keys/{key_id})."""
        return self._call("DELETE", "/api/admin/keys/{key_id}", path_params={"key_id": key_id}, result='KeyDeleted')

    def admin_models_list(self) -> AdminModels:
        """List every model (GET /api/admin/models)."""
        return self._call("GET", "/api/admin/models", result='AdminModels')

    def admin_queues_list(self) -> List[QueueSummary]:
        """List queues (GET /api/admin/queues)."""
        return self._call("GET", "/api/admin/queues", result=['list', 'QueueSummary'])

    def admin_tasks_list(self, limit: Optional[str] = None, status: Optional[TaskStatus] = None) -> List[AdminTaskSummary]:
        """List recent tasks (GET /api/admin/tasks)."""
        return self._call("GET", "/api/admin/tasks", query={"limit": limit, "status": status}, result=['list', 'AdminTaskSummary'])

    def admin_tasks_get(self, id: str) -> AdminTaskResponse:
        """Get any task (GET /api/admin/tasks/{id})."""
        return self._call("GET", "/api/admin/tasks/{id}", path_params={"id": id}, result='AdminTaskResponse')

    def admin_tasks_delete(self, id: str) -> DeleteResponse:
        """Cancel any task (DELETE /api/admin/tasks/{id})."""
        return self._call("DELETE", "/api/admin/tasks/{id}", path_params={"id": id}, result='DeleteResponse')

    def admin_tasks_events(self, id: str, last_event_id: Optional[str] = None) -> bytes:
        """Watch any task (GET /api/admin/tasks/{id}/events)."""
        return self._call("GET", "/api/admin/tasks/{id}/events", path_params={"id": id}, headers={"Last-Event-ID": last_event_id}, binary=True)

    def admin_workers_list(self) -> List[WorkerStatus]:
        """List live workers (GET /api/admin/workers)."""
        return self._call("GET", "/api/admin/workers", result=['list', 'WorkerStatus'])

    def files_get(self, file_id: str, expires: int, sig: str, range: Optional[str] = None) -> bytes:
        """Download a file through a signed URL (GET /api/files/{file_id})."""
        return self._call("GET", "/api/files/{file_id}", path_params={"file_id": file_id}, query={"expires": expires, "sig": sig}, headers={"Range": range}, binary=True)

    def images_create(self, body: ImageRequest, idempotency_key: Optional[str] = None) -> ImageCreateResponse:
        """Create image task (POST /api/images)."""
        return self._call("POST", "/api/images", headers={"Idempotency-Key": idempotency_key}, body=body, result='ImageCreateResponse')

    def images_list_models(self) -> ImageModelsResponse:
        """List image models (GET /api/images/models)."""
        return self._call("GET", "/api/images/models", result='ImageModelsResponse')

    def images_get(self, id: str) -> ImageResponse:
        """Get image task (GET /api/images/{id})."""
        return self._call("GET", "/api/images/{id}", path_params={"id": id}, result='ImageResponse')

    def images_delete(self, id: str) -> DeleteResponse:
        """Cancel image task (DELETE /api/images/{id})."""
        return self._call("DELETE", "/api/images/{id}", path_params={"id": id}, result='DeleteResponse')

    def images_events(self, id: str, last_event_id: Optional[str] = None) -> bytes:
        """Watch image task (GET /api/images/{id}/events)."""
        return self._call("GET", "/api/images/{id}/events", path_params={"id": id}, headers={"Last-Event-ID": last_event_id}, binary=True)

    def texts_create(self, body: TextRequest, idempotency_key: Optional[str] = None) -> TextCreateResponse:
        """Create text task (POST /api/texts)."""
        return self._call("POST", "/api/texts", headers={"Idempotency-Key": idempotency_key}, body=body, result='TextCreateResponse')

    def texts_list_models(self) -> TextModelsResponse:
        """List text models (GET /api/texts/models)."""
        return self._call("GET", "/api/texts/models", result='TextModelsResponse')

    def texts_get(self, id: str) -> TextResponse:
        """Get text task (GET /api/texts/{id})."""
        return self._call("GET", "/api/texts/{id}", path_params={"id": id}, result='TextResponse')

    def texts_delete(self, id: str) -> DeleteResponse:
        """Cancel text task (DELETE /api/texts/{id})."""
        return self._call("DELETE", "/api/texts/{id}", path_params={"id": id}, result='DeleteResponse')

    def texts_events(self, id: str, last_event_id: Optional[str] = None) -> bytes:
        """Watch text task (GET /api/texts/{id}/events)."""
        return self._call("GET", "/api/texts/{id}/events", path_params={"id": id}, headers={"Last-Event-ID": last_event_id}, binary=True)

    def uploads_create(self, data: bytes, content_type: str = "application/octet-stream") -> UploadResponse:
        """Upload an input file (POST /api/uploads)."""
        return self._call("POST", "/api/uploads", body=data, content_type=content_type, result='UploadResponse')

    def videos_create(self, body: VideoRequest, idempotency_key: Optional[str] = None) -> VideoCreateResponse:
        """Create video task (POST /api/videos)."""
        return self._call("POST", "/api/videos", headers={"Idempotency-Key": idempotency_key}, body=body, result='VideoCreateResponse')

    def videos_list_models(self) -> VideoModelsResponse:
        """List video models (GET /api/videos/models)."""
        return self._call("GET", "/api/videos/models", result='VideoModelsResponse')

    def videos_get(self, id: str) -> VideoResponse:
        """Get video task (GET /api/videos/{id})."""
        return self._call("GET", "/api/videos/{id}", path_params={"id": id}, result='VideoResponse')

    def videos_delete(self, id: str) -> DeleteResponse:
        """Cancel video task (DELETE /api/videos/{id})."""
        return self._call("DELETE", "/api/videos/{id}", path_params={"id": id}, result='DeleteResponse')

    def videos_events(self, id: str, last_event_id: Optional[str] = None) -> bytes:
        """Watch video task (GET /api/videos/{id}/events)."""
        return self._call("GET", "/api/videos/{id}/events", path_params={"id": id}, headers={"Last-Event-ID": last_event_id}, binary=True)

    def workflows_create(self, body: WorkflowRequest, idempotency_key: Optional[str] = None) -> WorkflowCreateResponse:
        """Create workflow task (POST /api/workflows)."""
        return self._call("POST", "/api/workflows", headers={"Idempotency-Key": idempotency_key}, body=body, result='WorkflowCreateResponse')

    def workflows_get(self, id: str) -> WorkflowResponse:
        """Get workflow task (GET /api/workflows/{id})."""
        return self._call("GET", "/api/workflows/{id}", path_params={"id": id}, result='WorkflowResponse')

    def workflows_delete(self, id: str) -> DeleteResponse:
        """Cancel workflow task (DELETE /api/workflows/{id})."""
        return self._call("DELETE", "/api/workflows/{id}", path_params={"id": id}, result='DeleteResponse')

    def workflows_events(self, id: str, last_event_id: Optional[str] = None) -> bytes:
        """Watch workflow task (GET /api/workflows/{id}/events)."""
        return self._call("GET", "/api/workflows/{id}/events", path_params={"id": id}, headers={"Last-Event-ID": last_event_id}, binary=True)

    def health_health_get(self) -> Health:
        """Health (GET /health)."""
        return self._call("GET", "/health", result='Health')

    def health_ready(self) -> Ready:
        """Readiness (GET /health/ready)."""
        return self._call("GET", "/health/ready", result='Ready')
