package io.ddiffusion.worker.models.tokenizers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Reads the files Hugging Face tokenizer folders ship: {@code vocab.json}, {@code vocab.txt}, and the two config JSONs. */
final class TokenizerFiles {

    static final String SPECIAL_TOKENS_MAP = "special_tokens_map.json";
    static final String TOKENIZER_CONFIG = "tokenizer_config.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    private TokenizerFiles() {
    }

    /** A {@code vocab.json}: one object mapping each token to its id. */
    static Map<String, Integer> jsonVocab(Path file) {
        JsonNode root = json(file).orElseThrow(() -> new TokenizerException("tokenizer file not found: " + file));
        if (!root.isObject() || root.isEmpty()) {
            throw new TokenizerException(file + " is not a JSON object of token ids");
        }
        Map<String, Integer> vocab = new HashMap<>(root.size() * 2);
        for (Map.Entry<String, JsonNode> entry : root.properties()) {
            if (!entry.getValue().canConvertToInt() || entry.getValue().intValue() < 0) {
                throw new TokenizerException(file + ": the id of token " + entry.getKey() + " is not a non-negative int");
            }
            vocab.put(entry.getKey(), entry.getValue().intValue());
        }
        return vocab;
    }

    /** A {@code vocab.txt}: one token per line, the id being the line number from 0. */
    static Map<String, Integer> lineVocab(Path file) {
        List<String> lines = lines(file);
        Map<String, Integer> vocab = new HashMap<>(lines.size() * 2);
        for (int id = 0; id < lines.size(); id++) {
            String token = lines.get(id).strip();
            if (!token.isEmpty()) {
                vocab.putIfAbsent(token, id);
            }
        }
        if (vocab.isEmpty()) {
            throw new TokenizerException(file + " holds no tokens");
        }
        return vocab;
    }

    static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new TokenizerException("tokenizer file not found: " + file, e);
        } catch (IOException e) {
            throw new TokenizerException("cannot read tokenizer file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * A special token named {@code key} ("pad_token"…) from {@code special_tokens_map.json}, else from
     * {@code tokenizer_config.json}; either file may be absent. Both the plain-string and the
     * {@code {"content": …}} forms are read.
     */
    static Optional<String> specialToken(Path directory, String key) {
        for (String name : List.of(SPECIAL_TOKENS_MAP, TOKENIZER_CONFIG)) {
            Optional<String> token = json(directory.resolve(name)).map(root -> root.get(key)).flatMap(TokenizerFiles::content);
            if (token.isPresent()) {
                return token;
            }
        }
        return Optional.empty();
    }

    /** An int setting of {@code tokenizer_config.json} ("model_max_length"…), when the file and key exist. */
    static OptionalInt configInt(Path directory, String key) {
        JsonNode value = json(directory.resolve(TOKENIZER_CONFIG)).map(root -> root.get(key)).orElse(null);
        return value != null && value.canConvertToInt() ? OptionalInt.of(value.intValue()) : OptionalInt.empty();
    }

    /** A boolean setting of {@code tokenizer_config.json} ("do_lower_case"…), when the file and key exist. */
    static Optional<Boolean> configBoolean(Path directory, String key) {
        return json(directory.resolve(TOKENIZER_CONFIG)).map(root -> root.get(key)).filter(JsonNode::isBoolean)
                .map(JsonNode::booleanValue);
    }

    private static Optional<String> content(JsonNode node) {
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (node.isTextual()) {
            return Optional.of(node.textValue());
        }
        JsonNode content = node.get("content");
        return content != null && content.isTextual() ? Optional.of(content.textValue()) : Optional.empty();
    }

    private static Optional<JsonNode> json(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readTree(file.toFile()));
        } catch (IOException e) {
            throw new TokenizerException("tokenizer file " + file + " is not valid JSON: " + e.getMessage(), e);
        }
    }
}
