package dev.sharedsvc.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The tenant example of docs/tenants.md and the README is {@link AccountRepositoryTest}, which runs with this
 * module's tests: these checks keep the text and the test the same, so the example cannot drift from what runs.
 */
class DocumentedExampleTest {

    private static final Path EXAMPLE = Path.of("src/test/java/dev/sharedsvc/test/AccountRepositoryTest.java");
    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL);

    @Test
    void theTenantsPagesFirstExampleIsTheTestThatRuns() throws IOException {
        String example = firstJavaBlock(Path.of("..", "docs", "tenants.md"));

        assertThat("package dev.sharedsvc.test;\n\n" + example).isEqualTo(Files.readString(EXAMPLE));
    }

    @Test
    void theReadmesTenantExampleIsPartOfTheTestThatRuns() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        Matcher blocks = JAVA_BLOCK.matcher(readme);
        String example = null;
        while (blocks.find()) {
            if (blocks.group(1).contains("@IsolatedTenants")) {
                example = blocks.group(1);
            }
        }

        assertThat(example).as("a java block with @IsolatedTenants in the README").isNotNull();
        assertThat(Files.readString(EXAMPLE)).contains(example);
    }

    private static String firstJavaBlock(Path markdown) throws IOException {
        Matcher block = JAVA_BLOCK.matcher(Files.readString(markdown));
        assertThat(block.find()).as("a java block in " + markdown).isTrue();
        return block.group(1);
    }
}
