package io.ddiffusion.app.api;

import static io.ddiffusion.app.api.Api.json;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The patch rules of {@code POST /api/workflows}: titles, classes, value types, sizes. */
@QuarkusTest
class WorkflowValidationTest {
    String token;
    final List<String> accepted = new ArrayList<>();

    @BeforeEach
    void newKey() {
        token = Api.newToken("workflows-422");
    }

    @AfterEach
    void cancelAccepted() {
        accepted.forEach(id -> Api.cancelQuietly(token, "workflows", id));
    }

    static Map<String, Object> node(String classType, String title) {
        return json("class_type", classType, "inputs", json(), "_meta", json("title", title));
    }

    static Map<String, Object> patch(String title, String classType, Object value) {
        return json("title", title, "class_type", classType, "value", value);
    }

    static Map<String, Object> graph() {
        return json("1", node("PrimitiveInt", "steps"), "2", node("PrimitiveFloat", "cfg"),
                "3", node("PrimitiveStringMultiline", "prompt"), "4", node("LoadImage", "image"),
                "5", node("LoadVideo", "clip"), "6", json("class_type", "SaveImage", "inputs", json()));
    }

    @SafeVarargs
    final Response post(Map<String, Object> workflow, Map<String, Object>... patches) {
        return Api.as(token).body(json("workflow", workflow, "patches", List.of(patches))).post("/api/workflows");
    }

    @Test
    void aPatchWhoseTitleNoNodeHasIsRefused() {
        Api.assertBodyRule(post(graph(), patch("seed", "PrimitiveInt", 1)),
                "patches[0] 'seed': no node has this title");
    }

    @Test
    void aPatchOnATitleSeveralNodesShareIsRefused() {
        Map<String, Object> g = graph();
        g.put("7", node("PrimitiveInt", "steps"));

        post(g, patch("steps", "PrimitiveInt", 20)).then()
                .statusCode(422)
                .body("detail", org.hamcrest.Matchers.hasSize(1))
                .body("detail[0].loc", contains("body"))
                .body("detail[0].msg", containsString("patches[0] 'steps': title is not unique in the workflow"))
                .body("detail[0].msg", containsString("1"))
                .body("detail[0].msg", containsString("7"));
    }

    @Test
    void patchingTheSameTitleTwiceIsRefused() {
        Api.assertBodyRule(post(graph(), patch("steps", "PrimitiveInt", 20), patch("steps", "PrimitiveInt", 30)),
                "patches[1] 'steps': title is patched more than once");
    }

    @Test
    void aPatchWhoseClassDiffersFromTheNodesIsRefused() {
        Api.assertBodyRule(post(graph(), patch("steps", "PrimitiveFloat", 2.5)),
                "patches[0] 'steps': node 1 is PrimitiveInt, not PrimitiveFloat");
    }

    @Test
    void aValueOfTheWrongTypeForItsClassIsRefused() {
        Api.assertBodyRule(post(graph(), patch("steps", "PrimitiveInt", "twenty")),
                "patches[0] 'steps': value must be an integer");
        Api.assertBodyRule(post(graph(), patch("steps", "PrimitiveInt", 2.5)),
                "patches[0] 'steps': value must be an integer");
        Api.assertBodyRule(post(graph(), patch("cfg", "PrimitiveFloat", "high")),
                "patches[0] 'cfg': value must be a number");
        Api.assertBodyRule(post(graph(), patch("prompt", "PrimitiveStringMultiline", 42)),
                "patches[0] 'prompt': value must be a string");
        Api.assertBodyRule(post(graph(), patch("image", "LoadImage", json("not", "base64"))),
                "patches[0] 'image': value must be a base64 string");
        Map<String, Object> g = graph();
        g.put("8", node("PrimitiveBoolean", "upscale"));
        g.put("9", node("PrimitiveString", "name"));
        Api.assertBodyRule(post(g, patch("upscale", "PrimitiveBoolean", "yes")),
                "patches[0] 'upscale': value must be true or false");
        Api.assertBodyRule(post(g, patch("name", "PrimitiveString", 7)), "patches[0] 'name': value must be a string");
    }

    @Test
    void aGraphOfMoreThanFourMebibytesOfJsonIsRefusedNamingTheLimit() {
        Map<String, Object> g = graph();
        g.put("8", json("class_type", "Note", "inputs", json("text", "x".repeat(4 * 1024 * 1024))));

        Response r = post(g);

        r.then().statusCode(422)
                .body("detail[0].loc", contains("body", "workflow"))
                .body("detail[0].type", equalTo("length"))
                .body("detail[0].msg", org.hamcrest.Matchers.startsWith("must be at most 4194304 bytes of JSON, got "));
    }

    @Test
    void everyBrokenPatchIsReported() {
        post(graph(), patch("nope", "PrimitiveInt", 1), patch("cfg", "PrimitiveInt", 1)).then()
                .statusCode(422)
                .body("detail.msg", contains("patches[0] 'nope': no node has this title",
                        "patches[1] 'cfg': node 2 is PrimitiveFloat, not PrimitiveInt"));
    }

    @Test
    void anEmptyOrMissingWorkflowIsRefused() {
        Api.assertProblem(post(json()), "must hold at least one node", "missing", "body", "workflow");
        Api.assertProblem(Api.as(token).body(json("patches", List.of())).post("/api/workflows"),
                "must hold at least one node", "missing", "body", "workflow");
    }

    @Test
    void aNodeThatIsNotAnObjectIsRefused() {
        Api.assertProblem(Api.as(token).body(json("workflow", json("1", "SaveImage"))).post("/api/workflows"),
                "must be an object", "type_error", "body", "workflow", "1");
    }

    @Test
    void anUnknownPatchClassIsRefusedWithTheListOfClasses() {
        Api.assertProblem(post(graph(), patch("steps", "KSampler", 1)),
                "must be one of 'PrimitiveInt', 'PrimitiveFloat', 'PrimitiveStringMultiline', 'PrimitiveString', "
                        + "'PrimitiveBoolean', 'LoadImage', 'LoadVideo', got 'KSampler'", "enum", "body", "patches", 0,
                "class_type");
    }

    @Test
    void aPatchNeedsATitleAClassAndAValue() {
        Api.assertProblem(post(graph(), patch(" ", "PrimitiveInt", 1)), "must not be blank", "missing",
                "body", "patches", 0, "title");
        Api.assertProblem(post(graph(), patch("steps", null, 1)), "is required", "missing",
                "body", "patches", 0, "class_type");
        Api.assertProblem(post(graph(), patch("steps", "PrimitiveInt", null)), "is required", "missing",
                "body", "patches", 0, "value");
    }

    @Test
    void moreThanTwoThousandNodesAreRefused() {
        Map<String, Object> big = new LinkedHashMap<>();
        for (int i = 0; i < 2001; i++) {
            big.put(String.valueOf(i), json("class_type", "Note", "inputs", json()));
        }

        Api.assertProblem(post(big), "must hold at most 2000 nodes", "length", "body", "workflow");
    }

    @Test
    void aGraphHoldingALoneSurrogateIsMeasuredWithoutAnError() {
        Response r = Api.as(token).body("{\"workflow\": {\"1\": {\"class_type\": \"SaveImage\", \"inputs\": "
                + "{\"filename_prefix\": \"a\\ud800b\"}}}}").post("/api/workflows");

        r.then().statusCode(202);
        accepted.add(r.jsonPath().getString("id"));
    }

    @Test
    void moreThanAHundredPatchesAreRefused() {
        List<Map<String, Object>> patches = Collections.nCopies(101, patch("steps", "PrimitiveInt", 1));

        Api.assertProblem(Api.as(token).body(json("workflow", graph(), "patches", patches)).post("/api/workflows"), "must hold at most 100 patches", "length", "body", "patches");
    }

    @Test
    void aWorkflowWithoutPatchesAndOneWithEveryKindOfPatchAreAccepted() {
        for (Response r : List.of(post(graph()), post(graph(), patch("steps", "PrimitiveInt", 20),
                patch("cfg", "PrimitiveFloat", 7), patch("prompt", "PrimitiveStringMultiline", "a cat"),
                patch("image", "LoadImage", Media.b64(Media.PNG)), patch("clip", "LoadVideo", Media.b64(Media.MP4))))) {
            r.then().statusCode(202).body("status", equalTo("PENDING"));
            accepted.add(r.jsonPath().getString("id"));
        }
    }
}
