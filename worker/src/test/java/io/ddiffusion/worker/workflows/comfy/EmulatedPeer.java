package io.ddiffusion.worker.workflows.comfy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddiffusion.core.json.Json;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** One client's WebSocket in the {@link ComfyEmulator}; muted, it sends nothing (pongs included) but stays open. */
final class EmulatedPeer {
    private final Socket socket;
    volatile boolean muted;

    EmulatedPeer(Socket socket) {
        this.socket = socket;
    }

    /** A JSON text frame {@code {type, data}}, as ComfyUI's send_json. */
    void send(String type, JsonNode data) {
        ObjectNode m = Json.MAPPER.createObjectNode().put("type", type);
        m.set("data", data);
        frame(1, m.toString().getBytes(StandardCharsets.UTF_8));
    }

    synchronized void frame(int opcode, byte[] payload) {
        if (muted && opcode != 8) {
            return;
        }
        try {
            RawHttp.frame(socket.getOutputStream(), opcode, payload);
        } catch (IOException e) {
            close();
        }
    }

    void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }
}
