package dev.sharedsvc.bootstrap;

import static dev.sharedsvc.config.Setting.POSTGRES_ADMIN_PASSWORD;
import static dev.sharedsvc.config.Setting.POSTGRES_ADMIN_USER;
import static dev.sharedsvc.config.Setting.POSTGRES_CONNECTION_LIMIT;
import static dev.sharedsvc.config.Setting.POSTGRES_DATABASE;
import static dev.sharedsvc.config.Setting.POSTGRES_EXTENSIONS;
import static dev.sharedsvc.config.Setting.POSTGRES_PASSWORD;
import static dev.sharedsvc.config.Setting.POSTGRES_ROLE;
import static dev.sharedsvc.config.Setting.POSTGRES_SCHEMAS;
import static dev.sharedsvc.config.Setting.POSTGRES_URL;
import static dev.sharedsvc.config.Setting.SERVICE;

import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.regex.Pattern;

import dev.sharedsvc.config.Mode;
import dev.sharedsvc.config.Setting;
import dev.sharedsvc.config.SharedServicesConfig;
import dev.sharedsvc.postgres.Action;
import dev.sharedsvc.postgres.ActionKind;
import dev.sharedsvc.postgres.ServiceCheck;

/**
 * Explains a database and role that are not in place to a service that may not fix them itself (modes verify and
 * off): the missing piece, the command line that makes it, and the SQL an administrator could run instead.
 */
final class NotInPlace {

    /** What {@code sharedsvc-cli ensure} needs to know, besides the secrets, to provision this service. */
    private static final List<Setting> ENSURE_SETTINGS = List.of(SERVICE, POSTGRES_URL, POSTGRES_DATABASE,
            POSTGRES_ROLE, POSTGRES_CONNECTION_LIMIT, POSTGRES_EXTENSIONS, POSTGRES_SCHEMAS, POSTGRES_ADMIN_USER);
    private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9_./:=@,+%-]+");

    private NotInPlace() {
    }

    static String explain(SharedServicesConfig config, ServiceCheck check) {
        StringBuilder text = new StringBuilder(config.mode() == Mode.OFF
                ? "mode off leaves the database and role to others, and " : "mode verify changes nothing, and ");
        check.loginRefused().ifPresentOrElse(
                refusal -> text.append(refusal),
                () -> {
                    text.append(check.plan().actions().size()).append(" piece(s) are missing in ")
                            .append(config.serviceDatabase().database()).append(':');
                    check.plan().actions().forEach(action -> text.append("\n  missing: ").append(action));
                });
        text.append("\nFix: with administrator credentials, run\n  ").append(command(config));
        if (!check.plan().isEmpty()) {
            text.append("\nor run as an administrator:");
            for (Action action : check.plan().actions()) {
                text.append("\n  ").append(action.sql()).append(';');
                if (action.kind() == ActionKind.CREATE_SCHEMA || action.kind() == ActionKind.CREATE_EXTENSION) {
                    text.append("   -- in database ").append(config.serviceDatabase().database());
                }
            }
        }
        return text.append("\nor give this service ").append(POSTGRES_ADMIN_PASSWORD.environmentVariable())
                .append(" and mode ensure, and start it again.").toString();
    }

    /**
     * The {@code sharedsvc-cli ensure} line for this service: its settings as environment variables, the secrets as
     * {@code _FILE} variables naming placeholder files.
     */
    static String command(SharedServicesConfig config) {
        Map<String, String> environment = config.toEnvironment();
        // The database and role are named only where they differ from their defaults (the service, the database).
        environment.remove(POSTGRES_DATABASE.environmentVariable(), config.service());
        environment.remove(POSTGRES_ROLE.environmentVariable(), config.serviceDatabase().database());
        StringJoiner line = new StringJoiner(" ");
        for (Setting setting : ENSURE_SETTINGS) {
            String value = environment.get(setting.environmentVariable());
            if (value != null) {
                line.add(setting.environmentVariable() + "=" + shellWord(value));
            }
        }
        line.add(POSTGRES_PASSWORD.fileEnvironmentVariable().orElseThrow() + "="
                + shellWord("<file holding the password of role " + config.serviceDatabase().owner() + ">"));
        line.add(POSTGRES_ADMIN_PASSWORD.fileEnvironmentVariable().orElseThrow() + "="
                + shellWord("<file holding the password of "
                        + config.admin().map(admin -> admin.user()).orElse(SharedServicesConfig.DEFAULT_ADMIN_USER) + ">"));
        return line.add("sharedsvc-cli ensure").toString();
    }

    /** {@code text} as one shell word: as it is when safe, else in single quotes. */
    private static String shellWord(String text) {
        return SHELL_SAFE.matcher(text).matches() ? text : "'" + text.replace("'", "'\\''") + "'";
    }
}
