package io.ddiffusion.worker.workflows.comfy;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How the {@link ComfyEmulator} plays out the prompts queued after it is set: sampler steps and their pace, a node
 * that fails, the WebSocket dropped or gone silent at a step, the output files (default: one PNG per SaveImage, one
 * MP4 per SaveVideo, a temp PNG per PreviewImage), none at all, the delay between {@code execution_success} and the
 * history entry, and {@code node_errors} that make {@code POST /prompt} answer 400.
 */
public record ComfyPlan(int steps, long stepDelayMs, String failNode, String failType, String failMessage,
        int dropSocketAtStep, int muteSocketAtStep, Map<String, List<File>> outputs, boolean noOutputs,
        long historyDelayMs, Map<String, String> nodeErrors, boolean dropFinalEvent) {

    /** One file a node writes: its name, subfolder, {@code output} or {@code temp}, and its size. */
    public record File(String filename, String subfolder, String type, byte[] head, long size) {
        public static File png(String name) {
            return new File(name, "", "output", new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, 64);
        }

        public static File exr(String name) {
            return new File(name, "", "output", new byte[] {0x76, 0x2f, 0x31, 0x01}, 128);
        }

        public static File mp4(String name) {
            return new File(name, "video", "output", "\0\0\0\u0018ftypisom".getBytes(StandardCharsets.ISO_8859_1),
                    256);
        }

        public static File webm(String name) {
            return new File(name, "video", "output", new byte[] {0x1a, 0x45, (byte) 0xdf, (byte) 0xa3}, 96);
        }

        public static File temp(String name) {
            return new File(name, "", "temp", png(name).head(), 32);
        }

        /** A file of {@code size} bytes (made on the fly when served). */
        public File ofSize(long bytes) {
            return new File(filename, subfolder, type, head, bytes);
        }

        public boolean video() {
            return filename.matches(".*\\.(mp4|webm|mov)");
        }

        /** Byte {@code i} of the file: its head, then a pattern. */
        public byte at(long i) {
            return i < head.length ? head[(int) i] : (byte) (i * 31 + 7);
        }
    }

    public static ComfyPlan defaults() {
        return new ComfyPlan(3, 5, null, null, null, -1, -1, null, false, 30, Map.of(), false);
    }

    public ComfyPlan steps(int count, long delayMs) {
        return new ComfyPlan(count, delayMs, failNode, failType, failMessage, dropSocketAtStep, muteSocketAtStep,
                outputs, noOutputs, historyDelayMs, nodeErrors, dropFinalEvent);
    }

    /** Node {@code node} raises {@code type}: {@code message} when it runs. */
    public ComfyPlan fail(String node, String type, String message) {
        return new ComfyPlan(steps, stepDelayMs, node, type, message, dropSocketAtStep, muteSocketAtStep, outputs,
                noOutputs, historyDelayMs, nodeErrors, dropFinalEvent);
    }

    /** The server closes the client's WebSocket after sampler step {@code step}. */
    public ComfyPlan dropSocketAt(int step) {
        return new ComfyPlan(steps, stepDelayMs, failNode, failType, failMessage, step, muteSocketAtStep, outputs,
                noOutputs, historyDelayMs, nodeErrors, dropFinalEvent);
    }

    /** From sampler step {@code step} on, the client's WebSocket stays open but carries nothing, pongs included. */
    public ComfyPlan muteSocketAt(int step) {
        return new ComfyPlan(steps, stepDelayMs, failNode, failType, failMessage, dropSocketAtStep, step, outputs,
                noOutputs, historyDelayMs, nodeErrors, dropFinalEvent);
    }

    /** Node {@code node} writes {@code files} instead of its default output. */
    public ComfyPlan output(String node, File... files) {
        Map<String, List<File>> o = outputs == null ? new HashMap<>() : new HashMap<>(outputs);
        o.put(node, List.of(files));
        return new ComfyPlan(steps, stepDelayMs, failNode, failType, failMessage, dropSocketAtStep, muteSocketAtStep,
                Map.copyOf(o), noOutputs, historyDelayMs, nodeErrors, dropFinalEvent);
    }

    /** The prompt succeeds but its history lists no outputs. */
    public ComfyPlan withoutOutputs() {
        return new ComfyPlan(steps, stepDelayMs, failNode, failType, failMessage, dropSocketAtStep, muteSocketAtStep,
                outputs, true, historyDelayMs, nodeErrors, dropFinalEvent);
    }

    /**
     * The history entry is written {@code ms} after {@code execution_success} (default 30; ComfyUI writes it as soon
     * as the executor returns, so 0 is closest to it).
     */
    public ComfyPlan historyAfter(long ms) {
        return new ComfyPlan(steps, stepDelayMs, failNode, failType, failMessage, dropSocketAtStep, muteSocketAtStep,
                outputs, noOutputs, ms, nodeErrors, dropFinalEvent);
    }

    /** {@code POST /prompt} answers 400 with these per-node validation errors (node id → details). */
    public ComfyPlan invalid(Map<String, String> errors) {
        return new ComfyPlan(steps, stepDelayMs, failNode, failType, failMessage, dropSocketAtStep, muteSocketAtStep,
                outputs, noOutputs, historyDelayMs, Map.copyOf(errors), dropFinalEvent);
    }

    /** The final {@code executing} event (node null, sent once the history entry is written) never arrives. */
    public ComfyPlan withoutFinalEvent() {
        return new ComfyPlan(steps, stepDelayMs, failNode, failType, failMessage, dropSocketAtStep, muteSocketAtStep,
                outputs, noOutputs, historyDelayMs, nodeErrors, true);
    }
}
