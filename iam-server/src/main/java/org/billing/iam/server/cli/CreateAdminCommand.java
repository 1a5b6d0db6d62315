package org.billing.iam.server.cli;

import java.util.List;
import java.util.UUID;
import org.billing.iam.core.account.AccountRules;
import org.billing.iam.core.error.IamException;
import org.billing.iam.server.config.ConfigLoader;
import org.billing.iam.server.runtime.StandaloneCore;

/**
 * {@code iam create-admin EMAIL "FULL NAME"}: creates an ADMIN account and emails it a link,
 * valid for 72 hours, to the password page. The administrator then chooses a password there and
 * sets up an authenticator app at the first sign-in. No password is ever typed on the command
 * line, where shell history and process lists would keep it.
 */
public final class CreateAdminCommand implements Command {

    @Override
    public String name() {
        return "create-admin";
    }

    @Override
    public String arguments() {
        return "EMAIL \"FULL NAME\"";
    }

    @Override
    public String description() {
        return "Create an administrator and email them a link to choose a password";
    }

    @Override
    public int run(List<String> arguments, CommandContext context) {
        if (arguments.size() != 2) {
            context.err().println("create-admin takes an email and a full name, such as:"
                    + " iam create-admin admin@example.org \"Ada Lovelace\"");
            return CommandLine.EXIT_USAGE;
        }
        try (StandaloneCore services = StandaloneCore.open(ConfigLoader.load(context.environment()), context.clock())) {
            UUID userId = services.core().lifecycle().adminProvisioning()
                    .createAdmin(arguments.get(0), arguments.get(1));
            context.out().println("Created administrator " + userId + " and emailed the enrolment link to "
                    + AccountRules.canonicalEmail(arguments.get(0)) + ".");
            return 0;
        } catch (IamException e) {
            // Validation and business rule messages name the problem and hold no secret.
            context.err().println("Failed to create the administrator: " + e.getMessage());
            return CommandLine.EXIT_FAILURE;
        }
    }
}
