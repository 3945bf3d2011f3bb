package io.ddiffusion.worker.models;

import io.ddiffusion.worker.models.hub.HubFile;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One named file of a local model (its role, such as {@code unet} or {@code vision_encoder}), either pinned to a Hub
 * commit with its size and sha256, or honestly marked as not pinned yet, with what is missing.
 *
 * @param role what the pipeline uses the file for
 * @param repo the Hub repository
 * @param path the file's path in the repository
 * @param file the pinned file, when commit, size and sha256 are all verified
 * @param missing what keeps an unpinned component from being pinned (empty when pinned)
 */
public record ModelComponent(String role, String repo, String path, Optional<HubFile> file, String missing) {

    private static final Pattern ROLE = Pattern.compile("[a-z][a-z0-9_]*");

    public ModelComponent {
        if (role == null || !ROLE.matcher(role).matches()) {
            throw new IllegalArgumentException("a component role is lowercase letters, digits and '_', not: " + role);
        }
        Objects.requireNonNull(repo);
        Objects.requireNonNull(path);
        Objects.requireNonNull(missing);
        if (file.isPresent() != missing.isEmpty()) {
            throw new IllegalArgumentException("component " + role + " must be either pinned or say what is missing");
        }
        file.ifPresent(f -> {
            if (!f.repo().equals(repo) || !f.path().equals(path)) {
                throw new IllegalArgumentException("component " + role + " pins another file: " + f);
            }
        });
    }

    /** A component pinned to a commit, with the file's exact size and sha256. */
    public static ModelComponent pinned(String role, String repo, String revision, String path, long size,
            String sha256) {
        return new ModelComponent(role, repo, path, Optional.of(new HubFile(repo, revision, path, size, sha256)), "");
    }

    /** A component whose pin is not verified yet; {@code missing} says what is unknown (shown to users). */
    public static ModelComponent unpinned(String role, String repo, String path, String missing) {
        if (missing == null || missing.isBlank()) {
            throw new IllegalArgumentException("say what is missing to pin component " + role);
        }
        return new ModelComponent(role, repo, path, Optional.empty(), missing);
    }

    /** Whether commit, size and sha256 are pinned. */
    public boolean isPinned() {
        return file.isPresent();
    }

    /** {@code repo@commit:path} (commit shortened to 12) when pinned, {@code repo:path} otherwise. */
    public String where() {
        return file.map(HubFile::toString).orElse(repo + ":" + path);
    }
}
