package org.billing.iam.server.cli;

import java.util.List;
import org.billing.iam.server.config.ConfigLoader;
import org.billing.iam.server.config.DataDirectory;
import org.billing.iam.server.config.ServerConfig;
import org.billing.iam.server.runtime.Database;

/** {@code iam migrate}: applies pending schema migrations and exits. */
public final class MigrateCommand implements Command {

    @Override
    public String name() {
        return "migrate";
    }

    @Override
    public String arguments() {
        return "";
    }

    @Override
    public String description() {
        return "Apply pending database migrations and exit";
    }

    @Override
    public int run(List<String> arguments, CommandContext context) {
        if (!arguments.isEmpty()) {
            context.err().println("migrate takes no arguments.");
            return CommandLine.EXIT_USAGE;
        }
        ServerConfig config = ConfigLoader.load(context.environment());
        if (config.database().isEmbedded()) {
            DataDirectory.prepare(config.dataDirectory());
        }
        try (Database database = Database.open(config)) {
            int applied = database.migrate();
            context.out().println("Applied " + applied + " migration(s) to the " + database.mode() + " database.");
        }
        return 0;
    }
}
