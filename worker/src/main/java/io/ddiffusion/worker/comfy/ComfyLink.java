package io.ddiffusion.worker.comfy;

import java.util.Objects;

/**
 * An input fed by another node's output: in API format the pair {@code ["nodeId", outputIndex]}.
 *
 * @param node the id of the node whose output it is
 * @param output the output's index in that node's outputs
 */
public record ComfyLink(String node, int output) {

    public ComfyLink {
        Objects.requireNonNull(node);
        if (output < 0) {
            throw new IllegalArgumentException("an output index is not negative: " + output);
        }
    }
}
