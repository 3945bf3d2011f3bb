package io.ddiffusion.core.queue;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Whether the task broker answers now, and whether it keeps what it holds (queued and running tasks, task records,
 * API keys) across its own restart: what a readiness probe and the start-up warning need. Implementations are
 * thread-safe and never throw from these methods.
 */
public interface BrokerHealth {

    /** What the broker keeps across a restart. */
    enum Persistence {
        /** Append-only file: at most about a second of writes lost. */
        AOF,
        /** Snapshots only: everything written since the last snapshot lost. */
        RDB,
        /** Nothing: every task and key lost. */
        NONE,
        /** Could not be found out (a managed Redis refusing {@code CONFIG}, or the check failed). */
        UNKNOWN,
        /** The embedded broker in this process: it lives and dies with the process. */
        EMBEDDED;

        /** The lowercase name used in answers and logs ({@code aof}, {@code none}, …). */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * The outcome of the last persistence check.
     *
     * @param persistence what the broker keeps
     * @param warnings for the operator: what is lost on a restart and how to fix it; empty when nothing is
     */
    record Durability(Persistence persistence, List<String> warnings) {
        public Durability {
            warnings = List.copyOf(warnings);
        }
    }

    /** The broker's kind, as answers name it: {@code redis} or {@code embedded}. */
    String broker();

    /** Whether the broker answers within {@code timeout}; false on any failure, never an exception. */
    boolean reachable(Duration timeout);

    /** What the last persistence check found (implementations check at start and then periodically). */
    Durability durability();

    /** The embedded broker: always reachable, nothing to warn about (it is this process). */
    static BrokerHealth embedded() {
        Durability embedded = new Durability(Persistence.EMBEDDED, List.of());
        return new BrokerHealth() {
            @Override
            public String broker() {
                return "embedded";
            }

            @Override
            public boolean reachable(Duration timeout) {
                return true;
            }

            @Override
            public Durability durability() {
                return embedded;
            }
        };
    }
}
