package io.ddiffusion.app.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What every domain's routes share: bodies that are not JSON objects, ids that are not UUIDs, unknown tasks. Always
 * a JSON answer with a detail, never an empty 400 or a 500.
 */
@QuarkusTest
class RequestValidationTest {
    static final String UNKNOWN = "3fa85f64-5717-4562-b3fc-2c963f66afa6";
    String token;

    @BeforeEach
    void newKey() {
        token = Api.newToken("requests");
    }

    @ParameterizedTest
    @ValueSource(strings = {"images", "texts", "videos", "workflows"})
    void malformedOrTruncatedJsonIsRefusedAsInvalidJson(String domain) {
        for (String body : new String[] {"{\"model\": ", "{\"prompt\": \"x\",}", "{'prompt': 'x'}", "not json"}) {
            Api.as(token).body(body).post("/api/" + domain).then()
                    .statusCode(422)
                    .contentType(ContentType.JSON)
                    .body("detail[0].loc", contains("body"))
                    .body("detail[0].msg", startsWith("malformed JSON at line 1, column "))
                    .body("detail[0].type", equalTo("json_invalid"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"images", "texts", "videos", "workflows"})
    void aBodyThatIsNotAnObjectIsRefused(String domain) {
        for (String body : new String[] {"[]", "[{\"model\": \"sd-xl\"}]", "\"sd-xl\"", "42", "true"}) {
            Api.assertProblem(Api.as(token).body(body).post("/api/" + domain),
                    "the body must be a JSON object", "model_attributes_type", "body");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"images", "texts", "videos", "workflows"})
    void anEmptyOrNullBodyIsRefused(String domain) {
        Api.assertProblem(Api.as(token).body("null").post("/api/" + domain), "must not be null", "missing", "body");
        Api.assertProblem(Api.as(token).post("/api/" + domain), "must not be null", "missing", "body");
    }

    @ParameterizedTest
    @ValueSource(strings = {"images", "texts", "videos", "workflows"})
    void aBodyThatIsNotJsonIsAnUnsupportedMediaType(String domain) {
        given().header("Authorization", "Bearer " + token).contentType(ContentType.TEXT).body("model=sd-xl")
                .post("/api/" + domain).then()
                .statusCode(415)
                .body("detail", equalTo("Unsupported media type: send Content-Type: application/json"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"images", "texts", "videos", "workflows"})
    void anIdThatIsNotAUuidIsRefusedOnThePath(String domain) {
        for (String id : new String[] {"42", "not-a-uuid", "3fa85f64-5717-4562-b3fc-2c963f66afa", "3fa85f6457174562b3fc2c963f66afa6"}) {
            for (var r : new io.restassured.response.Response[] {Api.as(token).get("/api/" + domain + "/" + id),
                    Api.as(token).delete("/api/" + domain + "/" + id)}) {
                Api.assertProblem(r, "must be a UUID, e.g. 3fa85f64-5717-4562-b3fc-2c963f66afa6", "uuid_parsing",
                        "path", "id");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"images", "texts", "videos", "workflows"})
    void anUnknownTaskIsNotFound(String domain) {
        Api.as(token).get("/api/" + domain + "/" + UNKNOWN).then()
                .statusCode(404)
                .body("detail", equalTo("Task not found or has expired"));
    }

    @Test
    void anUnknownRouteOrMethodAnswersWithADetail() {
        Api.as(token).get("/api/sounds").then().statusCode(404).body("detail", equalTo("Not found"));
        Api.as(token).put("/api/images").then().statusCode(405).body("detail", equalTo("Method not allowed"));
        Api.as(token).post("/api/images/models").then().statusCode(405).body("detail", equalTo("Method not allowed"));
    }

    @Test
    void unknownFieldsAreIgnored() {
        String id = Api.submit(token, "texts", Api.json("model", "gpt-4o", "prompt", "hi", "temperature", 0.3));

        Api.awaitStatus(token, "texts", id, "SUCCESS");
    }

    @Test
    void aNumberOrBooleanIsNotAString() {
        Api.assertProblem(Api.as(token).body("{\"model\": \"sd-xl\", \"prompt\": 123}").post("/api/images"),
                "must be a string, got '123'", "type_error", "body", "prompt");
        Api.assertProblem(Api.as(token).body("{\"model\": \"gpt-5\", \"prompt\": true}").post("/api/texts"),
                "must be a string, got 'true'", "type_error", "body", "prompt");
    }

    @Test
    void anIntegerTooLargeForItsFieldIsOutOfRange() {
        Api.assertProblem(Api.as(token).body("{\"model\": \"sd-xl\", \"width\": 99999999999}")
                .post("/api/images"), "is out of range", "number_out_of_range", "body", "width");
    }

    @Test
    void aNullElementOfAListIsReportedAtItsIndex() {
        Api.assertProblem(Api.as(token).body("{\"model\": \"flux-2\", \"references\": [null]}")
                .post("/api/images"), "must not be null", "missing", "body", "references", 0);
        Api.assertProblem(Api.as(token).body("{\"model\": \"gpt-5\", \"images\": [null]}")
                .post("/api/texts"), "must not be null", "missing", "body", "images", 0);
    }
}
