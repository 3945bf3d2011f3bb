package io.ddiffusion.app.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.path.json.JsonPath;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** API key management with the admin key: create, list, revoke. */
abstract class AbstractKeysTest {

    @Test
    void theAdminCreatesAKeyWhoseTokenIsShownOnceInTheDocumentedFormat() {
        String name = Api.uniqueName("create");

        JsonPath created = Api.createKey(name);

        assertThat(created.getString("name")).isEqualTo(name);
        String token = created.getString("api_key");
        assertThat(token).matches("^dd_[A-Za-z0-9-]{16}_[A-Za-z0-9-]{43}$");
        assertThat(token.split("_")[1]).isEqualTo(created.getString("key_id"));
        Api.as(token).get("/api/images/models").then().statusCode(200);
    }

    @Test
    void aKeyNameMayHoldSpacesUnderscoresAndDashes() {
        String name = "My team_key-" + Api.uniqueName("x").substring(2);

        assertThat(Api.createKey(name).getString("name")).isEqualTo(name);
    }

    @Test
    void theListShowsEveryKeyWithoutItsSecret() {
        String name = Api.uniqueName("listed");
        JsonPath created = Api.createKey(name);

        List<Map<String, Object>> keys = Api.admin().get("/api/admin/keys").then().statusCode(200)
                .extract().jsonPath().getList("$");

        Map<String, Object> mine = keys.stream().filter(k -> name.equals(k.get("name"))).findFirst().orElseThrow();
        assertThat(mine).containsOnlyKeys("key_id", "name", "created_at");
        assertThat(mine.get("key_id")).isEqualTo(created.getString("key_id"));
        assertThat(Instant.parse((String) mine.get("created_at"))).isBeforeOrEqualTo(Instant.now());
        String secret = created.getString("api_key").split("_")[2];
        assertThat(keys.toString()).doesNotContain(secret);
    }

    @Test
    void aDeletedKeyIsRefusedAtOnceAndLeavesTheList() {
        String name = Api.uniqueName("revoked");
        JsonPath created = Api.createKey(name);
        String token = created.getString("api_key");
        Api.as(token).get("/api/texts/models").then().statusCode(200);

        Api.admin().delete("/api/admin/keys/" + created.getString("key_id")).then()
                .statusCode(200)
                .body("deleted", equalTo(true));

        Api.as(token).get("/api/texts/models").then()
                .statusCode(403)
                .body("detail", equalTo("Invalid or revoked token"));
        List<String> names = Api.admin().get("/api/admin/keys").then().statusCode(200).extract().jsonPath()
                .getList("name");
        assertThat(names).doesNotContain(name);
    }

    @Test
    void aSecondKeyWithTheSameNameIsAConflict() {
        String name = Api.uniqueName("twice");
        Api.createKey(name);

        Api.admin().queryParam("name", name).post("/api/admin/keys").then()
                .statusCode(409)
                .body("detail", equalTo("Key name already exists"));
    }

    @Test
    void aMissingNameIsAValidationErrorOnTheQuery() {
        Api.admin().post("/api/admin/keys").then()
                .statusCode(422)
                .body("detail[0].loc", contains("query", "name"))
                .body("detail[0].msg", equalTo("is required"))
                .body("detail[0].type", equalTo("missing"));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"ab", "bad/name", "semi;colon", "dots.are.out",
            "a-name-that-is-much-too-long-for-the-key-store-0123456789"})
    void anInvalidNameIsAValidationErrorOnTheQuery(String name) {
        Api.admin().queryParam("name", name).post("/api/admin/keys").then()
                .statusCode(422)
                .body("detail[0].loc", contains("query", "name"))
                .body("detail[0].msg", equalTo("must be 3-50 letters, digits, spaces, '_' or '-'"))
                .body("detail[0].type", equalTo("string_pattern_mismatch"));
    }

    @Test
    void deletingAnUnknownKeyIsNotFound() {
        Api.admin().delete("/api/admin/keys/AAAAAAAAAAAAAAAA").then()
                .statusCode(404)
                .body("detail", equalTo("Key not found"));
    }
}
