package io.ddiffusion.worker.workflows.comfy;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A ComfyUI release number ({@code system.comfyui_version} of {@code /system_stats}, e.g. "0.9.2" or "v0.3.64"). */
public record ComfyVersion(int major, int minor, int patch) implements Comparable<ComfyVersion> {
    /**
     * The oldest ComfyUI the worker accepts: the release the original's sidecar image pins (v0.9.2, commit 8f40b43e).
     * why: the protocol we rely on is older (a client's own {@code prompt_id} in {@code POST /prompt} since
     * 2025-07, {@code POST /interrupt {prompt_id}} interrupting only that prompt since 0.3.57); older releases
     * would interrupt whatever runs on the sidecar when a task is cancelled.
     */
    public static final ComfyVersion MINIMUM = new ComfyVersion(0, 9, 2);
    private static final Pattern VERSION = Pattern.compile("v?(\\d+)\\.(\\d+)(?:\\.(\\d+))?.*");

    /** The version in {@code text}; empty when it is not a release number ("unknown", a commit). */
    public static Optional<ComfyVersion> parse(String text) {
        Matcher m = VERSION.matcher(text == null ? "" : text.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ComfyVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                    m.group(3) == null ? 0 : Integer.parseInt(m.group(3))));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    @Override
    public int compareTo(ComfyVersion o) {
        int c = Integer.compare(major, o.major);
        c = c != 0 ? c : Integer.compare(minor, o.minor);
        return c != 0 ? c : Integer.compare(patch, o.patch);
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patch;
    }
}
