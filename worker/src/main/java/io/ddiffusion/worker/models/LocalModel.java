package io.ddiffusion.worker.models;

import io.ddiffusion.worker.models.hub.HubFile;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A local model's manifest: its user-facing id (the API's model name), what export it uses, and its components.
 *
 * @param name the model id, e.g. {@code sd-xl}
 * @param description one line on the export chosen, shown by {@code ./ddiffusion models list}
 * @param components the files, by role; roles are unique
 */
public record LocalModel(String name, String description, List<ModelComponent> components) {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");

    public LocalModel {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a local model name is lowercase letters, digits and '-', not: " + name);
        }
        Objects.requireNonNull(description);
        components = List.copyOf(components);
        if (components.isEmpty()) {
            throw new IllegalArgumentException("local model " + name + " has no components");
        }
        var roles = new HashSet<String>();
        for (ModelComponent c : components) {
            if (!roles.add(c.role())) {
                throw new IllegalArgumentException("local model " + name + " has two components named " + c.role());
            }
        }
    }

    /** The component with this role; a pipeline asking for a role the manifest lacks is a programming error. */
    public ModelComponent component(String role) {
        return find(role).orElseThrow(() -> new IllegalArgumentException("local model " + name + " has no component '"
                + role + "'; it has " + roles()));
    }

    /** The component with this role, if any. */
    public Optional<ModelComponent> find(String role) {
        return components.stream().filter(c -> c.role().equals(role)).findFirst();
    }

    /** The roles, in manifest order. */
    public List<String> roles() {
        return components.stream().map(ModelComponent::role).toList();
    }

    /** Whether every component is pinned, so the model can be downloaded and verified. */
    public boolean isPinned() {
        return components.stream().allMatch(ModelComponent::isPinned);
    }

    /** The components still lacking a verified pin. */
    public List<ModelComponent> unpinned() {
        return components.stream().filter(c -> !c.isPinned()).toList();
    }

    /** The pinned files. */
    public List<HubFile> files() {
        return components.stream().flatMap(c -> c.file().stream()).toList();
    }

    /** The total size of the pinned files, in bytes. */
    public long size() {
        return files().stream().mapToLong(HubFile::size).sum();
    }
}
