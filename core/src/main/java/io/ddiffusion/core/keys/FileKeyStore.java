package io.ddiffusion.core.keys;

import com.fasterxml.jackson.core.type.TypeReference;
import io.ddiffusion.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Keys in one JSON file in the data directory, for the embedded mode: they survive restarts, and the CLI
 * ({@code ddiffusion keys create}) may change the file while a server runs (a file lock serialises writers, and
 * readers reload when the file changed).
 */
public final class FileKeyStore implements KeyStore {
    private static final TypeReference<List<StoredKey>> LIST = new TypeReference<>() {
    };
    private final Path file;
    private final Path lockFile;
    private final Clock clock;
    private List<StoredKey> cache = List.of();
    private FileTime cachedAt;

    public FileKeyStore(Path file, Clock clock) {
        this.file = file;
        this.lockFile = file.resolveSibling(file.getFileName() + ".lock");
        this.clock = clock;
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public CreatedKey create(String name) {
        if (name == null || !ApiKeyTokens.NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("key name must be 3-50 letters, digits, spaces, '_' or '-'");
        }
        return locked(() -> {
            List<StoredKey> keys = new ArrayList<>(read());
            if (keys.stream().anyMatch(k -> k.name().equals(name))) {
                throw new DuplicateKeyNameException(name);
            }
            ApiKeyTokens.Minted minted = ApiKeyTokens.mint(name, clock.instant());
            keys.add(minted.stored());
            write(keys);
            return new CreatedKey(minted.token(), minted.stored().publicView());
        });
    }

    @Override
    public Optional<ApiKey> verify(String token) {
        return ApiKeyTokens.parse(token).flatMap(parts -> current().stream()
                .filter(k -> k.keyId().equals(parts.keyId()))
                .findFirst()
                .filter(k -> ApiKeyTokens.matches(k, parts.secret()))
                .map(StoredKey::publicView));
    }

    @Override
    public List<ApiKey> list() {
        return current().stream().sorted(Comparator.comparing(StoredKey::createdAt)).map(StoredKey::publicView)
                .toList();
    }

    @Override
    public boolean delete(String keyId) {
        return locked(() -> {
            List<StoredKey> keys = new ArrayList<>(read());
            boolean removed = keys.removeIf(k -> k.keyId().equals(keyId));
            if (removed) {
                write(keys);
            }
            return removed;
        });
    }

    private synchronized List<StoredKey> current() {
        try {
            FileTime modified = Files.exists(file) ? Files.getLastModifiedTime(file) : null;
            if (modified == null) {
                cache = List.of();
            } else if (!modified.equals(cachedAt)) {
                cache = read();
                cachedAt = modified;
            }
            return cache;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<StoredKey> read() {
        try {
            if (!Files.exists(file)) {
                return List.of();
            }
            return Json.MAPPER.readValue(file.toFile(), LIST);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read key file " + file, e);
        }
    }

    private void write(List<StoredKey> keys) {
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, Json.write(keys));
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX filesystem
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            synchronized (this) {
                cachedAt = null;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write key file " + file, e);
        }
    }

    private interface Action<T> {
        T run();
    }

    private synchronized <T> T locked(Action<T> action) {
        try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock ignored = ch.lock()) {
            return action.run();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock key file " + lockFile, e);
        }
    }
}
