package dev.sharedsvc.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class ConnectionBudgetTest {

    @Test
    void theRoomOfARoleIsItsLimitOrWhatTheServerHasLeft() {
        assertThat(new ConnectionBudget(200, 3, 0, "backend", 20, 2, 40, List.of()).roomForRole()).isEqualTo(20);
        assertThat(new ConnectionBudget(200, 3, 0, "backend", -1, 2, 40, List.of()).roomForRole()).isEqualTo(197);
        assertThat(new ConnectionBudget(100, 3, 5, "backend", 500, 1, 500, List.of()).roomForRole()).isEqualTo(92);
        assertThat(new ConnectionBudget(2, 3, 0, "backend", -1, 0, 0, List.of()).available()).isZero();
    }

    @Test
    void limitsAddingUpToMoreThanTheServerHasAreAWarningWithTheNumbers() {
        ConnectionBudget budget = new ConnectionBudget(200, 3, 2, "backend", 100, 3, 230, List.of("keycloak"));

        assertThat(budget.overcommitted()).isTrue();
        assertThat(budget.warning()).hasValue("the connection limits of 3 login roles add up to 230, more than the 195"
                + " connections the server has for them (max_connections 200 - superuser_reserved_connections 3"
                + " - reserved_connections 2); when they all connect at once some get 'too many clients': lower the"
                + " limits or raise max_connections; 1 login role without a limit (keycloak) come on top");
        assertThat(budget).hasToString("195 of max_connections 200 for login roles (3 reserved for superusers, 2"
                + " reserved_connections); role backend limited to 100; limits of 3 login roles sum to 230 (over 195);"
                + " 1 login role without a limit (keycloak)");
    }

    @Test
    void limitsThatFitAreNoWarning() {
        ConnectionBudget budget = new ConnectionBudget(200, 3, 0, "backend", -1, 1, 20,
                List.of("a", "b", "c", "d", "e", "f", "g"));

        assertThat(budget.warning()).isEmpty();
        assertThat(budget).hasToString("197 of max_connections 200 for login roles (3 reserved for superusers); role"
                + " backend has no limit; limits of 1 login role sum to 20; 7 login roles without a limit (a, b, c, d,"
                + " e and 2 more)");
    }
}
