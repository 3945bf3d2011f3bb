package io.ddiffusion.app;

import io.ddiffusion.api.events.EventStreamSettings;
import io.ddiffusion.api.http.ApiSettings;
import io.ddiffusion.api.tasks.InputSettings;
import io.ddiffusion.api.webhooks.WebhookSettings;
import io.ddiffusion.core.config.ComfySettings;
import io.ddiffusion.core.config.Env;
import io.ddiffusion.core.config.ProviderSettings;
import io.ddiffusion.schema.common.Queue;
import io.ddiffusion.worker.images.local.LocalPipelineSettings;
import io.ddiffusion.worker.models.LocalModelSettings;
import io.ddiffusion.worker.runtime.HandlerRegistry;
import io.ddiffusion.worker.runtime.WorkerOptions;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The {@code DDIFFUSION_*} variables this build reads, so a start can warn about one that nothing reads: a typo
 * (a classic support case) otherwise silently leaves the default in place.
 */
public final class KnownVariables {
    static final String PREFIX = "DDIFFUSION_";
    /** Read outside the settings groups: by Quarkus (application.properties) and by the launcher script. */
    private static final Set<String> ELSEWHERE = Set.of("DDIFFUSION_HOST", "DDIFFUSION_CORS_ORIGINS",
            "DDIFFUSION_JAVA_OPTS", HandlerRegistry.PLUGINS_VARIABLE, MetricsServer.PORT, MetricsServer.HOST);

    private KnownVariables() {
    }

    /** Every variable name the settings groups read: each group read once with nothing set (all defaults). */
    public static Set<String> names() {
        Env empty = Env.of(Map.of());
        SharedSettings.from(empty);
        ApiSettings.from(empty);
        EventStreamSettings.from(empty);
        InputSettings.from(empty);
        WebhookSettings.from(empty, java.util.Optional.empty());
        ProviderSettings.from(empty);
        ComfySettings.from(empty);
        WorkerOptions.from(empty, EnumSet.allOf(Queue.class));
        LocalModelSettings.from(empty);
        LocalPipelineSettings.from(empty);
        LogFormat.from(empty);
        Set<String> names = new TreeSet<>(empty.names());
        names.addAll(ELSEWHERE);
        return names;
    }

    /** Warns once for each {@code DDIFFUSION_*} variable in {@code environment} that nothing reads. */
    public static void warnUnknown(Map<String, String> environment, Consumer<String> warn) {
        Set<String> known = names();
        environment.keySet().stream().filter(n -> n.startsWith(PREFIX) && !known.contains(n)).sorted()
                .forEach(n -> warn.accept("Unknown variable " + n + " is ignored" + closest(n, known)
                        .map(k -> " (did you mean " + k + "?)").orElse("")));
    }

    /** The known name within two edits of {@code name}, if any. */
    static java.util.Optional<String> closest(String name, Set<String> known) {
        return known.stream().filter(k -> k.startsWith(PREFIX)).map(k -> Map.entry(k, distance(name, k)))
                .filter(e -> e.getValue() <= 2).min(Comparator.comparingInt(Map.Entry::getValue))
                .map(Map.Entry::getKey);
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(substitute, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
