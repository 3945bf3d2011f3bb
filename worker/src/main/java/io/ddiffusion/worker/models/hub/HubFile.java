package io.ddiffusion.worker.models.hub;

import java.util.regex.Pattern;

/** One file of a Hub model repository, pinned to a commit, with its size and sha256. */
public record HubFile(String repo, String revision, String path, long size, String sha256) {

    private static final Pattern REPO = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)?");
    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    public HubFile {
        if (repo == null || !REPO.matcher(repo).matches() || repo.contains("..")) {
            throw new IllegalArgumentException("not a Hub repo id: " + repo);
        }
        if (revision == null || !COMMIT.matcher(revision).matches()) {
            throw new IllegalArgumentException("revision of " + repo + " must be a 40-hex commit, not: " + revision);
        }
        if (path == null || path.isEmpty() || path.startsWith("/") || path.contains("\\")
                || ("/" + path + "/").contains("/../") || ("/" + path + "/").contains("/./") || path.contains("//")) {
            throw new IllegalArgumentException("not a relative file path in " + repo + ": " + path);
        }
        if (size < 0) {
            throw new IllegalArgumentException("negative size for " + repo + "/" + path);
        }
        if (sha256 == null || !SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException("sha256 of " + repo + "/" + path + " must be 64 lowercase hex: " + sha256);
        }
    }

    /** The cache folder name {@code huggingface_hub} uses for this model repo: {@code models--org--name}. */
    public String repoFolder() {
        return "models--" + repo.replace("/", "--");
    }

    @Override
    public String toString() {
        return repo + "@" + revision.substring(0, 12) + ":" + path;
    }
}
