package io.ddiffusion.worker.models.hub;

import java.nio.file.Path;

/** A separate process that holds a blob lock for a while, to test locking across processes. */
public final class LockHolder {

    private LockHolder() {
    }

    /** Holds the lock file {@code args[0]} for {@code args[1]} milliseconds, printing "locked" once held. */
    public static void main(String[] args) throws Exception {
        try (BlobLock ignored = BlobLock.acquire(Path.of(args[0]))) {
            System.out.println("locked");
            System.out.flush();
            Thread.sleep(Long.parseLong(args[1]));
        }
    }
}
