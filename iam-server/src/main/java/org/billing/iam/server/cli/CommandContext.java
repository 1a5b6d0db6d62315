package org.billing.iam.server.cli;

import java.io.PrintStream;
import java.time.Clock;
import java.util.Map;

/**
 * The surroundings of a running command: the environment it reads configuration from,
 * the output streams for messages to the operator, and the clock.
 *
 * @param environment environment variables, {@link System#getenv()} in production
 * @param out standard output
 * @param err standard error
 * @param clock time source
 */
public record CommandContext(Map<String, String> environment, PrintStream out, PrintStream err, Clock clock) {

    /** Returns the context of the real process. */
    public static CommandContext system() {
        return new CommandContext(System.getenv(), System.out, System.err, Clock.systemUTC());
    }
}
