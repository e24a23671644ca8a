package dev.sharedsvc.tenant;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

import dev.sharedsvc.postgres.Secret;

/**
 * A run in a JVM of its own, for the tests that need two: {@code <url> <user> template <location>} starts a pool on
 * the migrations at {@code location} and prints whether it built the template; {@code <url> <user> hold <count>}
 * takes {@code count} tenants, prints their names and {@code READY}, and holds them until it reads a line (or is
 * killed). The administrator's password comes from {@value TestTenants#PASSWORD_VARIABLE}.
 */
public final class ChildRun {

    private ChildRun() {
    }

    public static void main(String[] arguments) throws Exception {
        TenantPool.Builder builder = TenantPool.builder(arguments[0], arguments[1],
                Secret.of(System.getenv(TestTenants.PASSWORD_VARIABLE)));
        if (arguments[2].equals("template")) {
            try (TenantPool pool = builder.template(TenantTemplate.builder().migrations(arguments[3]).build())
                    .size(0).start()) {
                System.out.println("TEMPLATE " + (pool.builtTemplate() ? "built " : "reused ") + pool.templateDatabase());
            }
            return;
        }
        try (TenantPool pool = builder.template(TestTenants.migrated()).size(2).start()) {
            System.out.println("RUN " + pool.runId());
            for (int i = 0; i < Integer.parseInt(arguments[3]); i++) {
                System.out.println("TENANT " + pool.acquire().database());
            }
            System.out.println("READY");
            System.out.flush();
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        }
        System.out.println("CLOSED");
    }
}
