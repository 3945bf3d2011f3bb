package io.ddiffusion.app;

import java.net.InetAddress;
import java.util.UUID;

/** Worker ids that say where a worker runs: {@code <prefix>-<host>-<pid>-<random>}. */
final class WorkerIds {
    private WorkerIds() {
    }

    static String next(String prefix) {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "host";
        }
        host = host.replaceAll("[^A-Za-z0-9.-]", "-");
        return prefix + "-" + host + "-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString()
                .substring(0, 6);
    }
}
