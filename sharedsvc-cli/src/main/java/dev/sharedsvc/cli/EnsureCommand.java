package dev.sharedsvc.cli;

import dev.sharedsvc.postgres.ActionKind;
import dev.sharedsvc.postgres.PostgresAdmin;
import dev.sharedsvc.postgres.ProvisioningResult;
import dev.sharedsvc.postgres.ServiceDatabase;
import picocli.CommandLine.Command;

/** Makes every database and role exist as described, and prints what it changed. */
@Command(name = "ensure", sortOptions = false, mixinStandardHelpOptions = true,
        header = "Create or fix databases and roles; prints what it changed.",
        description = {"Create or fix databases and their roles, as the administrator; idempotent, safe to run at every"
                + " start and from many places at once. Prints what it changed.",
                "Exit codes: 0 done, 1 failed, 3 credentials rejected, 64 bad flag, spec file or setting."})
final class EnsureCommand extends ProvisionCommand {

    @Override
    int provision(PostgresAdmin admin, ServiceDatabase database) {
        ProvisioningResult result = admin.ensure(database);
        System.out.println(result);
        if (result.did(ActionKind.CREATE_ROLE) && database.password().isEmpty()) {
            System.out.println("  NOTE role " + database.owner() + " was created without a password, so it cannot"
                    + " log in with one; give it one (see the password rule) and run ensure again");
        }
        return result.actions().size();
    }

    @Override
    String changed() {
        return "changed";
    }

    @Override
    String unchanged() {
        return "already in place";
    }

    @Override
    int exitCode(int touched) {
        return ExitCode.OK;
    }
}
