package dev.sharedsvc.embedded;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Finds the programs of Debian packages that some embedded servers run ({@code pgbouncer}, {@code redis-sentinel}). */
final class Executables {

    private Executables() {
    }

    /**
     * The program {@code name} from the {@code PATH}, or from {@code /usr/sbin} and {@code /usr/bin} where Debian
     * installs it.
     *
     * @throws EmbeddedServerException naming the Debian package to install when it is nowhere
     */
    static Path find(String name, String debianPackage) {
        List<String> directories = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
        directories.add("/usr/sbin");
        directories.add("/usr/bin");
        for (String directory : directories) {
            if (directory.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(directory, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new EmbeddedServerException(name + " is not installed: apt-get install " + debianPackage);
    }

    /** Whether this JVM runs as root, where servers that refuse root are told to switch to {@code nobody}. */
    static boolean runningAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }
}
