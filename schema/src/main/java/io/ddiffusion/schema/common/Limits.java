package io.ddiffusion.schema.common;

/**
 * Every bound the API enforces on request fields, in one place so the constraints, the OpenAPI document and the
 * messages agree. Sizes of decoded inputs and whole bodies are configurable at run time (see the API settings).
 */
public final class Limits {
    public static final int MIN_DIMENSION = 64;
    public static final int MAX_DIMENSION = 4096;
    public static final int MAX_PROMPT_CHARS = 10_000;
    public static final int MAX_REFERENCES = 10;
    public static final int MAX_TEXT_IMAGES = 10;
    public static final int MAX_TEXT_VIDEOS = 2;
    public static final int MIN_FRAMES = 24;
    public static final int MAX_FRAMES = 250;
    /** Seeds are unsigned 32-bit, what every provider and local pipeline accepts. */
    public static final long MAX_SEED = 4_294_967_295L;
    public static final int MAX_WORKFLOW_NODES = 2_000;
    /** The workflow graph as JSON (what is sent to ComfyUI), excluding patch values, which have their own limits. */
    public static final int MAX_WORKFLOW_BYTES = 4 * 1024 * 1024;
    public static final int MAX_PATCHES = 100;
    /** A webhook URL's length: what browsers and proxies commonly accept. */
    public static final int MAX_WEBHOOK_URL_CHARS = 2048;
    /** The original's cap on one base64 field: 100 MiB of base64 text. */
    public static final int MAX_BASE64_CHARS = 104_857_600;
    /**
     * What every media field takes besides base64, appended to its description: an upload's reference or a URL.
     */
    public static final String OR_REFERENCE = "; or \"upload:<id>\" naming a file this API key sent to POST "
            + "/api/uploads (consumed by the task); or an https:// URL the server fetches, when "
            + "DDIFFUSION_ALLOW_INPUT_URLS is on";
    /**
     * The largest image a local upscaler may produce, unless {@link #MAX_UPSCALED_PIXELS_VARIABLE} says otherwise:
     * workers stop there, and the API refuses inputs whose upscaled size would pass it.
     */
    public static final int DEFAULT_MAX_UPSCALED_PIXELS = 8192 * 8192;
    public static final String MAX_UPSCALED_PIXELS_VARIABLE = "DDIFFUSION_ESRGAN_MAX_OUTPUT_PIXELS";

    private Limits() {
    }
}
