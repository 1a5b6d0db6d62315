package org.billing.iam.server.cli;

import java.util.List;

/**
 * One sub-command of the {@code iam} command line, such as {@code serve} or
 * {@code migrate}. Commands that an operator adds later, like {@code create-admin}, implement
 * this and are listed in {@link CommandLine#standard}.
 */
public interface Command {

    /** Returns the word that selects this command. */
    String name();

    /** Returns the argument synopsis after the name, such as {@code EMAIL "NAME"}, or an empty string. */
    String arguments();

    /** Returns a one-line description for the usage text. */
    String description();

    /**
     * Runs the command and returns the process exit code: 0 for success, 1 for failure,
     * 2 for wrong usage.
     */
    int run(List<String> arguments, CommandContext context) throws Exception;
}
