package io.ddiffusion.worker.models;

import io.ddiffusion.worker.models.hub.HubFile;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One named file of a local model (its role, such as {@code unet} or {@code vision_encoder}): pinned to a Hub commit
 * with its size and sha256 by the build, pinned by this installation's {@linkplain ModelLock lock file}, or honestly
 * not pinned yet, saying what is missing and keeping what the build does record (a commit or its prefix, a size, a
 * sha256) for the lock rule to check against.
 *
 * @param role what the pipeline uses the file for
 * @param repo the Hub repository
 * @param path the file's path in the repository
 * @param file the pinned file, when commit, size and sha256 are all verified
 * @param missing what keeps an unpinned component from being pinned (empty when pinned)
 * @param recorded what the build records of the file (for a pinned one: its pin)
 * @param locked whether the pin comes from the lock file rather than from the build
 */
public record ModelComponent(String role, String repo, String path, Optional<HubFile> file, String missing,
        Recorded recorded, boolean locked) {

    private static final Pattern ROLE = Pattern.compile("[a-z][a-z0-9_]*");

    /**
     * What a build records of a file: the commit (40 hex, a prefix when a source gives only that, or empty), and the
     * size and sha256 when a source records them. A lock entry must agree with every recorded part.
     */
    public record Recorded(String commit, Optional<Long> size, Optional<String> sha256) {

        /** Nothing recorded. */
        public static final Recorded NOTHING = new Recorded("", Optional.empty(), Optional.empty());

        public Recorded {
            if (commit == null || !commit.matches("[0-9a-f]{0,40}")) {
                throw new IllegalArgumentException("a commit is lowercase hex: " + commit);
            }
            sha256.ifPresent(s -> {
                if (!s.matches("[0-9a-f]{64}")) {
                    throw new IllegalArgumentException("a sha256 is 64 lowercase hex: " + s);
                }
            });
        }

        /** Whether the commit is known in full. */
        public boolean fullCommit() {
            return commit.length() == 40;
        }

        /** Whether {@code pin} is at the recorded commit (or one starting with its prefix) with the recorded bytes. */
        public boolean admits(HubFile pin) {
            return pin.revision().startsWith(commit) && size.map(s -> s == pin.size()).orElse(true)
                    && sha256.map(pin.sha256()::equals).orElse(true);
        }
    }

    public ModelComponent {
        if (role == null || !ROLE.matcher(role).matches()) {
            throw new IllegalArgumentException("a component role is lowercase letters, digits and '_', not: " + role);
        }
        Objects.requireNonNull(repo);
        Objects.requireNonNull(path);
        Objects.requireNonNull(missing);
        Objects.requireNonNull(recorded);
        if (file.isPresent() != missing.isEmpty()) {
            throw new IllegalArgumentException("component " + role + " must be either pinned or say what is missing");
        }
        if (locked && file.isEmpty()) {
            throw new IllegalArgumentException("component " + role + " is locked without a pin");
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
        HubFile file = new HubFile(repo, revision, path, size, sha256);
        return new ModelComponent(role, repo, path, Optional.of(file), "",
                new Recorded(revision, Optional.of(size), Optional.of(sha256)), false);
    }

    /** A component whose pin is not verified yet; {@code missing} says what is unknown (shown to users). */
    public static ModelComponent unpinned(String role, String repo, String path, String missing) {
        return unpinned(role, repo, path, Recorded.NOTHING, missing);
    }

    /**
     * A component the build does not pin in full, with what it does record: with a commit (or its prefix), its pin
     * is taken from the Hub at that commit when it is first pulled and kept in the {@linkplain ModelLock lock file}.
     */
    public static ModelComponent unpinned(String role, String repo, String path, Recorded recorded, String missing) {
        if (missing == null || missing.isBlank()) {
            throw new IllegalArgumentException("say what is missing to pin component " + role);
        }
        return new ModelComponent(role, repo, path, Optional.empty(), missing, recorded, false);
    }

    /** This component pinned by a lock entry the build's record admits. */
    public ModelComponent lockedTo(HubFile pin) {
        if (isPinned() || !pin.repo().equals(repo) || !pin.path().equals(path) || !recorded.admits(pin)) {
            throw new IllegalArgumentException("component " + role + " cannot be locked to " + pin);
        }
        return new ModelComponent(role, repo, path, Optional.of(pin), "", recorded, true);
    }

    /** Whether commit, size and sha256 are pinned (by the build or the lock file). */
    public boolean isPinned() {
        return file.isPresent();
    }

    /**
     * Whether a pull may pin this component from the Hub: it is unpinned, and the build records its commit (in full or
     * by prefix), or the operator asked to lock the Hub's current files ({@code latest}).
     */
    public boolean lockable(boolean latest) {
        return !isPinned() && (latest || !recorded.commit().isEmpty());
    }

    /** {@code repo@commit:path} (commit shortened to 12) when pinned, {@code repo:path} otherwise. */
    public String where() {
        return file.map(HubFile::toString).orElse(repo + ":" + path);
    }
}
