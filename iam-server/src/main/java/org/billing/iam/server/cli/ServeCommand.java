package org.billing.iam.server.cli;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.billing.iam.server.config.ConfigLoader;
import org.billing.iam.server.runtime.Features;
import org.billing.iam.server.runtime.IamServer;

/**
 * {@code iam serve}: starts the database, applies migrations and serves HTTP until the
 * process receives SIGTERM or SIGINT, then shuts down cleanly from a shutdown hook.
 */
public final class ServeCommand implements Command {

    private final Features features;

    public ServeCommand() {
        this(Features.standard());
    }

    public ServeCommand(Features features) {
        this.features = features;
    }

    @Override
    public String name() {
        return "serve";
    }

    @Override
    public String arguments() {
        return "";
    }

    @Override
    public String description() {
        return "Start the database (embedded unless IAM_DATABASE_URL is set), migrate it and serve HTTP";
    }

    @Override
    public int run(List<String> arguments, CommandContext context) throws InterruptedException {
        if (!arguments.isEmpty()) {
            context.err().println("serve takes no arguments.");
            return CommandLine.EXIT_USAGE;
        }
        IamServer server = start(context);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop();
            stopped.countDown();
        }, "iam-shutdown"));
        stopped.await();
        return 0;
    }

    /** Loads the configuration and starts the server; the same path {@link #run} takes, without waiting. */
    public IamServer start(CommandContext context) {
        return IamServer.start(ConfigLoader.load(context.environment()), features, context.clock());
    }
}
