package io.ddiffusion.worker.workflows.comfy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddiffusion.core.json.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * One prompt in the {@link ComfyEmulator}, run as execution.py runs it: {@code execution_start},
 * {@code execution_cached}, then per node {@code executing} (samplers add {@code progress} and a binary preview,
 * output nodes {@code executed}), then {@code execution_success} — sent before the history entry is written — and
 * finally {@code executing} with no node. A failing node sends {@code execution_error}; an interrupt
 * {@code execution_interrupted} to every socket; both leave an error history entry.
 */
final class EmulatedPrompt {
    final String id;
    final int number;
    private final ComfyEmulator comfy;
    private final ObjectNode graph;
    private final String clientId;
    private final ComfyPlan plan;
    private final ArrayNode messages = Json.MAPPER.createArrayNode();
    private final List<String> executed = new ArrayList<>();
    volatile boolean interrupted;

    EmulatedPrompt(ComfyEmulator comfy, String id, int number, ObjectNode graph, String clientId, ComfyPlan plan) {
        this.comfy = comfy;
        this.id = id;
        this.number = number;
        this.graph = graph;
        this.clientId = clientId;
        this.plan = plan;
    }

    /** {@code [number, prompt_id, prompt, extra_data, outputs_to_execute]}, as /queue lists it. */
    JsonNode queueEntry() {
        ArrayNode e = Json.MAPPER.createArrayNode().add(number).add(id);
        e.add(graph);
        e.addObject().put("client_id", clientId);
        e.addArray();
        return e;
    }

    void run() throws InterruptedException {
        send("execution_start", data().put("timestamp", System.currentTimeMillis()), true);
        ObjectNode cached = data();
        cached.putArray("nodes");
        send("execution_cached", cached.put("timestamp", System.currentTimeMillis()), true);
        ObjectNode outputs = Json.MAPPER.createObjectNode();
        List<String> ids = new ArrayList<>();
        graph.fieldNames().forEachRemaining(ids::add);
        ids.sort(ComfyOutputs::byNodeId);
        for (String node : ids) {
            String type = graph.path(node).path("class_type").asText();
            if (interrupted) {
                end("execution_interrupted", node, type);
                return;
            }
            send("executing", data().put("node", node).put("display_node", node), false);
            if (node.equals(plan.failNode())) {
                end("execution_error", node, type);
                return;
            }
            if (type.startsWith("KSampler")) {
                for (int step = 1; step <= plan.steps(); step++) {
                    Thread.sleep(plan.stepDelayMs());
                    if (interrupted) {
                        end("execution_interrupted", node, type);
                        return;
                    }
                    send("progress", data().put("value", step).put("max", plan.steps()).put("node", node), false);
                    comfy.sockets.computeIfPresent(clientId, (k, p) -> {
                        p.frame(2, new byte[] {0, 0, 0, 1, 0, 0, 0, 2, (byte) 0x89, 'P', 'N', 'G'});
                        return p;
                    });
                    afterStep(step);
                }
            }
            if (ComfyEmulator.OUTPUT_NODES.contains(type) && !plan.noOutputs()) {
                ObjectNode out = output(node, type);
                outputs.set(node, out);
                ObjectNode ex = data().put("node", node).put("display_node", node);
                ex.set("output", out);
                send("executed", ex, false);
            }
            executed.add(node);
        }
        ObjectNode success = data().put("timestamp", System.currentTimeMillis());
        send("execution_success", success, true);
        Thread.sleep(plan.historyDelayMs());
        writeHistory("success", true, outputs);
        if (!plan.dropFinalEvent()) {
            send("executing", data().putNull("node"), false);
        }
        comfy.ended(id);
    }

    private void afterStep(int step) {
        if (step == plan.dropSocketAtStep()) {
            EmulatedPeer p = comfy.sockets.remove(clientId);
            if (p != null) {
                p.frame(8, new byte[] {0x03, (byte) 0xe9}); // 1001 going away, as a server restarting its socket
                p.close();
            }
        }
        if (step == plan.muteSocketAtStep()) {
            EmulatedPeer p = comfy.sockets.get(clientId);
            if (p != null) {
                p.muted = true;
            }
        }
    }

    private ObjectNode output(String node, String type) {
        List<ComfyPlan.File> files = plan.outputs() != null && plan.outputs().containsKey(node)
                ? plan.outputs().get(node) : switch (type) {
                    case "PreviewImage" -> List.of(ComfyPlan.File.temp("ComfyUI_temp_" + node + "_00001_.png"));
                    case "SaveVideo" -> List.of(ComfyPlan.File.mp4("ComfyUI_" + node + "_00001_.mp4"));
                    default -> List.of(ComfyPlan.File.png("ComfyUI_" + node + "_00001_.png"));
                };
        ObjectNode out = Json.MAPPER.createObjectNode();
        ArrayNode images = out.putArray("images");
        boolean animated = false;
        for (ComfyPlan.File f : files) {
            comfy.files.put(f);
            images.addObject().put("filename", f.filename()).put("subfolder", f.subfolder()).put("type", f.type());
            animated |= f.video();
        }
        if (animated) {
            out.putArray("animated").add(true); // why: SaveVideo's output carries this flag, not a file
        }
        return out;
    }

    private void end(String event, String node, String type) {
        ObjectNode d = data().put("node_id", node).put("node_type", type);
        ArrayNode done = d.putArray("executed");
        executed.forEach(done::add);
        if (event.equals("execution_error")) {
            d.put("exception_message", plan.failMessage()).put("exception_type", plan.failType());
            d.putArray("traceback").add("  File \"execution.py\", line 1, in execute\n");
            d.putObject("current_inputs");
            d.putObject("current_outputs");
        }
        d.put("timestamp", System.currentTimeMillis());
        // why: ComfyUI broadcasts an interruption to every socket, but sends an error to its client only
        if (event.equals("execution_interrupted")) {
            messages.addArray().add(event).add(d);
            comfy.broadcast(event, d);
        } else {
            send(event, d, true);
        }
        writeHistory("error", false, Json.MAPPER.createObjectNode());
        send("executing", data().putNull("node"), false);
        comfy.ended(id);
    }

    private void writeHistory(String status, boolean completed, ObjectNode outputs) {
        ObjectNode h = Json.MAPPER.createObjectNode();
        ArrayNode prompt = h.putArray("prompt").add(number).add(id);
        prompt.add(graph);
        prompt.addObject().put("client_id", clientId);
        prompt.addArray();
        h.set("outputs", outputs);
        h.putObject("status").put("status_str", status).put("completed", completed).set("messages", messages);
        ObjectNode meta = h.putObject("meta");
        outputs.fieldNames().forEachRemaining(n -> meta.putObject(n).put("node_id", n).put("display_node", n)
                .putNull("parent_node").put("real_node_id", n));
        comfy.history.put(id, h);
    }

    private ObjectNode data() {
        return Json.MAPPER.createObjectNode().put("prompt_id", id);
    }

    /** Sends to the prompt's client; {@code recorded} events also go into the history's status messages. */
    private void send(String type, ObjectNode d, boolean recorded) {
        if (recorded) {
            messages.addArray().add(type).add(d);
        }
        comfy.send(clientId, type, d);
    }
}
