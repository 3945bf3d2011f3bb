package io.ddiffusion.api.tasks;

import io.ddiffusion.core.config.ProviderSettings;
import io.ddiffusion.core.queue.WorkerStatus;
import io.ddiffusion.schema.common.ModelSpec;
import io.ddiffusion.schema.common.Provider;
import io.ddiffusion.schema.texts.TextModel;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Which models this installation can run now, from what the live workers report with their heartbeats (each says
 * which models of its queues it can run and why not the others):
 * <ul>
 * <li>at least one live worker of the model's queue can run it: available;</li>
 * <li>live workers serve the queue but none can run it: unavailable with the reason most of them give, and submits
 * are refused;</li>
 * <li>no live worker serves the queue (workers scaled to zero, restarting): unavailable, "tasks wait", and submits
 * are queued, unless the registry declares the model not in this build or this API's own settings show its provider
 * unconfigured (an API machine without provider secrets names the providers in {@code DDIFFUSION_ENABLED_PROVIDERS}).
 * </li>
 * </ul>
 */
@ApplicationScoped
public class ModelAvailability {
    @Inject
    ProviderSettings providers;
    @Inject
    LiveWorkers workers;

    /**
     * What the cluster can do with a model now.
     *
     * @param unavailableReason why it cannot run now, naming what to do; empty when a live worker can run it
     * @param refused whether a submit is refused (422) rather than queued
     */
    public record Verdict(Optional<String> unavailableReason, boolean refused) {
        static final Verdict RUNNABLE = new Verdict(Optional.empty(), false);

        static Verdict refused(String reason) {
            return new Verdict(Optional.of(reason), true);
        }

        static Verdict waits(String reason) {
            return new Verdict(Optional.of(reason), false);
        }
    }

    /** What the live workers of {@code model}'s queue say about it (see the class comment). */
    public Verdict verdict(ModelSpec model) {
        String task = model.taskName();
        String queue = model.queue().id();
        List<WorkerStatus> serving = workers.all().stream().filter(w -> w.serves(queue)).toList();
        if (serving.isEmpty()) {
            return model.notInThisBuild().or(() -> unconfiguredHere(model)).map(Verdict::refused)
                    .orElseGet(() -> Verdict.waits("no live worker serves the " + queue + " queue; tasks wait until "
                            + "one starts"));
        }
        if (serving.stream().anyMatch(w -> w.capabilities().canRun(task))) {
            return Verdict.RUNNABLE;
        }
        Map<String, Long> reasons = serving.stream().map(w -> w.capabilities().cannotRun(task).orElse(
                "no live worker of the " + queue + " queue knows " + task + " (workers of an older build?)"))
                .collect(Collectors.groupingBy(Function.identity(), LinkedHashMap::new, Collectors.counting()));
        // why: the reason most workers give is the one to fix first; ties keep the first worker's
        String reason = reasons.entrySet().stream().max(Comparator.comparingLong(Map.Entry::getValue))
                .orElseThrow().getKey();
        return Verdict.refused(reason);
    }

    /**
     * A registry as {@code /models} shows it: every model by id, in registry order, with its availability.
     *
     * @param info builds a model's entry from the model and why it is unavailable (null when it is available)
     */
    public <M extends ModelSpec, I> Map<String, I> describe(M[] models, BiFunction<M, String, I> info) {
        Map<String, I> out = new LinkedHashMap<>();
        for (M m : models) {
            out.put(m.id(), info.apply(m, verdict(m).unavailableReason().orElse(null)));
        }
        return out;
    }

    /**
     * With no live worker to ask, what this API's own settings (the variables workers read too) say is missing.
     */
    private Optional<String> unconfiguredHere(ModelSpec model) {
        ProviderSettings p = providers;
        String none = "no live worker serves the " + model.queue().id() + " queue, and ";
        if (model == TextModel.QWEN_2 && p.localLlmUrl().isEmpty()) {
            return Optional.of(none + "DDIFFUSION_LOCAL_LLM_URL is not set here: qwen-2 runs on a local "
                    + "OpenAI-compatible server (see the README)");
        }
        String hint = " (API machines without provider secrets name the configured providers in "
                + "DDIFFUSION_ENABLED_PROVIDERS)";
        if (model.provider() == Provider.OPENAI && !configured(p, Provider.OPENAI, p.openAiApiKey())) {
            return Optional.of(none + "OPENAI_API_KEY is not set here: " + model.id() + " runs on OpenAI" + hint);
        }
        if (model.provider() == Provider.REPLICATE && !configured(p, Provider.REPLICATE, p.replicateApiToken())) {
            return Optional.of(none + "REPLICATE_API_TOKEN is not set here: " + model.id() + " runs on Replicate"
                    + hint);
        }
        return Optional.empty();
    }

    private static boolean configured(ProviderSettings p, Provider provider, Optional<String> secret) {
        return secret.isPresent() || p.enabledProviders().contains(provider.id());
    }
}
