package io.ddiffusion.worker.providers.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddiffusion.core.json.Json;
import io.ddiffusion.worker.providers.MultipartBody;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What the OpenAI handlers send and read, as typed records. Handlers build the requests in pure methods (tests
 * check them); {@link OpenAiClient} turns them into HTTP bodies. Field names follow the OpenAI API reference.
 */
public final class OpenAiRequests {
    private OpenAiRequests() {
    }

    /** {@code POST /images/generations} (JSON). GPT image models always answer with {@code b64_json}. */
    public record ImageGeneration(String model, String prompt, String size, String quality) {
        ObjectNode json() {
            ObjectNode n = Json.MAPPER.createObjectNode();
            n.put("model", model).put("prompt", prompt).put("size", size).put("quality", quality).put("n", 1);
            return n;
        }
    }

    /**
     * {@code POST /images/edits} (multipart): one or more PNG {@code image[]} parts and an optional PNG {@code mask}
     * (applied to the first image; its transparent pixels mark the area to change).
     */
    public record ImageEdit(String model, String prompt, String size, String quality, List<byte[]> images,
            Optional<byte[]> mask) {
        public ImageEdit {
            images = List.copyOf(images);
        }

        MultipartBody multipart() {
            MultipartBody body = new MultipartBody().field("model", model).field("prompt", prompt)
                    .field("size", size).field("quality", quality);
            for (int i = 0; i < images.size(); i++) {
                body.file("image[]", "image-" + i + ".png", "image/png", images.get(i));
            }
            mask.ifPresent(m -> body.file("mask", "mask.png", "image/png", m));
            return body;
        }
    }

    /**
     * {@code POST /responses}: one user message of an {@code input_text} and {@code input_image}s (data URLs), with
     * the system prompt as {@code instructions} when there is one.
     */
    public record Response(String model, Optional<String> instructions, String text, List<String> imageUrls) {
        public Response {
            imageUrls = List.copyOf(imageUrls);
        }

        ObjectNode json() {
            ObjectNode n = Json.MAPPER.createObjectNode().put("model", model);
            instructions.ifPresent(i -> n.put("instructions", i));
            ObjectNode message = n.putArray("input").addObject().put("role", "user");
            ArrayNode content = message.putArray("content");
            content.addObject().put("type", "input_text").put("text", text);
            for (String url : imageUrls) {
                content.addObject().put("type", "input_image").put("image_url", url);
            }
            return n;
        }
    }

    /**
     * {@code POST /chat/completions} on an OpenAI-compatible server (vLLM, llama-server): an optional system message
     * and one user message of text, {@code image_url} and (vLLM) {@code video_url} parts, all data URLs.
     */
    public record ChatCompletion(String model, Optional<String> system, String text, List<String> imageUrls,
            List<String> videoUrls, int maxTokens) {
        public ChatCompletion {
            imageUrls = List.copyOf(imageUrls);
            videoUrls = List.copyOf(videoUrls);
        }

        ObjectNode json() {
            ObjectNode n = Json.MAPPER.createObjectNode().put("model", model);
            ArrayNode messages = n.putArray("messages");
            system.ifPresent(s -> messages.addObject().put("role", "system").put("content", s));
            ArrayNode content = messages.addObject().put("role", "user").putArray("content");
            content.addObject().put("type", "text").put("text", text);
            for (String url : imageUrls) {
                content.addObject().put("type", "image_url").putObject("image_url").put("url", url);
            }
            for (String url : videoUrls) {
                content.addObject().put("type", "video_url").putObject("video_url").put("url", url);
            }
            n.put("max_tokens", maxTokens);
            return n;
        }
    }

    /** {@code POST /videos} (multipart): prompt, model, size, seconds and an optional {@code input_reference} PNG. */
    public record VideoCreate(String model, String prompt, String size, String seconds,
            Optional<byte[]> inputReference) {
        MultipartBody multipart() {
            MultipartBody body = new MultipartBody().field("model", model).field("prompt", prompt)
                    .field("size", size).field("seconds", seconds);
            inputReference.ifPresent(r -> body.file("input_reference", "reference.png", "image/png", r));
            return body;
        }
    }

    /**
     * A video job as {@code GET /videos/{id}} reports it: status {@code queued}, {@code in_progress},
     * {@code completed} or {@code failed}, an approximate percentage, the error when it failed, and how long the API
     * asks clients to wait before the next poll ({@code openai-poll-after-ms}), when it says.
     */
    public record Video(String id, String status, int progress, Optional<String> error, Optional<Duration> pollAfter) {
        public boolean finished() {
            return status.equals("completed") || status.equals("failed");
        }

        static Video from(JsonNode n, Optional<Duration> pollAfter) {
            JsonNode e = n.path("error");
            Optional<String> error = e.isObject()
                    ? Optional.of(e.path("message").asText("no message") + (e.hasNonNull("code")
                            ? " (" + e.path("code").asText() + ")" : ""))
                    : Optional.empty();
            return new Video(n.path("id").asText(""), n.path("status").asText(""), n.path("progress").asInt(0),
                    error, pollAfter);
        }
    }
}
