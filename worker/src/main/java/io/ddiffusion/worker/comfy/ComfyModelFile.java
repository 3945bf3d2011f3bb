package io.ddiffusion.worker.comfy;

import io.ddiffusion.worker.models.ModelComponent;
import io.ddiffusion.worker.models.ModelComponent.Recorded;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One weight file a pinned workflow loads: where it comes from on the Hub, what is recorded about it, and the ComfyUI
 * models folder it belongs in. It becomes a {@linkplain ModelComponent#pinned pinned} component only when a full
 * commit, the exact size and the sha256 are all known; otherwise it is {@linkplain ModelComponent#unpinned unpinned}
 * with what is missing, keeping what is recorded so a maintainer can finish the pin with {@code ./ddiffusion models
 * pin}.
 *
 * @param role the manifest role (unique within a model)
 * @param folder the ComfyUI models folder the loaders read it from
 * @param repo the Hugging Face repository
 * @param path the file's path in the repository; its last segment is the name the graphs load
 * @param commit the commit as recorded: 40 hex when known in full, a prefix when a source gives only that, or empty
 * @param size the exact size in bytes, when a source records it
 * @param sha256 the sha256, when a source records it
 * @param source who records size and sha256 (shown with an unpinned file)
 */
public record ComfyModelFile(String role, ComfyFolder folder, String repo, String path, String commit,
        Optional<Long> size, Optional<String> sha256, String source) {

    private static final Pattern FULL_COMMIT = Pattern.compile("[0-9a-f]{40}");

    public ComfyModelFile {
        Objects.requireNonNull(role);
        Objects.requireNonNull(folder);
        Objects.requireNonNull(repo);
        Objects.requireNonNull(path);
        Objects.requireNonNull(commit);
        Objects.requireNonNull(source);
        if (!commit.matches("[0-9a-f]{0,40}")) {
            throw new IllegalArgumentException("a commit is lowercase hex: " + commit);
        }
        sha256.ifPresent(s -> {
            if (!s.matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException("a sha256 is 64 lowercase hex: " + s);
            }
        });
    }

    /** A file of which nothing but its place is known (no commit, size or sha256 recorded anywhere we could read). */
    public static ComfyModelFile unrecorded(String role, ComfyFolder folder, String repo, String path) {
        return new ComfyModelFile(role, folder, repo, path, "", Optional.empty(), Optional.empty(), "");
    }

    /** A file whose size and sha256 a source records, at a commit known in full or by a prefix. */
    public static ComfyModelFile recorded(String role, ComfyFolder folder, String repo, String commit, String path,
            long size, String sha256, String source) {
        return new ComfyModelFile(role, folder, repo, path, commit, Optional.of(size), Optional.of(sha256), source);
    }

    /** The name ComfyUI's loader nodes take: the file name in its models folder. */
    public String fileName() {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** Whether commit, size and sha256 are all known, so the file can be downloaded and verified. */
    public boolean isPinned() {
        return FULL_COMMIT.matcher(commit).matches() && size.isPresent() && sha256.isPresent();
    }

    /** The manifest component: pinned when everything is known, else unpinned saying what is missing. */
    public ModelComponent component() {
        if (isPinned()) {
            return ModelComponent.pinned(role, repo, commit, path, size.orElseThrow(), sha256.orElseThrow());
        }
        return ModelComponent.unpinned(role, repo, path, new Recorded(commit, size, sha256), missing());
    }

    private String missing() {
        List<String> gaps = new ArrayList<>();
        if (commit.isEmpty()) {
            gaps.add("no commit recorded");
        } else if (!FULL_COMMIT.matcher(commit).matches()) {
            gaps.add("commit known only by its prefix " + commit);
        }
        if (sha256.isEmpty()) {
            gaps.add("no sha256 recorded");
        }
        if (size.isEmpty()) {
            gaps.add("no exact size recorded");
        }
        String known = sha256.map(s -> "; recorded: sha256 " + s.substring(0, 12) + "…"
                + size.map(b -> String.format(Locale.ROOT, ", %,d bytes", b)).orElse("")
                + (source.isEmpty() ? "" : " (" + source + ")")).orElse("");
        return String.join(", ", gaps) + known;
    }
}
