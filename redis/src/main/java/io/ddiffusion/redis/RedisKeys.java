package io.ddiffusion.redis;

import io.ddiffusion.schema.common.Queue;
import java.util.Objects;
import java.util.UUID;

/**
 * Every Redis key name this module uses, all under one prefix ({@code dd:} in production, a unique one per test
 * run), so that a deployment can share a database and a test run can find and delete exactly its own keys.
 *
 * <ul>
 *   <li>{@code {prefix}queue:{gpu|cpu|comfy}} — a stream per queue, read through the consumer group
 *       {@value #GROUP}; entries carry only {@code task} (id) and {@code name}</li>
 *   <li>{@code {prefix}task:{uuid}} — a hash: {@code v} (version) and {@code json} (the task record); after its
 *       first update also {@code s} and {@code p}, the status and progress the last update wrote</li>
 *   <li>{@code {prefix}task:{uuid}:logs} — a list of log lines</li>
 *   <li>{@code {prefix}recent-tasks} — a sorted set of the newest task ids (score: submit time in ms), capped</li>
 *   <li>{@code {prefix}events:{uuid}} — a stream of the task's events (field {@code k}: status, progress or log;
 *       {@code v}: the value), capped near {@link io.ddiffusion.core.events.TaskEvents#KEPT} entries, expiring with
 *       the record</li>
 *   <li>{@code {prefix}worker:{id}} — a worker's heartbeat, a string that expires</li>
 *   <li>{@code {prefix}workers} — a set of the ids of workers that heartbeat, so they are listed without SCAN;
 *       an id whose heartbeat expired leaves it when the set is next read</li>
 *   <li>{@code {prefix}apikey:{keyId}} — a hash: {@code name}, {@code salt}, {@code hash}, {@code created_at}</li>
 *   <li>{@code {prefix}apikey-names} — a hash name → key id, so names stay unique without SCAN</li>
 *   <li>{@code {prefix}webhook:{uuid}} — a hash: the task's webhook ({@code url}, {@code events}) and its messages
 *       state per event kind ({@code <kind>:id}, {@code :state}, {@code :attempts}, …; see
 *       {@code RedisWebhookOutbox}), expiring with the record</li>
 *   <li>{@code {prefix}webhooks-due} — a sorted set of {@code <uuid>:<kind>} messages to send, scored by when (ms)</li>
 *   <li>{@code {prefix}idem:{keyId}:{Idempotency-Key}} — a hash: {@code fp} (the request's fingerprint),
 *       {@code task} (the task it created), {@code created} (epoch ms); it expires after the idempotency TTL</li>
 * </ul>
 */
public final class RedisKeys {
    /** The consumer group every worker reads the queue streams through. */
    public static final String GROUP = "workers";
    /** The production prefix. */
    public static final String DEFAULT_PREFIX = "dd:";

    private final String prefix;

    public RedisKeys(String prefix) {
        this.prefix = Objects.requireNonNull(prefix, "prefix");
    }

    /** Keys under {@link #DEFAULT_PREFIX}. */
    public static RedisKeys production() {
        return new RedisKeys(DEFAULT_PREFIX);
    }

    public String prefix() {
        return prefix;
    }

    /** The stream of {@code queue}. */
    public String queue(Queue queue) {
        return prefix + "queue:" + queue.id();
    }

    /** The consumer group of every queue stream. */
    public String group() {
        return GROUP;
    }

    public String task(UUID id) {
        return prefix + "task:" + id;
    }

    public String taskLogs(UUID id) {
        return prefix + "task:" + id + ":logs";
    }

    /** The stream of a task's events. */
    public String taskEvents(UUID id) {
        return prefix + "events:" + id;
    }

    /** A task's webhook and the state of its messages. */
    public String webhook(UUID id) {
        return webhookPrefix() + id;
    }

    /** What a webhook hash's key starts with; scripts append the task id. */
    public String webhookPrefix() {
        return prefix + "webhook:";
    }

    /** The messages waiting to be sent, by due time. */
    public String webhooksDue() {
        return prefix + "webhooks-due";
    }

    public String worker(String workerId) {
        return prefix + "worker:" + workerId;
    }

    /** The set of the ids of workers that heartbeat (see the class comment). */
    public String workers() {
        return prefix + "workers";
    }

    /** What a worker's heartbeat key starts with; scripts append the consumer name. */
    public String workerPrefix() {
        return prefix + "worker:";
    }

    public String apiKey(String keyId) {
        return prefix + "apikey:" + keyId;
    }

    /** What an API key's hash key starts with; scripts append the key id. */
    public String apiKeyPrefix() {
        return prefix + "apikey:";
    }

    public String apiKeyNames() {
        return prefix + "apikey-names";
    }

    /**
     * The record of an Idempotency-Key sent with API key {@code keyId}. The API admits only {@code [A-Za-z0-9._~+/=:-]}
     * in a key and key ids hold no ':', so two (key id, key) pairs never share a name.
     */
    public String idempotency(String keyId, String key) {
        return prefix + "idem:" + keyId + ":" + key;
    }

    /** A sorted set of the newest task ids, scored by submit time (see {@code RedisRecentTasks}). */
    public String recentTasks() {
        return prefix + "recent-tasks";
    }

    /** The record of upload {@code id} (32 hex digits). */
    public String upload(String id) {
        return prefix + "upload:" + id;
    }

    /** Every recorded upload's id, scored by its expiry in epoch milliseconds. */
    public String uploadExpiries() {
        return prefix + "upload-expiries";
    }

    /** A SCAN MATCH pattern for every key under the prefix (glob characters in the prefix are escaped). */
    public String pattern() {
        return prefix.replaceAll("([*?\\[\\]\\\\])", "\\\\$1") + "*";
    }

    @Override
    public String toString() {
        return "RedisKeys[" + prefix + "]";
    }
}
