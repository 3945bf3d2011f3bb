package io.ddiffusion.app.api;

import static io.ddiffusion.app.api.Api.json;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The operator's denied node classes refuse a workflow at submit, naming the class, its nodes and the variable. */
@QuarkusTest
@TestProfile(ComfyNodesProfile.class)
class WorkflowNodePolicyTest {
    String token;

    @BeforeEach
    void newKey() {
        token = Api.newToken("workflows-nodes");
    }

    Response post(Map<String, Object> workflow) {
        return Api.as(token).body(json("workflow", workflow, "patches", List.of())).post("/api/workflows");
    }

    @Test
    void aWorkflowUsingADeniedNodeClassIsRefused() {
        Map<String, Object> g = json("1", json("class_type", "ExecutePython", "inputs", json("code", "import os")),
                "2", json("class_type", "SaveImage", "inputs", json()),
                "3", json("class_type", "ExecutePython", "inputs", json()));

        post(g).then().statusCode(422)
                .body("detail", org.hamcrest.Matchers.hasSize(1))
                .body("detail[0].loc", contains("body", "workflow"))
                .body("detail[0].type", equalTo("value_error"))
                .body("detail[0].msg", equalTo("node class ExecutePython (nodes 1, 3) is denied on this installation "
                        + "(DDIFFUSION_COMFY_DENIED_NODES)"));
    }

    @Test
    void aWorkflowOfAllowedClassesIsAccepted() {
        Response r = post(json("1", json("class_type", "SaveImage", "inputs", json())));

        r.then().statusCode(202);
        Api.cancelQuietly(token, "workflows", r.jsonPath().getString("id"));
    }
}
