package dev.sharedsvc.postgres;

import static dev.sharedsvc.postgres.TestDatabases.drop;
import static dev.sharedsvc.postgres.TestDatabases.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.sharedsvc.embedded.PostgresSettings;

class ConcurrentEnsureTest {

    @Test
    void sixteenThreadsEnsuringTheSameServiceAllSucceedAndExactlyOneCreates() throws Exception {
        ServiceDatabase service = ServiceDatabase.builder(uniqueName("race")).password(Secret.of("race-Password-1"))
                .schemas("app").build();
        int threads = 16;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<ProvisioningResult>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> {
                    try (PostgresAdmin admin = TestDatabases.admin()) {
                        ready.countDown();
                        go.await();
                        return admin.ensure(service);
                    }
                }));
            }
            ready.await();
            go.countDown();
            List<ProvisioningResult> done = new ArrayList<>();
            for (Future<ProvisioningResult> result : results) {
                done.add(result.get(60, TimeUnit.SECONDS));
            }
            assertThat(done).filteredOn(r -> r.did(ActionKind.CREATE_ROLE)).hasSize(1);
            assertThat(done).filteredOn(r -> r.did(ActionKind.CREATE_DATABASE)).hasSize(1);
            assertThat(done).filteredOn(r -> r.did(ActionKind.CREATE_SCHEMA)).hasSize(1);
            assertThat(done).filteredOn(ProvisioningResult::changed).hasSize(1);
            TestDatabases.login(service.database(), service.owner(), "race-Password-1").close();
        } finally {
            pool.shutdownNow();
            drop(service);
        }
    }

    @Test
    void fourJvmsEnsuringTheSameServiceAllSucceedAndExactlyOneCreates(@TempDir Path dir) throws Exception {
        String name = uniqueName("jvmrace");
        PostgresSettings server = TestDatabases.server();
        Path go = dir.resolve("go");
        List<Process> processes = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                ProcessBuilder builder = new ProcessBuilder(javaExecutable(), "-cp", System.getProperty("java.class.path"),
                        EnsureProcess.class.getName(), server.jdbcUrl(), server.user(), name, go.toString())
                        .redirectError(ProcessBuilder.Redirect.DISCARD);
                builder.environment().put(EnsureProcess.PASSWORD_VARIABLE, server.password());
                processes.add(builder.start());
            }
            List<BufferedReader> outputs = new ArrayList<>();
            for (Process process : processes) {
                BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                assertThat(output.readLine()).isEqualTo("ready");
                outputs.add(output);
            }
            Files.createFile(go);
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < processes.size(); i++) {
                assertThat(processes.get(i).waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(processes.get(i).exitValue()).isZero();
                lines.add(outputs.get(i).readLine());
            }
            assertThat(lines).filteredOn(line -> line.contains("CREATE_DATABASE")).hasSize(1);
            assertThat(lines).filteredOn(line -> line.contains("CREATE_ROLE")).hasSize(1);
            assertThat(lines).filteredOn(line -> line.equals("[]")).hasSize(3);
        } finally {
            processes.forEach(Process::destroyForcibly);
            drop(ServiceDatabase.builder(name).build());
        }
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** One JVM of the race: connects, says "ready", waits for the go file, ensures, prints the action kinds. */
    static final class EnsureProcess {

        static final String PASSWORD_VARIABLE = "SHAREDSVC_TEST_ADMIN_PASSWORD";

        public static void main(String[] args) throws Exception {
            try (PostgresAdmin admin = PostgresAdmin.connect(args[0], args[1], Secret.of(System.getenv(PASSWORD_VARIABLE)))) {
                System.out.println("ready");
                System.out.flush();
                Path go = Path.of(args[3]);
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (!Files.exists(go) && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
                ProvisioningResult result = admin.ensure(ServiceDatabase.builder(args[2]).schemas("app").build());
                System.out.println(result.actions().stream().map(Action::kind).toList());
            }
        }
    }
}
