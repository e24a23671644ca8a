package dev.sharedsvc.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class RedisLayoutPropertiesTest {

    /** One assignment as a test generates it; may be invalid. */
    record Entry(String environment, String purpose, int index, boolean shared) {

        String pair() {
            return environment + "." + purpose;
        }
    }

    @Property(tries = 500)
    void printedLayoutsParseBackEqual(@ForAll("layouts") RedisLayout layout, @ForAll("separators") String separator) {
        String text = layout.toString();
        RedisLayout reparsed = RedisLayout.parse(text.replace(", ", separator));

        assertThat(reparsed).isEqualTo(layout);
        assertThat(reparsed).hasToString(text);
    }

    @Property(tries = 500)
    void noTwoPairsShareAnIndexUnlessAllOnItAreShared(@ForAll("entries") List<Entry> entries) {
        RedisLayout layout = tryBuild(entries);
        Map<Integer, List<Entry>> byIndex = unique(entries).stream().collect(Collectors.groupingBy(Entry::index));
        List<Entry> collisions = byIndex.values().stream()
                .filter(users -> users.size() > 1 && !users.stream().allMatch(Entry::shared))
                .findFirst().orElse(List.of());
        if (layout == null) {
            return;
        }
        assertThat(collisions).isEmpty();
        for (RedisTarget a : layout.targets()) {
            for (RedisTarget b : layout.targets()) {
                if (!a.equals(b) && a.database() == b.database()) {
                    assertThat(entry(entries, a).shared() && entry(entries, b).shared()).isTrue();
                }
            }
        }
    }

    @Property(tries = 500)
    void aCollisionIsRejectedNamingTheIndexAndThePairs(@ForAll("entries") List<Entry> entries) {
        List<Entry> users = unique(entries).stream().collect(Collectors.groupingBy(Entry::index)).values().stream()
                .filter(group -> group.size() > 1 && !group.stream().allMatch(Entry::shared))
                .findFirst().orElse(null);
        if (users == null) {
            return;
        }
        RedisLayoutException error = catchThrowableOfType(RedisLayoutException.class, () -> build(entries));
        assertThat(error.getMessage()).contains("database " + users.get(0).index() + " is assigned to ");
        users.forEach(user -> assertThat(error.getMessage()).contains(user.pair()));
    }

    @Property(tries = 500)
    void everyResolutionIsInsideTheDeclaredRange(@ForAll("entries") List<Entry> entries,
                                                 @ForAll @IntRange(min = 1, max = 40) int databases) {
        RedisLayout.Builder builder = builder(entries).databases(databases);
        List<Entry> outside = unique(entries).stream().filter(e -> e.index() >= databases).collect(Collectors.toList());
        if (!outside.isEmpty()) {
            assertThatThrownBy(builder::build).hasMessageContaining(
                    outside.get(0).pair() + ": index " + outside.get(0).index() + " is not below databases=" + databases);
            return;
        }
        RedisLayout layout = tryBuild(builder);
        if (layout != null) {
            for (Entry entry : unique(entries)) {
                assertThat(layout.resolve(entry.environment(), entry.purpose()).database())
                        .isEqualTo(entry.index()).isBetween(0, databases - 1);
            }
        }
    }

    @Property(tries = 500)
    void aBadEntryIsRejectedWithItsBadPartNamed(@ForAll("layouts") RedisLayout layout,
                                                @ForAll("badEntries") List<String> bad,
                                                @ForAll @IntRange(min = 0, max = 1000) int position) {
        List<String> entries = new ArrayList<>(List.of(layout.toString().split(", ")));
        entries.add(position % (entries.size() + 1), bad.get(0));

        assertThatThrownBy(() -> RedisLayout.parse(String.join(", ", entries)))
                .isInstanceOf(RedisLayoutException.class)
                .hasMessageStartingWith("Invalid Redis layout: ")
                .hasMessageContaining(bad.get(1));
    }

    @Provide
    Arbitrary<String> separators() {
        return Arbitraries.of(", ", ",", ";", "\n", " ;\r\n ", ",\n");
    }

    static Arbitrary<String> names() {
        Arbitrary<Character> first = Arbitraries.chars().range('a', 'z');
        Arbitrary<String> rest = Arbitraries.strings().withCharRange('a', 'z').withCharRange('0', '9').withChars("-_")
                .ofMaxLength(31);
        return Combinators.combine(first, rest).as((f, r) -> f + r);
    }

    /** Valid layouts: distinct indexes, some of them shared by several pairs, some durability declarations. */
    @Provide
    Arbitrary<RedisLayout> layouts() {
        Arbitrary<List<String>> environments = names().list().uniqueElements().ofMinSize(1).ofMaxSize(4);
        Arbitrary<List<String>> purposes = names().list().uniqueElements().ofMinSize(1).ofMaxSize(4);
        return Combinators.combine(environments, purposes, Arbitraries.integers().between(0, 48),
                Arbitraries.integers().between(0, 3), Arbitraries.randoms())
                .as((envs, purps, extraDatabases, sharedCount, random) -> {
                    int pairs = envs.size() * purps.size();
                    int databases = pairs + extraDatabases;
                    List<Integer> indexes = IntStream.range(0, databases).boxed().collect(Collectors.toList());
                    Collections.shuffle(indexes, random);
                    RedisLayout.Builder builder = RedisLayout.builder().databases(databases);
                    int next = 0;
                    for (String environment : envs) {
                        for (String purpose : purps) {
                            boolean shared = next < sharedCount && pairs > 1;
                            int index = shared ? indexes.get(0) : indexes.get(next);
                            if (shared) {
                                builder.assignShared(environment, purpose, index);
                            } else {
                                builder.assign(environment, purpose, index);
                            }
                            next++;
                        }
                    }
                    purps.stream().filter(p -> random.nextBoolean()).forEach(purpose -> builder.durability(purpose,
                            random.nextBoolean() ? Durability.DURABLE : Durability.EVICTABLE));
                    return builder.build();
                });
    }

    /** Assignments that may collide, be shared or lie beyond 16 databases. */
    @Provide
    Arbitrary<List<Entry>> entries() {
        Arbitrary<Entry> entry = Combinators.combine(Arbitraries.of("prod", "staging", "dev", "qa"),
                        Arbitraries.of("broker", "cache", "sessions"), Arbitraries.integers().between(0, 20),
                        Arbitraries.of(true, false))
                .as(Entry::new);
        return entry.list().ofMinSize(1).ofMaxSize(12);
    }

    /** A bad entry and the part of it the message must name. */
    @Provide
    Arbitrary<List<String>> badEntries() {
        Arbitrary<String> badChar = Arbitraries.of("A", "Z", ":", "/", "$", "!", "é", "{");
        Arbitrary<List<String>> badName = Combinators.combine(names(), badChar, Arbitraries.integers().between(0, 32))
                .as((name, c, at) -> {
                    String bad = name.substring(0, Math.min(at, name.length())) + c
                            + name.substring(Math.min(at, name.length()));
                    return List.of("zz" + bad.replace(".", "") + ".broker=63 shared", "'zz" + bad + "'");
                });
        Arbitrary<List<String>> badIndex = Arbitraries.of("-1", "x", "1.5", "0x10", "12345678901", "one", "2 shard")
                .map(index -> List.of("zz.broker=" + index, "'" + index + "' is not a database index"));
        Arbitrary<List<String>> noEquals = names().map(name -> List.of("zz" + name, "entry 'zz" + name + "' has no '='"));
        Arbitrary<List<String>> badKeyword = Arbitraries.of("volatile", "lru", "yes", "shared")
                .map(word -> List.of("broker=" + word, "entry 'broker=" + word + "' is not understood"));
        return Arbitraries.oneOf(badName, badIndex, noEquals, badKeyword);
    }

    private static List<Entry> unique(List<Entry> entries) {
        Set<String> seen = new HashSet<>();
        return entries.stream().filter(e -> seen.add(e.pair())).collect(Collectors.toList());
    }

    private static Entry entry(List<Entry> entries, RedisTarget target) {
        return unique(entries).stream().filter(e -> e.pair().equals(target.pair())).findFirst().orElseThrow();
    }

    private static RedisLayout.Builder builder(List<Entry> entries) {
        RedisLayout.Builder builder = RedisLayout.builder();
        for (Entry entry : unique(entries)) {
            if (entry.shared()) {
                builder.assignShared(entry.environment(), entry.purpose(), entry.index());
            } else {
                builder.assign(entry.environment(), entry.purpose(), entry.index());
            }
        }
        return builder;
    }

    private static RedisLayout build(List<Entry> entries) {
        return builder(entries).build();
    }

    private static RedisLayout tryBuild(List<Entry> entries) {
        return tryBuild(builder(entries));
    }

    private static RedisLayout tryBuild(RedisLayout.Builder builder) {
        try {
            return builder.build();
        } catch (RedisLayoutException e) {
            return null;
        }
    }
}
