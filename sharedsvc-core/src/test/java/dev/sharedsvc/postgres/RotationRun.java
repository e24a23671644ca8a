package dev.sharedsvc.postgres;

import java.time.Duration;

/**
 * A rotation in a JVM of its own, to be killed halfway: {@code <url> <admin user> <database>} rotates the
 * application password of {@code database} (roles by duty) to the one in {@value #NEW_PASSWORD}, waiting up to a
 * minute for the old login's sessions to end. The administrator's password is in {@value #ADMIN_PASSWORD}.
 */
public final class RotationRun {

    static final String ADMIN_PASSWORD = "ROTATION_ADMIN_PASSWORD";
    static final String NEW_PASSWORD = "ROTATION_NEW_PASSWORD";

    private RotationRun() {
    }

    public static void main(String[] arguments) {
        ServiceDatabase service = ServiceDatabase.builder(arguments[2])
                .applicationRole(Secret.of(System.getenv(NEW_PASSWORD))).build();
        try (PostgresAdmin admin = PostgresAdmin.connect(arguments[0], arguments[1],
                Secret.of(System.getenv(ADMIN_PASSWORD)))) {
            System.out.println(PasswordRotation.of(admin, service).rotate(Secret.of(System.getenv(NEW_PASSWORD)),
                    Duration.ofMinutes(1)));
        }
    }
}
