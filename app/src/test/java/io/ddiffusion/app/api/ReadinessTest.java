package io.ddiffusion.app.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.ddiffusion.api.system.Readiness;
import io.ddiffusion.core.queue.BrokerHealth;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Load balancers polling /health/ready cost the broker at most one PING a second, however many ask at once. */
class ReadinessTest {
    private final AtomicInteger pings = new AtomicInteger();
    private final AtomicBoolean up = new AtomicBoolean(true);
    private final List<Duration> timeouts = new ArrayList<>();

    private final BrokerHealth broker = new BrokerHealth() {
        @Override
        public String broker() {
            return "redis";
        }

        @Override
        public synchronized boolean reachable(Duration timeout) {
            pings.incrementAndGet();
            timeouts.add(timeout);
            return up.get();
        }

        @Override
        public Durability durability() {
            return new Durability(Persistence.AOF, List.of());
        }
    };

    @Test
    void oneShortPingServesEveryRequestForASecond() throws Exception {
        Readiness readiness = new Readiness(broker);
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int j = 0; j < 100; j++) {
                    assertThat(readiness.brokerReachable()).isTrue();
                }
            }));
        }
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }
        assertThat(pings).hasValueLessThanOrEqualTo(2); // why: 3,200 requests; a second may pass on a slow machine
        assertThat(timeouts).allSatisfy(t -> assertThat(t).isLessThanOrEqualTo(Duration.ofSeconds(1)));
    }

    @Test
    void anOutageShowsWithinASecondAndSoDoesTheRecovery() throws Exception {
        Readiness readiness = new Readiness(broker);
        assertThat(readiness.brokerReachable()).isTrue();
        up.set(false);
        Thread.sleep(1100);
        assertThat(readiness.brokerReachable()).isFalse();
        assertThat(readiness.brokerReachable()).isFalse();
        up.set(true);
        Thread.sleep(1100);
        assertThat(readiness.brokerReachable()).isTrue();
        assertThat(pings).hasValue(3);
    }
}
