package io.ddiffusion.app.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ddiffusion.core.queue.BrokerHealth.Durability;
import io.ddiffusion.core.queue.BrokerHealth.Persistence;
import io.ddiffusion.redis.RedisConnections;
import io.ddiffusion.redis.RedisPersistence;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

/** Liveness and readiness on Redis: the machine's shared Redis, which runs without persistence. */
@QuarkusTest
@TestProfile(RedisProfile.class)
class RedisSystemResourceTest {

    private static Durability sharedRedis() {
        try (RedisConnections redis = new RedisConnections(RedisProfile.RedisPrefix.url())) {
            return RedisPersistence.check(redis.sync());
        }
    }

    @Test
    void healthStaysLivenessOnRedis() {
        given().get("/health").then().statusCode(200).body("status", equalTo("healthy"));
    }

    @Test
    void readyNamesTheBrokerAndWhatTheSharedRedisKeeps() {
        JsonPath ready = given().get("/health/ready").then()
                .statusCode(200)
                .contentType("application/json")
                .body("status", equalTo("ready"))
                .body("broker", equalTo("redis"))
                .extract().jsonPath();
        Durability shared = sharedRedis();
        assertThat(ready.getString("persistence")).isEqualTo(shared.persistence().id());
        assertThat(ready.getList("warnings", String.class)).isEqualTo(shared.warnings());
    }

    @Test
    void withoutPersistenceReadyWarnsThatARestartLosesEveryTaskAndKey() {
        assumeTrue(sharedRedis().persistence() == Persistence.NONE, "the shared Redis runs with persistence");
        JsonPath ready = given().get("/health/ready").then().statusCode(200).extract().jsonPath();
        assertThat(ready.getString("persistence")).isEqualTo("none");
        assertThat(ready.getList("warnings", String.class)).singleElement().asString()
                .contains("a Redis restart loses every queued and running task and every API key")
                .contains("--appendonly yes");
    }
}
