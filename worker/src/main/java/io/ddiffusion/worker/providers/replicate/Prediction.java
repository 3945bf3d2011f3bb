package io.ddiffusion.worker.providers.replicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.ArrayList;
import java.util.List;

/**
 * What Replicate says about one prediction: its id, status ({@code starting}, {@code processing}, {@code succeeded},
 * {@code failed}, {@code canceled}), output (a URL, a list of URLs, or null), error and the logs so far.
 */
public record Prediction(String id, String status, JsonNode output, String error, String logs) {

    static Prediction of(JsonNode n) {
        return new Prediction(text(n, "id"), text(n, "status"), n.has("output") ? n.get("output")
                : NullNode.getInstance(), text(n, "error"), text(n, "logs"));
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.path(field);
        return v.isNull() || v.isMissingNode() ? null : v.isTextual() ? v.asText() : v.toString();
    }

    /** The output's URLs in order: a single URL string, or each string of a list. */
    public List<String> outputUrls() {
        List<String> urls = new ArrayList<>();
        if (output == null) {
            return urls;
        }
        if (output.isTextual()) {
            urls.add(output.asText());
        } else if (output.isArray()) {
            output.forEach(item -> {
                if (item.isTextual()) {
                    urls.add(item.asText());
                }
            });
        }
        return urls;
    }
}
