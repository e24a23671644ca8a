package dev.sharedsvc.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** The pool is used without JUnit (the benchmarks; JUnit is only provided to sharedsvc-test), so none of it may name JUnit. */
class FreeOfJUnitTest {

    @Test
    void noClassOfTheTenantPackageRefersToJUnit() throws IOException, URISyntaxException {
        Path root = Path.of(TenantPool.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<Path> classes;
        try (Stream<Path> files = Files.walk(root.resolve("dev/sharedsvc/tenant"))) {
            classes = files.filter(file -> file.toString().endsWith(".class")).toList();
        }
        assertThat(classes).isNotEmpty();
        for (Path file : classes) {
            // Class files name the classes they use in their constant pool, as org/junit/...
            assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1))
                    .as("%s refers to JUnit", root.relativize(file)).doesNotContain("org/junit");
        }
    }
}
