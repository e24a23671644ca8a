package dev.sharedsvc.embedded;

import java.nio.file.Path;
import java.time.Duration;

/** A second JVM for {@link DevServersTest}: starts or joins the servers of a directory and prints what it found. */
public final class DevServersStartOrJoin {

    private DevServersStartOrJoin() {
    }

    public static void main(String[] args) {
        DevServers.Status status = DevServers.builder()
                .directory(Path.of(args[0]))
                .postgresPort(Integer.parseInt(args[1]))
                .redisPort(Integer.parseInt(args[2]))
                .idleTimeout(Duration.ZERO)
                .build()
                .startOrJoin();
        System.out.println((status.startedNow() ? "started " : "joined ") + status.postgres().port() + " "
                + status.redis().port());
    }
}
