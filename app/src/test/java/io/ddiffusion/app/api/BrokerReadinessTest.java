package io.ddiffusion.app.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * {@code /health/ready} through a broker outage: the API on a private, password-protected Redis without persistence
 * answers ready with a warning, 503 with Retry-After while the server is down (our words, never the client library's
 * nor the password), and ready again once it is back; {@code /health} stays 200 throughout.
 */
@QuarkusTest
@TestProfile(PrivateRedisProfile.class)
@EnabledIf(value = "io.ddiffusion.redis.RedisServerProcess#available", disabledReason = "redis-server not installed")
class BrokerReadinessTest {

    @Test
    void readyUnavailableWhileRedisIsDownAndReadyAgainWhenItIsBack() {
        Response ready = given().get("/health/ready");
        ready.then().statusCode(200)
                .body("status", equalTo("ready"))
                .body("broker", equalTo("redis"))
                .body("persistence", equalTo("none"))
                .body("warnings", hasSize(1));
        assertThat(ready.asString()).doesNotContain(PrivateRedisProfile.PrivateRedis.PASSWORD)
                .doesNotContain("redis://").contains("--appendonly yes");

        PrivateRedisProfile.PrivateRedis.server.stop();
        try {
            long start = System.nanoTime();
            await().atMost(Duration.ofSeconds(10)).until(() -> given().get("/health/ready").statusCode() == 503);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            Response down = given().get("/health/ready");
            down.then().statusCode(503)
                    .contentType("application/json")
                    .header("Retry-After", "5")
                    .body("status", equalTo("unavailable"))
                    .body("detail", equalTo("the task broker (Redis) is not reachable"));
            assertThat(down.jsonPath().getMap("$")).containsOnlyKeys("status", "detail");
            assertThat(down.asString()).doesNotContain(PrivateRedisProfile.PrivateRedis.PASSWORD)
                    .doesNotContainIgnoringCase("lettuce").doesNotContainIgnoringCase("connection")
                    .doesNotContain("127.0.0.1");
            given().get("/health").then().statusCode(200).body("status", equalTo("healthy"));
        } finally {
            PrivateRedisProfile.PrivateRedis.server.startAgain();
        }
        await().atMost(Duration.ofSeconds(40)).until(() -> given().get("/health/ready").statusCode() == 200);
    }
}
