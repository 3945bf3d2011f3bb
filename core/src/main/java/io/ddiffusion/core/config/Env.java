package io.ddiffusion.core.config;

import java.util.Arrays;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The variables settings are read from (environment variables with the original's names; README lists them), with
 * typed reads that reject bad values naming the variable. Each settings group reads its own variables through one of
 * these, where it is used, with its defaults beside the read. Remembers every name asked for, so a start can warn
 * about {@code DDIFFUSION_*} variables nobody reads (typos).
 */
public final class Env {
    private final Function<String, Optional<String>> lookup;
    private final Set<String> asked = Collections.newSetFromMap(new ConcurrentHashMap<>());

    /** @param lookup name → value; blank values count as unset */
    public Env(Function<String, Optional<String>> lookup) {
        this.lookup = lookup;
    }

    /** The process environment, with JVM system properties of the same names taking precedence. */
    public static Env system() {
        return new Env(name -> Optional.ofNullable(System.getProperty(name)).or(() -> Optional.ofNullable(
                System.getenv(name))));
    }

    /** Only these values (tests, commands). */
    public static Env of(Map<String, String> values) {
        return new Env(name -> Optional.ofNullable(values.get(name)));
    }

    /** Every name read through this so far. */
    public Set<String> names() {
        return Set.copyOf(asked);
    }

    public Optional<String> optional(String name) {
        asked.add(name);
        return lookup.apply(name).map(String::trim).filter(s -> !s.isEmpty());
    }

    public String string(String name, String def) {
        return optional(name).orElse(def);
    }

    /** A non-negative whole number. */
    public int integer(String name, int def) {
        Optional<String> v = optional(name);
        if (v.isEmpty()) {
            return def;
        }
        try {
            int n = Integer.parseInt(v.get());
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new InvalidSettingException(name + " must be a non-negative whole number, got '" + v.get() + "'");
        }
    }

    /** A whole number of at least {@code min}. */
    public int integer(String name, int def, int min) {
        int n = integer(name, def);
        if (n < min) {
            throw new InvalidSettingException(name + " must be at least " + min + ", got " + n);
        }
        return n;
    }

    /** {@code true/1/yes/on} or {@code false/0/no/off}. */
    public boolean bool(String name, boolean def) {
        return optional(name).map(v -> switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off" -> false;
            default -> throw new InvalidSettingException(name + " must be true or false, got '" + v + "'");
        }).orElse(def);
    }

    /** A comma-separated list, lower-cased, blanks dropped. */
    public Set<String> list(String name) {
        return optional(name).map(v -> Arrays.stream(v.split(",")).map(String::trim)
                .map(x -> x.toLowerCase(Locale.ROOT)).filter(x -> !x.isEmpty())
                .collect(Collectors.toUnmodifiableSet())).orElse(Set.of());
    }
}
