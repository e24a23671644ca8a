package dev.sharedsvc.tenant;

import static dev.sharedsvc.tenant.TestTenants.databaseExists;
import static dev.sharedsvc.tenant.TestTenants.roleExists;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepTest {

    @TempDir
    Path directory;

    @Test
    void aRunKilledMidRunIsSweptByTheNextRunWhileALiveRunKeepsItsTenants() throws Exception {
        Child survivor = Child.start(directory.resolve("survivor.log"), 2);
        Child killed = Child.start(directory.resolve("killed.log"), 3);
        List<String> killedObjects = TestTenants.markedBy(killed.run);
        List<String> survivorObjects = TestTenants.markedBy(survivor.run);
        assertThat(killedObjects).containsAll(killed.tenants);
        assertThat(survivorObjects).containsAll(survivor.tenants);

        killed.process.destroyForcibly();
        assertThat(killed.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        // Killed mid-run: its worker may have been half-way through a tenant; whatever it made is marked.
        killedObjects = TestTenants.markedBy(killed.run);
        assertThat(killedObjects).isNotEmpty();

        TestTenants.pool().template(TestTenants.migrated()).size(0).start().close();

        assertThat(TestTenants.markedBy(killed.run)).isEmpty();
        for (String name : killedObjects) {
            assertThat(databaseExists(name) || roleExists(name)).as(name).isFalse();
        }
        assertThat(TestTenants.markedBy(survivor.run)).containsExactlyInAnyOrderElementsOf(survivorObjects);
        for (String tenant : survivor.tenants) {
            assertThat(databaseExists(tenant) && roleExists(tenant)).as(tenant).isTrue();
        }

        assertThat(survivor.quit()).isEqualTo("CLOSED");
        assertThat(TestTenants.markedBy(survivor.run)).isEmpty();
    }

    @Test
    void aDatabaseMadeBeforeItsMarkerIsSweptThroughTheMarkedRoleThatOwnsIt() throws Exception {
        String name = "sharedsvc_tenant_unmarked_" + Long.toHexString(System.nanoTime());
        try (Connection admin = TestTenants.asAdmin(TestTenants.server().database())) {
            TestTenants.execute(admin, "CREATE ROLE " + name + " LOGIN; COMMENT ON ROLE " + name + " IS '"
                    + Marker.tenant(0x0bad_cafe, TestTenants.server().database()) + "'",
                    "CREATE DATABASE " + name + " OWNER " + name);

            TestTenants.pool().template(TestTenants.migrated()).size(0).start().close();

            assertThat(databaseExists(name) || roleExists(name)).isFalse();
        }
    }

    @Test
    void tenantsOfRunsThatLockInAnotherDatabaseAreLeftAlone() throws Exception {
        String name = "sharedsvc_tenant_elsewhere_" + Long.toHexString(System.nanoTime());
        try (Connection admin = TestTenants.asAdmin(TestTenants.server().database())) {
            TestTenants.execute(admin, "CREATE ROLE " + name + " LOGIN; COMMENT ON ROLE " + name + " IS '"
                    + Marker.tenant(0x0bad_cafe, "another_maintenance_database") + "'");
            try {
                TestTenants.pool().template(TestTenants.migrated()).size(0).start().close();

                assertThat(roleExists(name)).as("its run's lock cannot be seen from here").isTrue();
            } finally {
                Cloner.dropRole(admin, name);
            }
        }
    }

    /** A {@link ChildRun} holding tenants. */
    private static final class Child {

        final Process process;
        final Path log;
        final BufferedReader out;
        final String run;
        final List<String> tenants = new ArrayList<>();

        private Child(Process process, Path log) throws IOException {
            this.process = process;
            this.log = log;
            this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            this.run = line().substring("RUN ".length());
            for (String line = line(); !line.equals("READY"); line = line()) {
                tenants.add(line.substring("TENANT ".length()));
            }
        }

        static Child start(Path log, int tenants) throws IOException {
            return new Child(TestTenants.startChild(log, "hold", Integer.toString(tenants)), log);
        }

        private String line() throws IOException {
            String line = out.readLine();
            assertThat(line).as("output of the child; its log:%n%s", Files.readString(log)).isNotNull();
            return line;
        }

        /** Asks the child to close its pool and exit; returns its last line. */
        String quit() throws Exception {
            try (Writer in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8)) {
                in.write("quit\n");
            }
            String last = line();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            return last;
        }
    }
}
