package io.ddiffusion.app.api;

import static io.ddiffusion.app.api.Api.json;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * Prometheus metrics on their own port: every domain family with its labels, after real tasks went through the API
 * and the in-process worker; nothing on the public port.
 */
@QuarkusTest
class MetricsTest {

    static int managementPort() {
        return ConfigProvider.getConfig().getValue("quarkus.management.test-port", Integer.class);
    }

    static String scrape() {
        Response r = given().port(managementPort()).accept("text/plain").get("/metrics");
        r.then().statusCode(200);
        assertThat(r.contentType()).startsWith("text/plain");
        return r.asString();
    }

    /** The value of the one sample of {@code family} whose labels include all of {@code labels}. */
    static double sample(String text, String family, String... labels) {
        double found = Double.NaN;
        for (String line : text.split("\n")) {
            if (!line.startsWith(family + "{")) {
                continue;
            }
            boolean all = true;
            for (String l : labels) {
                all &= line.contains(l);
            }
            if (all) {
                Matcher m = Pattern.compile("} ([-+0-9.eE]+|NaN)$").matcher(line);
                assertThat(m.find()).as(line).isTrue();
                assertThat(Double.isNaN(found)).as("one sample of " + family + " with " + String.join(",", labels))
                        .isTrue();
                found = Double.parseDouble(m.group(1));
            }
        }
        return found;
    }

    @Test
    void tasksQueuesSlotsAndBytesAreScrapedWithLowCardinalityLabels() {
        String token = Api.newToken("metrics");
        String before = scrape();
        double submitted = orZero(sample(before, "ddiffusion_tasks_submitted_total", "domain=\"images\"",
                "model=\"gpt-image-1\""));
        double succeeded = orZero(sample(before, "ddiffusion_tasks_finished_total", "domain=\"images\"",
                "model=\"gpt-image-1\"", "status=\"success\""));

        String id = Api.submit(token, "images", json("model", "gpt-image-1", "image", Media.b64(Media.PNG_2X3)));
        String url = Api.awaitStatus(token, "images", id, "SUCCESS").getString("output[0]");
        given().urlEncodingEnabled(false).get(Api.pathAndQuery(url)).then().statusCode(200);

        String after = scrape();
        assertThat(sample(after, "ddiffusion_tasks_submitted_total", "domain=\"images\"", "model=\"gpt-image-1\""))
                .isEqualTo(submitted + 1);
        // why at least: a task an earlier test left running in this process may finish in between
        assertThat(sample(after, "ddiffusion_tasks_finished_total", "domain=\"images\"", "model=\"gpt-image-1\"",
                "status=\"success\"")).isGreaterThanOrEqualTo(succeeded + 1);
        assertThat(sample(after, "ddiffusion_task_wait_seconds_count", "model=\"gpt-image-1\"", "queue=\"cpu\""))
                .isPositive();
        assertThat(after).contains("ddiffusion_task_wait_seconds_bucket{", "ddiffusion_task_run_seconds_bucket{");
        assertThat(sample(after, "ddiffusion_task_run_seconds_count", "model=\"gpt-image-1\"", "status=\"success\""))
                .isPositive();
        for (String q : new String[] {"gpu", "cpu", "comfy"}) {
            assertThat(sample(after, "ddiffusion_queue_waiting", "queue=\"" + q + "\"")).isNotNaN();
            assertThat(sample(after, "ddiffusion_queue_oldest_wait_seconds", "queue=\"" + q + "\"")).isNotNaN();
            double free = sample(after, "ddiffusion_worker_slots", "queue=\"" + q + "\"", "state=\"free\"");
            double busy = sample(after, "ddiffusion_worker_slots", "queue=\"" + q + "\"", "state=\"busy\"");
            assertThat(free).as(q).isNotNaN().isNotNegative();
            assertThat(busy).as(q).isNotNaN().isNotNegative();
        }
        assertThat(sample(after, "ddiffusion_worker_slots", "queue=\"cpu\"", "state=\"free\"")
                + sample(after, "ddiffusion_worker_slots", "queue=\"cpu\"", "state=\"busy\"")).isPositive();
        assertThat(sample(after, "ddiffusion_bytes_total", "direction=\"uploaded\"", "what=\"inputs\""))
                .isGreaterThanOrEqualTo(Media.PNG_2X3.length);
        assertThat(sample(after, "ddiffusion_bytes_total", "direction=\"downloaded\"", "what=\"files\""))
                .isGreaterThanOrEqualTo(Media.PNG_2X3.length);
        assertThat(after).as("no task, key or user id in any label").doesNotContain(id).doesNotContain(token);
    }

    @Test
    void thePublicPortServesNoMetrics() {
        given().get("/metrics").then().statusCode(404);
        given().get("/q/metrics").then().statusCode(404);
    }

    static double orZero(double v) {
        return Double.isNaN(v) ? 0 : v;
    }
}
