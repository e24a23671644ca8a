package dev.sharedsvc.quarkus.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.quarkus.bootstrap.app.CuratedApplication;
import io.quarkus.bootstrap.app.QuarkusBootstrap;

/**
 * Builds the test application for production, as {@code ./mvnw package} does: with a native image requested
 * ({@code -Dnative}; sources only, so no GraalVM is needed to get there) the build stops, at build time, with the
 * extension's message; without, the same application builds.
 */
class NativeImageRefusalTest {

    @Test
    void aNativeBuildStopsAtBuildTimeWithTheExtensionsMessage(@TempDir Path target) throws Exception {
        Properties nativeSources = new Properties();
        nativeSources.setProperty("quarkus.native.enabled", "true");
        nativeSources.setProperty("quarkus.native.sources-only", "true");

        Throwable failure = build(nativeSources, target);

        assertThat(failure).as("the native build").isNotNull()
                .hasStackTraceContaining("sharedsvc-quarkus-extension does not support native images yet")
                .hasStackTraceContaining("Build a JVM application instead");
        try (var files = Files.list(target)) {
            assertThat(files.map(file -> file.getFileName().toString())).as("nothing was packaged")
                    .noneMatch(name -> name.contains("native-image-source-jar") || name.equals("quarkus-app"));
        }
    }

    @Test
    void theSameApplicationBuildsForTheJvm(@TempDir Path target) throws Exception {
        assertThat(build(new Properties(), target)).as("the JVM build").isNull();
        assertThat(target.resolve("quarkus-app/quarkus-run.jar")).exists();
    }

    private static Throwable build(Properties properties, Path target) throws Exception {
        Path project = Path.of("").toAbsolutePath();
        try (CuratedApplication application = QuarkusBootstrap.builder()
                .setApplicationRoot(project.resolve("target/classes"))
                .setProjectRoot(project)
                .setTargetDirectory(target)
                .setMode(QuarkusBootstrap.Mode.PROD)
                .setBuildSystemProperties(properties)
                .setLocalProjectDiscovery(true)
                .setIsolateDeployment(true)
                .build()
                .bootstrap()) {
            return catchThrowable(() -> application.createAugmentor().createProductionApplication());
        }
    }
}
