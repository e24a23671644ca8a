package dev.sharedsvc.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class SettingTest {

    /** The configuration table row (docs/configuration.md) of a setting: key, variables, properties, default, meaning. */
    private static String row(Setting setting) {
        StringBuilder variables = new StringBuilder("`" + setting.environmentVariable() + "`");
        setting.fileEnvironmentVariable().ifPresent(file -> variables.append("<br>`").append(file).append('`'));
        for (String alias : setting.aliases()) {
            variables.append("<br>`").append(alias).append('`');
            if (setting.secret()) {
                variables.append("<br>`").append(alias).append("_FILE`");
            }
        }
        String properties = "`" + setting.property() + "`"
                + setting.fileProperty().map(file -> "<br>`" + file + "`").orElse("");
        return "| `" + setting.property().substring(Setting.PREFIX.length()) + "` | " + variables + " | " + properties
                + " | " + setting.defaultValue() + " | " + setting.description() + " |";
    }

    @Test
    void theConfigurationPagesTableListsEverySettingAsItIsDefined() throws IOException {
        String table = Files.readString(Path.of("..", "docs", "configuration.md"));

        for (Setting setting : Setting.values()) {
            assertThat(table).as(setting.property()).contains(row(setting) + "\n");
        }
        assertThat(table.lines().filter(line -> line.startsWith("| `") && line.contains("`SHAREDSVC_"))
                .filter(line -> line.contains("` | `sharedsvc.")).count()).isEqualTo(Setting.values().length);
    }

    @Test
    void everySettingHasAVariableOfItsOwnByTheDocumentedRule() {
        Set<String> variables = new HashSet<>();
        for (Setting setting : Setting.values()) {
            assertThat(setting.property()).startsWith("sharedsvc.").matches("[a-z.-]+");
            assertThat(setting.environmentVariable())
                    .isEqualTo(setting.property().toUpperCase().replaceAll("[.-]", "_"));
            assertThat(variables.add(setting.environmentVariable())).as(setting.environmentVariable()).isTrue();
            setting.aliases().forEach(alias -> assertThat(variables.add(alias)).as(alias).isTrue());
        }
    }

    @Test
    void onlySecretsHaveFileForms() {
        for (Setting setting : Setting.values()) {
            assertThat(setting.fileEnvironmentVariable().isPresent()).as(setting.property()).isEqualTo(setting.secret());
            setting.fileProperty().ifPresent(file -> assertThat(file).isEqualTo(setting.property() + "-file"));
        }
    }
}
