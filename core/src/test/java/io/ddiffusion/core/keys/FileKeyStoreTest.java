package io.ddiffusion.core.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileKeyStoreTest extends KeyStoreContract {
    @TempDir
    Path dir;

    @Override
    protected KeyStore createStore() {
        return new FileKeyStore(dir.resolve("keys-" + System.nanoTime() + ".json"), Clock.systemUTC());
    }

    @Test
    void keysSurviveARestartAndSecretsAreNotStored() throws IOException {
        Path file = dir.resolve("keys.json");
        CreatedKey created = new FileKeyStore(file, Clock.systemUTC()).create("studio-a");

        FileKeyStore reopened = new FileKeyStore(file, Clock.systemUTC());
        assertThat(reopened.verify(created.token())).contains(created.key());
        String secret = created.token().substring(created.token().lastIndexOf('_') + 1);
        assertThat(Files.readString(file)).doesNotContain(secret).contains("salt").contains("hash");
    }

    @Test
    void aKeyCreatedByAnotherProcessIsSeenWithoutRestart() {
        Path file = dir.resolve("shared.json");
        FileKeyStore server = new FileKeyStore(file, Clock.systemUTC());
        assertThat(server.list()).isEmpty();

        CreatedKey fromCli = new FileKeyStore(file, Clock.systemUTC()).create("from-cli");

        assertThat(server.verify(fromCli.token())).contains(fromCli.key());
    }
}
