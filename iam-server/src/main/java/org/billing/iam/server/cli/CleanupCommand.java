package org.billing.iam.server.cli;

import java.util.List;
import org.billing.iam.core.cleanup.CleanupJob.CleanupReport;
import org.billing.iam.server.config.ConfigLoader;
import org.billing.iam.server.runtime.StandaloneCore;

/**
 * {@code iam cleanup}: runs the clean-up job once, as {@code serve} does on its interval, and
 * prints how many rows it deleted.
 */
public final class CleanupCommand implements Command {

    @Override
    public String name() {
        return "cleanup";
    }

    @Override
    public String arguments() {
        return "";
    }

    @Override
    public String description() {
        return "Delete sessions ended over 30 days ago and expired rate-limit counters, once";
    }

    @Override
    public int run(List<String> arguments, CommandContext context) {
        if (!arguments.isEmpty()) {
            context.err().println("cleanup takes no arguments.");
            return CommandLine.EXIT_USAGE;
        }
        try (StandaloneCore services = StandaloneCore.open(ConfigLoader.load(context.environment()), context.clock())) {
            CleanupReport report = services.core().lifecycle().cleanup().run();
            context.out().println("Deleted " + report.sessions() + " session(s) and " + report.rateLimitCounters()
                    + " rate-limit counter(s).");
        }
        return 0;
    }
}
