package io.ddiffusion.app.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Without provider credentials, external models are listed as unavailable and refused at once, naming the fix. */
@QuarkusTest
@TestProfile(NoProvidersProfile.class)
class ModelAvailabilityTest {
    String token;

    @BeforeEach
    void newKey() {
        token = Api.newToken("availability");
    }

    @Test
    void modelsOfUnconfiguredProvidersAreListedAsUnavailableWithTheVariableToSet() {
        Api.as(token).get("/api/images/models").then().statusCode(200)
                .body("models.'flux-1-pro'.available", equalTo(false))
                .body("models.'flux-1-pro'.unavailable_reason", containsString("REPLICATE_API_TOKEN"))
                .body("models.'gpt-image-1'.unavailable_reason", containsString("OPENAI_API_KEY"))
                .body("models.'sd-xl'.available", equalTo(true))
                .body("models.'sd-xl'.unavailable_reason", nullValue());
        Api.as(token).get("/api/videos/models").then().statusCode(200)
                .body("models.'sora-2'.unavailable_reason", containsString("OPENAI_API_KEY"))
                .body("models.'kling-2'.unavailable_reason", containsString("REPLICATE_API_TOKEN"));
        Api.as(token).get("/api/texts/models").then().statusCode(200)
                .body("models.'qwen-2'.unavailable_reason", containsString("DDIFFUSION_LOCAL_LLM_URL"))
                .body("models.'gpt-5'.available", equalTo(false));
    }

    @Test
    void aSubmitForAnUnavailableModelIsRefusedAtOnceNamingTheMissingVariable() {
        Api.assertProblem(Api.as(token).body(Api.json("model", "flux-1-pro", "prompt", "x")).post("/api/images"),
                "Model 'flux-1-pro' is not available: REPLICATE_API_TOKEN is not set: the flux-1-pro model runs on "
                        + "Replicate", "model_unavailable", "body", "model");
        Api.assertProblem(Api.as(token).body(Api.json("model", "gpt-5", "prompt", "x")).post("/api/texts"),
                "Model 'gpt-5' is not available: OPENAI_API_KEY is not set: the gpt-5 model runs on OpenAI",
                "model_unavailable", "body", "model");
    }

    @Test
    void localModelsStillQueue() {
        String id = Api.submit(token, "images", Api.json("model", "sd-xl", "prompt", "x"));
        Api.awaitStatus(token, "images", id, "SUCCESS");
        given().get("/health").then().statusCode(200);
    }
}
