package dev.sharedsvc.redis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Which Redis database index each (environment, purpose) pair uses on a shared server: the table teams used to
 * keep by hand and copy into every {@code REDIS_URL}, as one validated value.
 *
 * <pre>{@code
 * RedisLayout layout = RedisLayout.parse(
 *         "prod.broker=0, prod.cache=1, staging.broker=2, staging.cache=3, dev.broker=4, dev.cache=5");
 * RedisTarget cache = layout.resolve("prod", "cache");          // database 1, evictable
 * RedisURI uri = cache.uri(RedisURI.create(System.getenv("REDIS_URL")));
 * }</pre>
 *
 * <h2>Text form</h2>
 * One line fits an environment variable, a properties value and a YAML scalar alike. Entries are separated by
 * {@code ,}, {@code ;} or line breaks (in any mix); blanks around entries, keys and values are ignored, empty
 * entries are skipped. An entry is one of:
 * <ul>
 *   <li>{@code environment.purpose=index}: the pair uses that database index (a decimal number from 0);</li>
 *   <li>{@code environment.purpose=index shared}: the same, and the index may be used by other pairs that are
 *       also marked {@code shared} (every pair on a shared index must say so);</li>
 *   <li>{@code purpose=durable} or {@code purpose=evictable}: the purpose's {@link Durability} (by default every
 *       purpose is durable except {@code cache});</li>
 *   <li>{@code databases=count}: the number of databases the server is expected to have (its {@code databases}
 *       setting); every index must be below it. Default {@value #DEFAULT_DATABASES}, as in Redis.</li>
 * </ul>
 * Environment and purpose names are 1 to 32 characters: lower-case ASCII letters, digits, {@code -} and
 * {@code _}, starting with a letter (so they are safe in a key prefix, a property name and an env var value).
 * {@link #toString()} prints the canonical form, which {@link #parse(String)} reads back to an equal layout.
 *
 * <h2>Validation</h2>
 * {@link #parse(String)} and {@link Builder#build()} check everything at once and throw a
 * {@link RedisLayoutException} listing every problem: malformed entries, invalid names, a pair assigned twice, an
 * index that is negative or not below {@code databases}, an index used by several pairs not all marked shared, a
 * durability declared for a purpose that no pair uses, and an empty layout.
 *
 * <p>Immutable and thread-safe. Two layouts are equal when they assign the same indexes with the same sharing,
 * durability and database count, whatever the order of their entries.
 */
public final class RedisLayout {

    /** The number of databases a Redis server has unless its {@code databases} setting says otherwise. */
    public static final int DEFAULT_DATABASES = 16;

    private static final int MAX_NAME_LENGTH = 32;
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]{0," + (MAX_NAME_LENGTH - 1) + "}");
    private static final Pattern SEPARATORS = Pattern.compile("[,;\\r\\n]");
    private static final Pattern INDEX_VALUE = Pattern.compile("(\\d{1,10})(\\s+shared)?");
    private static final String DATABASES_KEY = "databases";
    private static final String ENTRY_FORMS =
            "environment.purpose=index [shared], purpose=durable|evictable or databases=count";

    private final Map<String, Assignment> assignments;
    private final List<String> order;
    private final Map<String, Durability> declaredDurability;
    private final int databases;

    private RedisLayout(Builder builder) {
        this.assignments = Map.copyOf(builder.assignments);
        this.order = List.copyOf(builder.assignments.keySet());
        this.declaredDurability = builder.declaredDurability.entrySet().stream()
                .filter(declared -> declared.getValue() != Durability.defaultFor(declared.getKey()))
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));
        this.databases = builder.databases;
    }

    /** A builder for a layout in code. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads a layout from its text form (see the class description).
     *
     * @throws RedisLayoutException naming every malformed entry and every validation problem
     */
    public static RedisLayout parse(String text) {
        Objects.requireNonNull(text, "text");
        Builder builder = builder();
        List<String> problems = new ArrayList<>();
        for (String raw : SEPARATORS.split(text)) {
            String entry = raw.strip();
            if (!entry.isEmpty()) {
                readEntry(entry, builder, problems);
            }
        }
        problems.addAll(builder.problems());
        throwIfAny(problems);
        return new RedisLayout(builder);
    }

    private static void readEntry(String entry, Builder builder, List<String> problems) {
        int equals = entry.indexOf('=');
        if (equals < 0) {
            problems.add("entry '" + entry + "' has no '='; expected " + ENTRY_FORMS);
            return;
        }
        String key = entry.substring(0, equals).strip();
        String value = entry.substring(equals + 1).strip();
        int dot = key.indexOf('.');
        if (dot >= 0) {
            Matcher matcher = INDEX_VALUE.matcher(value);
            Long index = matcher.matches() ? Long.valueOf(matcher.group(1)) : null;
            if (index == null || index > Integer.MAX_VALUE) {
                problems.add("entry '" + entry + "': '" + value
                        + "' is not a database index (a number from 0, optionally followed by ' shared')");
                return;
            }
            builder.add(key.substring(0, dot), key.substring(dot + 1), index.intValue(), matcher.group(2) != null);
        } else if (key.equals(DATABASES_KEY) && value.matches("\\d{1,10}") && Long.parseLong(value) <= Integer.MAX_VALUE) {
            builder.databases(Integer.parseInt(value));
        } else if (value.equals(Durability.DURABLE.word()) || value.equals(Durability.EVICTABLE.word())) {
            builder.durability(key, Durability.valueOf(value.toUpperCase(Locale.ROOT)));
        } else {
            problems.add("entry '" + entry + "' is not understood; expected " + ENTRY_FORMS);
        }
    }

    private static void throwIfAny(List<String> problems) {
        if (!problems.isEmpty()) {
            throw new RedisLayoutException("Invalid Redis layout: " + String.join("; ", problems));
        }
    }

    /**
     * The target of a pair, isolated by its database index (a {@link RedisServerCheck} may switch it to a key
     * prefix on a server without databases).
     *
     * @throws RedisLayoutException when the layout has no such environment, or no such purpose in it; the message
     *                              lists the ones it has
     */
    public RedisTarget resolve(String environment, String purpose) {
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(purpose, "purpose");
        Assignment assignment = assignments.get(pair(environment, purpose));
        if (assignment != null) {
            return target(assignment);
        }
        requireEnvironment(environment);
        throw new RedisLayoutException("No Redis purpose '" + purpose + "' in environment '" + environment
                + "': it has " + String.join(", ", purposesOf(environment)) + " (purposes in the whole layout: "
                + String.join(", ", purposes()) + ")");
    }

    /**
     * The targets of the given purposes of one environment, in that order; all of its purposes, in layout order,
     * when none are given.
     *
     * @throws RedisLayoutException as {@link #resolve(String, String)}
     */
    public List<RedisTarget> targets(String environment, String... purposes) {
        requireEnvironment(environment);
        List<String> wanted = purposes.length == 0 ? purposesOf(environment) : List.of(purposes);
        return wanted.stream().map(purpose -> resolve(environment, purpose)).collect(Collectors.toUnmodifiableList());
    }

    private void requireEnvironment(String environment) {
        Set<String> environments = environments();
        if (!environments.contains(environment)) {
            throw new RedisLayoutException("Unknown Redis environment '" + environment
                    + "': the layout knows " + String.join(", ", environments));
        }
    }

    /** The target of every pair, in layout order; what a command-line check of the whole server looks at. */
    public List<RedisTarget> targets() {
        return order.stream().map(assignments::get).map(this::target).collect(Collectors.toUnmodifiableList());
    }

    private RedisTarget target(Assignment assignment) {
        return new RedisTarget(assignment.environment(), assignment.purpose(), assignment.index(),
                durability(assignment.purpose()), RedisTarget.Isolation.DATABASE);
    }

    private List<String> purposesOf(String environment) {
        return order.stream().map(assignments::get).filter(a -> a.environment().equals(environment))
                .map(Assignment::purpose).collect(Collectors.toList());
    }

    /** The environments, in the order they first appear. */
    public Set<String> environments() {
        return order.stream().map(assignments::get).map(Assignment::environment)
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /** The purposes, in the order they first appear. */
    public Set<String> purposes() {
        return order.stream().map(assignments::get).map(Assignment::purpose)
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /** The durability of a purpose: as declared, else {@link Durability#EVICTABLE} for {@code cache} only. */
    public Durability durability(String purpose) {
        return declaredDurability.getOrDefault(purpose, Durability.defaultFor(purpose));
    }

    /** The number of databases the server is expected to have; every index is below it. */
    public int databases() {
        return databases;
    }

    /** The canonical text form, which {@link #parse(String)} reads back to an equal layout. */
    @Override
    public String toString() {
        List<String> entries = new ArrayList<>();
        for (String pair : order) {
            Assignment assignment = assignments.get(pair);
            entries.add(pair + "=" + assignment.index() + (assignment.shared() ? " shared" : ""));
        }
        new TreeMap<>(declaredDurability).forEach((purpose, durability) -> entries.add(purpose + "=" + durability.word()));
        if (databases != DEFAULT_DATABASES) {
            entries.add(DATABASES_KEY + "=" + databases);
        }
        return String.join(", ", entries);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RedisLayout
                && assignments.equals(((RedisLayout) other).assignments)
                && declaredDurability.equals(((RedisLayout) other).declaredDurability)
                && databases == ((RedisLayout) other).databases;
    }

    @Override
    public int hashCode() {
        return Objects.hash(assignments, declaredDurability, databases);
    }

    private static String pair(String environment, String purpose) {
        return environment + "." + purpose;
    }

    private record Assignment(String environment, String purpose, int index, boolean shared) {
    }

    /**
     * Collects the entries of a layout; {@link #build()} validates them all at once. Not thread-safe; use it from
     * one thread.
     */
    public static final class Builder {

        private final Map<String, Assignment> assignments = new LinkedHashMap<>();
        private final Map<String, Durability> declaredDurability = new LinkedHashMap<>();
        private final List<String> duplicates = new ArrayList<>();
        private int databases = DEFAULT_DATABASES;

        private Builder() {
        }

        /** The pair uses database {@code index}, which no other pair may use. */
        public Builder assign(String environment, String purpose, int index) {
            return add(environment, purpose, index, false);
        }

        /** The pair uses database {@code index}, together with the other pairs assigned to it with this method. */
        public Builder assignShared(String environment, String purpose, int index) {
            return add(environment, purpose, index, true);
        }

        private Builder add(String environment, String purpose, int index, boolean shared) {
            Objects.requireNonNull(environment, "environment");
            Objects.requireNonNull(purpose, "purpose");
            Assignment assignment = new Assignment(environment, purpose, index, shared);
            Assignment earlier = assignments.putIfAbsent(pair(environment, purpose), assignment);
            if (earlier != null) {
                duplicates.add(pair(environment, purpose) + " is assigned twice (" + earlier.index() + " and " + index
                        + "); keep one entry");
            }
            return this;
        }

        /** Declares a purpose durable or evictable, overriding the default (only {@code cache} is evictable). */
        public Builder durability(String purpose, Durability durability) {
            declaredDurability.put(Objects.requireNonNull(purpose, "purpose"),
                    Objects.requireNonNull(durability, "durability"));
            return this;
        }

        /** The number of databases the server has ({@code databases} in redis.conf); at least 1, default 16. */
        public Builder databases(int databases) {
            this.databases = databases;
            return this;
        }

        /**
         * The layout.
         *
         * @throws RedisLayoutException listing every problem (see {@link RedisLayout})
         */
        public RedisLayout build() {
            throwIfAny(problems());
            return new RedisLayout(this);
        }

        private List<String> problems() {
            List<String> problems = new ArrayList<>(duplicates);
            if (assignments.isEmpty()) {
                problems.add("it assigns no database; expected entries such as prod.cache=1");
            }
            if (databases < 1) {
                problems.add("databases=" + databases + " must be at least 1");
            }
            Map<Integer, List<Assignment>> byIndex = new TreeMap<>();
            for (Assignment assignment : assignments.values()) {
                checkName("environment", assignment.environment(), pair(assignment.environment(), assignment.purpose()), problems);
                checkName("purpose", assignment.purpose(), pair(assignment.environment(), assignment.purpose()), problems);
                checkIndex(assignment, problems);
                byIndex.computeIfAbsent(assignment.index(), i -> new ArrayList<>()).add(assignment);
            }
            byIndex.forEach((index, users) -> {
                if (users.size() > 1 && !users.stream().allMatch(Assignment::shared)) {
                    problems.add("database " + index + " is assigned to " + users.stream()
                            .map(a -> pair(a.environment(), a.purpose()) + (a.shared() ? " (shared)" : ""))
                            .collect(Collectors.joining(", "))
                            + "; give each pair its own index, or mark every pair on it 'shared'");
                }
            });
            Set<String> purposes = assignments.values().stream().map(Assignment::purpose).collect(Collectors.toSet());
            declaredDurability.keySet().stream().filter(purpose -> !purposes.contains(purpose)).forEach(purpose ->
                    problems.add("purpose '" + purpose + "' is declared " + declaredDurability.get(purpose).word()
                            + " but no pair uses it; the purposes are " + String.join(", ", new TreeSet<>(purposes))));
            return problems;
        }

        private void checkIndex(Assignment assignment, List<String> problems) {
            String pair = pair(assignment.environment(), assignment.purpose());
            if (assignment.index() < 0) {
                problems.add(pair + ": index " + assignment.index() + " is negative; database indexes start at 0");
            } else if (databases >= 1 && assignment.index() >= databases) {
                problems.add(pair + ": index " + assignment.index() + " is not below databases=" + databases
                        + " (indexes 0 to " + (databases - 1) + "); choose a lower index or declare more databases");
            }
        }

        private static void checkName(String kind, String name, String pair, List<String> problems) {
            if (!NAME.matcher(name).matches()) {
                problems.add(kind + " '" + name + "' in " + pair + " is not a valid name: use 1 to " + MAX_NAME_LENGTH
                        + " lower-case letters, digits, '-' or '_', starting with a letter");
            }
        }
    }
}
