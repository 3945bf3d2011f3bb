package io.ddiffusion.app.api;

import static io.ddiffusion.app.api.Api.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The admin's overview routes the dashboard reads (recent tasks, queues, models) and the dashboard page itself. Other
 * tests submit to the same installation, so a list is judged by the tasks this test made.
 */
abstract class AbstractAdminOverviewTest extends GpuTaskTest {
    @Override
    String keyPrefix() {
        return "overview";
    }

    private static List<Map<String, Object>> list(String query) {
        return Api.admin().get("/api/admin/tasks" + query).then().statusCode(200).extract().jsonPath().getList("$");
    }

    private static List<Object> idsOf(List<Map<String, Object>> tasks, List<String> ours) {
        return tasks.stream().map(t -> t.get("id")).filter(ours::contains).toList();
    }

    @Test
    void recentTasksAreListedNewestFirstWithStatusProgressOwnerAndTheFailure() {
        String failed = gpuTask("fail=kaput <b>bold</b>");
        Api.awaitStatus(token, "images", failed, "FAILURE");
        String running = gpuTask(LONG);
        Api.awaitStatus(token, "images", running, "STARTED");
        String text = Api.submit(token, "texts", json("model", "gpt-4o", "prompt", "quick"));
        Api.awaitStatus(token, "texts", text, "SUCCESS");
        List<String> ours = List.of(failed, running, text);

        Api.waiting().untilAsserted(() -> {
            List<Map<String, Object>> tasks = list("");
            assertThat(idsOf(tasks, ours)).containsExactly(text, running, failed);
            Map<String, Object> run = tasks.stream().filter(t -> t.get("id").equals(running)).findFirst()
                    .orElseThrow();
            assertThat(run).containsEntry("status", "STARTED").containsEntry("name", "images.sd-xl");
            assertThat(((Map<?, ?>) run.get("identity")).get("key_name")).isEqualTo(keyName);
            assertThat(((Map<?, ?>) run.get("task_info")).get("progress")).as("progress of the running task")
                    .isNotNull();
            assertThat(run).doesNotContainKeys("logs", "output");
        });
        List<Map<String, Object>> failures = list("?status=FAILURE&limit=500");
        assertThat(idsOf(failures, ours)).containsExactly(failed);
        assertThat(failures).allSatisfy(t -> assertThat(t).containsEntry("status", "FAILURE"));
        assertThat(failures.stream().filter(t -> t.get("id").equals(failed)).findFirst().orElseThrow())
                .containsEntry("error_message", "Task failed with error: kaput <b>bold</b>");
        assertThat(list("?limit=1")).hasSize(1);
    }

    @Test
    void theListsLimitAndStatusAreCheckedNamingTheField() {
        for (String bad : List.of("0", "501", "ten")) {
            Api.assertProblem(Api.admin().get("/api/admin/tasks?limit=" + bad), "must be an integer from 1 to 500",
                    "limit_range", "query", "limit");
        }
        Map<String, Object> problem = Api.problem(Api.admin().get("/api/admin/tasks?status=DONE"));
        assertThat(problem.get("loc")).isEqualTo(List.of("query", "status"));
        assertThat((String) problem.get("msg")).contains("PENDING").contains("FAILURE");
    }

    @Test
    void overviewRoutesNeedTheAdminKey() {
        for (String path : List.of("/api/admin/tasks", "/api/admin/queues", "/api/admin/models")) {
            Api.anonymous().get(path).then().statusCode(401);
            Api.as(token).get(path).then().statusCode(403);
        }
    }

    @Test
    void queuesShowWhatWaitsHowLongAndTheWorkersThatServeThem() {
        String running = gpuTask(LONG);
        Api.awaitStatus(token, "images", running, "STARTED");
        String waiting = gpuTask("after the long one");
        assertThat(Api.task(token, "images", waiting).getString("status")).isEqualTo("PENDING");

        Api.waiting().untilAsserted(() -> {
            JsonPath queues = Api.admin().get("/api/admin/queues").then().statusCode(200).extract().jsonPath();
            assertThat(queues.getList("queue", String.class)).containsExactly("gpu", "cpu", "comfy");
            Map<String, Object> gpu = queues.getMap("find { it.queue == 'gpu' }");
            assertThat((Integer) gpu.get("waiting")).isGreaterThanOrEqualTo(1);
            assertThat(((Number) gpu.get("oldest_wait_seconds")).doubleValue()).isGreaterThan(0);
            assertThat((Integer) gpu.get("workers")).isGreaterThanOrEqualTo(1);
            assertThat((Integer) gpu.get("slots")).isGreaterThanOrEqualTo(1);
        });
    }

    @Test
    void modelsOfEveryDomainWithTheirAvailability() {
        JsonPath models = Api.admin().get("/api/admin/models").then().statusCode(200).extract().jsonPath();
        assertThat(models.getMap("images")).containsKey("sd-xl");
        assertThat(models.getMap("texts")).containsKey("gpt-4o");
        assertThat(models.getMap("videos")).isNotEmpty();
        assertThat(models.getBoolean("images.'sd-xl'.available")).isTrue();
        JsonPath own = Api.as(token).get("/api/images/models").then().statusCode(200).extract().jsonPath();
        assertThat(models.getMap("images")).isEqualTo(own.getMap("models"));
    }

    @Test
    void theDashboardIsAStaticPageThatRunsOnlyItsOwnScript() {
        Api.anonymous().redirects().follow(false).get("/dashboard").then().statusCode(307)
                .header("Location", org.hamcrest.Matchers.endsWith("/dashboard/"));
        Api.anonymous().get("/dashboard/").then().statusCode(200)
                .contentType(containsString("text/html"))
                .header("Content-Security-Policy", containsString("script-src 'self'"))
                .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                .header("Cache-Control", equalTo("no-store"))
                .body(containsString("Admin key")).body(containsString("src=\"dashboard.js\""));
        Api.anonymous().get("/dashboard/dashboard.js").then().statusCode(200)
                .contentType(containsString("javascript"))
                .body(containsString("sessionStorage")).body(org.hamcrest.Matchers.not(containsString("innerHTML")));
    }
}
