package io.ddiffusion.app;

import io.ddiffusion.core.config.Env;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.logging.StreamHandler;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Console logging for the processes that run without Quarkus (worker, CLI): the same line format as the API's, or
 * the same JSON lines ({@code DDIFFUSION_LOG_FORMAT=json}, {@link JsonLogFormatter}), to stdout, through
 * java.util.logging. Must run before the first logger is created.
 */
public final class PlainLogging {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    private PlainLogging() {
    }

    public static void install() {
        install(LogFormat.from(Env.system()));
    }

    public static void install(LogFormat format) {
        System.setProperty("org.jboss.logging.provider", "jdk");
        Logger root = Logger.getLogger("");
        for (var h : root.getHandlers()) {
            root.removeHandler(h);
        }
        Formatter text = new Formatter() {
            @Override
            public String format(LogRecord r) {
                String line = LocalTime.now().format(TIME) + " " + String.format("%-5s", level(r.getLevel())) + " ["
                        + shortName(r.getLoggerName()) + "] " + formatMessage(r) + System.lineSeparator();
                if (r.getThrown() != null) {
                    var sw = new java.io.StringWriter();
                    r.getThrown().printStackTrace(new java.io.PrintWriter(sw));
                    line += sw;
                }
                return line;
            }
        };
        // why: not ConsoleHandler, whose setOutputStream would close System.err (and with it every error message)
        StreamHandler console = new StreamHandler(System.out, format == LogFormat.JSON ? new JsonLogFormatter()
                : text) {
            @Override
            public synchronized void publish(LogRecord r) {
                super.publish(r);
                flush();
            }

            @Override
            public synchronized void close() {
                flush();
            }
        };
        console.setLevel(Level.INFO);
        root.addHandler(console);
        root.setLevel(Level.INFO);
        // why: Lettuce and Netty are chatty at INFO about internals an operator does not need
        Logger.getLogger("io.netty").setLevel(Level.WARNING);
        Logger.getLogger("io.lettuce").setLevel(Level.WARNING);
    }

    static String level(Level l) {
        if (l.intValue() >= Level.SEVERE.intValue()) {
            return "ERROR";
        }
        if (l.intValue() >= Level.WARNING.intValue()) {
            return "WARN";
        }
        return l.intValue() >= Level.INFO.intValue() ? "INFO" : "DEBUG";
    }

    private static String shortName(String name) {
        if (name == null) {
            return "";
        }
        String[] parts = name.split("\\.");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < parts.length - 1; i++) {
            sb.append(parts[i].isEmpty() ? "" : parts[i].substring(0, 1)).append('.');
        }
        return sb.append(parts[parts.length - 1]).toString();
    }
}
