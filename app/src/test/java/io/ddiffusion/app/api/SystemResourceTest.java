package io.ddiffusion.app.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SystemResourceTest {

    @Test
    void healthAnswersHealthyWithoutAKey() {
        given().get("/health").then()
                .statusCode(200)
                .contentType("application/json")
                .body("status", equalTo("healthy"));
    }

    @Test
    void readyAnswersReadyWithoutAKeyOnTheEmbeddedBroker() {
        given().get("/health/ready").then()
                .statusCode(200)
                .contentType("application/json")
                .body("status", equalTo("ready"))
                .body("broker", equalTo("embedded"))
                .body("persistence", equalTo("embedded"))
                .body("warnings", empty());
    }

    @Test
    void rootRedirectsTemporarilyToTheDocs() {
        given().redirects().follow(false).get("/").then()
                .statusCode(307)
                .header("Location", containsString("/docs"));
    }

    @Test
    void docsNeedNoKey() {
        given().get("/docs/").then()
                .statusCode(200)
                .body(containsString("swagger"));
    }

    @Test
    void openApiDocumentNeedsNoKey() {
        given().get("/openapi.json").then()
                .statusCode(200)
                .body("info.title", equalTo("deferred-diffusion"));
    }

    @Test
    void redocOfTheOriginalClientsLeadsToTheDocs() {
        given().redirects().follow(false).get("/redoc").then()
                .statusCode(307)
                .header("Location", containsString("/docs"));
    }
}
