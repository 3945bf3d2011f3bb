package io.ddiffusion.app.api;

import static io.ddiffusion.app.api.Api.json;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.ddiffusion.worker.testing.EchoHandler;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Who may call what: user keys on task routes, the admin key on admin routes, and each key sees its own tasks. */
abstract class AbstractAuthTest {
    static final String TASK_ROUTE = "/api/images/models";
    String nameA;
    String keyIdA;
    String tokenA;
    String tokenB;
    final List<String[]> cleanup = new ArrayList<>();

    @BeforeEach
    void twoKeys() {
        nameA = Api.uniqueName("alice");
        JsonPath a = Api.createKey(nameA);
        tokenA = a.getString("api_key");
        keyIdA = a.getString("key_id");
        tokenB = Api.newToken("bob");
    }

    @AfterEach
    void cancelLeftovers() {
        cleanup.forEach(c -> Api.cancelQuietly(c[0], c[1], c[2]));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/api/images/models", "/api/texts/models", "/api/videos/models",
            "/api/images/3fa85f64-5717-4562-b3fc-2c963f66afa6", "/api/admin/keys"})
    void aRequestWithoutAKeyIsUnauthenticatedAndToldHowToSendOne(String path) {
        given().get(path).then()
                .statusCode(401)
                .header("WWW-Authenticate", "Bearer")
                .body("detail", startsWith("Not authenticated"))
                .body("detail", containsString("Authorization: Bearer"));
    }

    @Test
    void theAdminSeesTheLiveWorkersWithTheirQueuesAndUsersDoNot() {
        Api.waiting().until(() -> !Api.admin().get("/api/admin/workers").jsonPath().getList("$").isEmpty());
        JsonPath workers = Api.admin().get("/api/admin/workers").then().statusCode(200).extract().jsonPath();
        assertThat(workers.getList("id", String.class)).allSatisfy(id -> assertThat(id).isNotBlank());
        assertThat(workers.getMap("[0].queues")).containsKeys("gpu", "cpu");
        assertThat(workers.getList("[0].loaded_models")).isNotNull();
        assertThat(workers.getString("[0].updated_at")).isNotBlank();

        Api.as(tokenA).get("/api/admin/workers").then().statusCode(403)
                .body("detail", containsString("admin key"));
    }

    @Test
    void aSubmitWithoutAKeyIsUnauthenticatedBeforeItsBodyIsLookedAt() {
        given().contentType(ContentType.JSON).body("{not json").post("/api/images").then()
                .statusCode(401)
                .header("WWW-Authenticate", "Bearer");
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"Bearer", "Bearer    ", " "})
    void anEmptyBearerIsUnauthenticated(String header) {
        given().header("Authorization", header).get(TASK_ROUTE).then()
                .statusCode(401)
                .body("detail", startsWith("Not authenticated"));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"garbage", "dd_x_y", "dd_AAAAAAAAAAAAAAAA_BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB",
            "Basic dXNlcjpwYXNz"})
    void anUnknownOrMalformedTokenIsForbidden(String token) {
        given().header("Authorization", "Bearer " + token).get(TASK_ROUTE).then()
                .statusCode(403)
                .body("detail", equalTo("Invalid or revoked token"));
    }

    @Test
    void aKnownKeyIdWithAWrongSecretIsForbidden() {
        String forged = "dd_" + keyIdA + "_" + "A".repeat(43);

        Api.as(forged).get(TASK_ROUTE).then()
                .statusCode(403)
                .body("detail", equalTo("Invalid or revoked token"));
    }

    @Test
    void aRevokedKeyIsForbidden() {
        Api.admin().delete("/api/admin/keys/" + keyIdA).then().statusCode(200);

        Api.as(tokenA).get(TASK_ROUTE).then()
                .statusCode(403)
                .body("detail", equalTo("Invalid or revoked token"));
    }

    @Test
    void aBareTokenWithoutTheBearerWordIsAccepted() {
        given().header("Authorization", tokenA).get(TASK_ROUTE).then()
                .statusCode(200)
                .body("models.'sd-xl'.provider", equalTo("local"));
        given().header("Authorization", "bearer " + tokenA).get(TASK_ROUTE).then().statusCode(200);
    }

    @Test
    void theAdminKeyDoesNotWorkOnTaskRoutesAndSaysWhereItDoes() {
        Api.admin().get(TASK_ROUTE).then()
                .statusCode(403)
                .body("detail", containsString("/api/admin"));
        Api.admin().contentType(ContentType.JSON).body(json("model", "sd-xl")).post("/api/images").then()
                .statusCode(403)
                .body("detail", containsString("/api/admin"));
    }

    @Test
    void aUserKeyDoesNotWorkOnAdminRoutes() {
        Api.as(tokenA).get("/api/admin/keys").then()
                .statusCode(403)
                .body("detail", equalTo("Forbidden: admin routes need the admin key"));
        Api.as(tokenA).queryParam("name", Api.uniqueName("sneaky")).post("/api/admin/keys").then()
                .statusCode(403);
        Api.as(tokenA).get("/api/admin/tasks/3fa85f64-5717-4562-b3fc-2c963f66afa6").then()
                .statusCode(403);
    }

    @Test
    void healthDocsAndTheOpenApiDocumentNeedNoKey() {
        given().get("/health").then().statusCode(200).body("status", equalTo("healthy"));
        given().get("/openapi.json").then().statusCode(200).body("info.title", equalTo("deferred-diffusion"));
        given().get("/docs/").then().statusCode(200);
    }

    @Test
    void anotherKeyCannotSeeOrCancelATaskAndTheTaskIsUnaffected() {
        String id = Api.submit(tokenA, "images", json("model", "gpt-image-1", "prompt", "sleep=1500;steps=15"));
        cleanup.add(new String[] {tokenA, "images", id});

        Api.get(tokenB, "images", id).then()
                .statusCode(404)
                .body("detail", equalTo("Task not found or has expired"));
        Api.as(tokenB).delete("/api/images/" + id).then()
                .statusCode(404)
                .body("detail", equalTo("Task not found or has expired"));

        JsonPath t = Api.awaitStatus(tokenA, "images", id, "SUCCESS", "REVOKED", "FAILURE");
        assertThat(t.getString("status")).isEqualTo("SUCCESS");
        assertThat(EchoHandler.CANCELLED).doesNotContainKey(id);
        assertThat(t.getList("output")).hasSize(1);
    }

    @Test
    void aTaskIdIsNotFoundUnderAnotherDomain() {
        String id = Api.submit(tokenA, "texts", json("model", "gpt-4", "prompt", "hello"));
        Api.awaitStatus(tokenA, "texts", id, "SUCCESS");

        for (String domain : List.of("images", "videos", "workflows")) {
            Api.get(tokenA, domain, id).then()
                    .statusCode(404)
                    .body("detail", equalTo("Task not found or has expired"));
        }
    }

    @Test
    void theAdminSeesAnyTaskWithWhoSubmittedIt() {
        String id = Api.as(tokenA).header("x-user-id", "alice@studio").header("x-machine-id", "render-07")
                .body(json("model", "gpt-4o", "prompt", "admin can read me"))
                .post("/api/texts").then().statusCode(202).extract().jsonPath().getString("id");
        Api.awaitStatus(tokenA, "texts", id, "SUCCESS");

        Api.admin().get("/api/admin/tasks/" + id).then()
                .statusCode(200)
                .body("id", equalTo(id))
                .body("name", equalTo("texts.gpt-4o"))
                .body("status", equalTo("SUCCESS"))
                .body("text", equalTo("echo: admin can read me"))
                .body("identity.user_id", equalTo("alice@studio"))
                .body("identity.machine_id", equalTo("render-07"))
                .body("identity.key_name", equalTo(nameA))
                .body("identity.key_id", equalTo(keyIdA))
                .body("identity.client_ip", anyOf(equalTo("127.0.0.1"), equalTo("0:0:0:0:0:0:0:1")))
                .body("task_info.user_id", equalTo("alice@studio"))
                .body("task_info.machine_id", equalTo("render-07"));
    }

    @Test
    void theAdminCanCancelAnyonesTask() {
        String id = Api.submit(tokenA, "images", json("model", "gpt-image-1", "prompt", "sleep=20000;steps=200"));
        cleanup.add(new String[] {tokenA, "images", id});
        Api.awaitStatus(tokenA, "images", id, "STARTED");

        Api.admin().delete("/api/admin/tasks/" + id).then()
                .statusCode(200)
                .body("id", equalTo(id))
                .body("status", equalTo("REVOKED"))
                .body("message", equalTo("Task cancellation requested"));

        Api.waiting().untilAsserted(() -> assertThat(EchoHandler.CANCELLED).containsEntry(id, "REVOKED"));
        JsonPath t = Api.task(tokenA, "images", id);
        assertThat(t.getString("status")).isEqualTo("REVOKED");
        assertThat(t.getList("logs", String.class)).contains("Cancelled by an admin");
    }

    @Test
    void theAdminTaskRoutesAnswerNotFoundForUnknownIdsAndValidateTheId() {
        Api.admin().get("/api/admin/tasks/3fa85f64-5717-4562-b3fc-2c963f66afa6").then()
                .statusCode(404)
                .body("detail", equalTo("Task not found or has expired"));
        Api.admin().get("/api/admin/tasks/not-a-uuid").then()
                .statusCode(422)
                .body("detail[0].loc[0]", equalTo("path"))
                .body("detail[0].loc[1]", equalTo("id"));
    }
}
