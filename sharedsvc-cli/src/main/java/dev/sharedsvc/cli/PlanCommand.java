package dev.sharedsvc.cli;

import dev.sharedsvc.postgres.PostgresAdmin;
import dev.sharedsvc.postgres.ProvisioningPlan;
import dev.sharedsvc.postgres.ServiceDatabase;
import picocli.CommandLine.Command;

/** What {@code ensure} would do, changing nothing; the exit code says whether it would change anything. */
@Command(name = "plan", sortOptions = false, mixinStandardHelpOptions = true,
        header = "What ensure would change; exit code 2 when anything.",
        description = {"Show what ensure would change, with its SQL, and change nothing. Takes the same flags.",
                "Exit codes: 0 nothing to change, 2 ensure would change something, 1 failed, 3 credentials rejected,"
                        + " 64 bad flag, spec file or setting."})
final class PlanCommand extends ProvisionCommand {

    @Override
    int provision(PostgresAdmin admin, ServiceDatabase database) {
        ProvisioningPlan plan = admin.plan(database);
        System.out.println(plan);
        return plan.actions().size();
    }

    @Override
    String changed() {
        return "would change";
    }

    @Override
    String unchanged() {
        return "in place";
    }

    @Override
    int exitCode(int touched) {
        return touched == 0 ? ExitCode.OK : ExitCode.CHANGES_PENDING;
    }
}
