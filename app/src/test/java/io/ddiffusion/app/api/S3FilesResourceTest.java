package io.ddiffusion.app.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.startsWith;

import io.ddiffusion.core.storage.BlobStorage;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** {@link FilesResourceTest} with the files in an S3 bucket: streamed from the store, ranges as ranged GETs. */
@QuarkusTest
@TestProfile(S3Profile.class)
class S3FilesResourceTest extends FilesResourceTest {
    @Inject
    BlobStorage storage;

    @Test
    void theFilesAreObjectsInTheBucketNotOnTheLocalDisk() throws IOException {
        assertThat(storage.getClass().getSimpleName()).isEqualTo("S3BlobStorage");
        assertThat(storage.open(key)).isPresent();
        assertThat(STORAGE.resolve(key)).doesNotExist();
    }

    @Override
    @Test
    void aFileGoneFromStorageIsNotFoundAndItsTaskSaysSoWithoutFailing() throws IOException {
        String taskId = key.substring(key.lastIndexOf('/') + 1, key.lastIndexOf('-'));
        assertThat(storage.deletePrefix(key)).isEqualTo(1);

        fetch(Api.pathAndQuery(url)).then()
                .statusCode(404)
                .body("detail", startsWith("File not found: " + key));
        JsonPath t = Api.task(token, "images", taskId);
        assertThat(t.getString("status")).isEqualTo("SUCCESS");
        assertThat(t.getList("output")).isEmpty();
        assertThat(t.getString("error_message")).startsWith("Output files are no longer in storage")
                .contains(key);
    }
}
