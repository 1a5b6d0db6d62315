package org.billing.iam.server.cli;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.billing.iam.core.account.AccountRules;
import org.billing.iam.core.error.IamException;
import org.billing.iam.core.permission.SubscriptionStatus;
import org.billing.iam.server.config.ConfigLoader;
import org.billing.iam.server.runtime.StandaloneCore;

/**
 * {@code iam subscription EMAIL STATUS}: sets the subscription status of an account. The change
 * is audited as {@code account.suspended}, {@code account.reactivated} or {@code account.updated},
 * and applies to the account's next request on every node.
 */
public final class SubscriptionCommand implements Command {

    private static final String STATUSES = String.join(", ",
            Arrays.stream(SubscriptionStatus.values()).map(Enum::name).toList());

    @Override
    public String name() {
        return "subscription";
    }

    @Override
    public String arguments() {
        return "EMAIL STATUS";
    }

    @Override
    public String description() {
        return "Set an account's subscription status: " + STATUSES;
    }

    @Override
    public int run(List<String> arguments, CommandContext context) {
        if (arguments.size() != 2) {
            context.err().println("subscription takes an email and a status, such as:"
                    + " iam subscription dr@example.org PAST_DUE");
            return CommandLine.EXIT_USAGE;
        }
        Optional<SubscriptionStatus> status =
                SubscriptionStatus.fromDatabase(arguments.get(1).strip().toUpperCase(Locale.ROOT));
        if (status.isEmpty()) {
            context.err().println("Unknown subscription status '" + arguments.get(1) + "'; use one of "
                    + STATUSES + ".");
            return CommandLine.EXIT_USAGE;
        }
        try (StandaloneCore services = StandaloneCore.open(ConfigLoader.load(context.environment()), context.clock())) {
            SubscriptionStatus previous = services.core().lifecycle().subscriptions()
                    .setSubscription(arguments.get(0), status.get());
            String email = AccountRules.canonicalEmail(arguments.get(0));
            context.out().println(previous == status.get()
                    ? "Subscription of " + email + " is already " + previous + "; nothing changed."
                    : "Subscription of " + email + " changed from " + previous + " to " + status.get() + ".");
            return 0;
        } catch (IamException e) {
            context.err().println("Failed to set the subscription: " + e.getMessage());
            return CommandLine.EXIT_FAILURE;
        }
    }
}
