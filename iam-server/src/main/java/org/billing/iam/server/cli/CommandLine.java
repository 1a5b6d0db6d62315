package org.billing.iam.server.cli;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.billing.iam.server.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Dispatches {@code iam COMMAND [ARGUMENTS]} to a {@link Command} and prints usage. */
public final class CommandLine {

    private static final Logger log = LoggerFactory.getLogger(CommandLine.class);

    /** Exit code for a command that failed. */
    public static final int EXIT_FAILURE = 1;

    /** Exit code for wrong usage: no command, an unknown command or wrong arguments. */
    public static final int EXIT_USAGE = 2;

    private static final List<String> HELP = List.of("help", "--help", "-h");

    private final Map<String, Command> commands = new LinkedHashMap<>();

    public CommandLine(List<Command> commands) {
        for (Command command : commands) {
            this.commands.put(command.name(), command);
        }
    }

    /** Returns the command line with every built-in command. */
    public static CommandLine standard() {
        return new CommandLine(List.of(new ServeCommand(), new MigrateCommand(), new CleanupCommand(),
                new CreateAdminCommand(), new SubscriptionCommand()));
    }

    /** Runs the command named by {@code args[0]} and returns the exit code. */
    public int run(String[] args, CommandContext context) {
        if (args.length == 0) {
            context.err().println("No command given.");
            printUsage(context);
            return EXIT_USAGE;
        }
        if (HELP.contains(args[0])) {
            context.out().print(usage());
            return 0;
        }
        Command command = commands.get(args[0]);
        if (command == null) {
            context.err().println("Unknown command '" + args[0] + "'.");
            printUsage(context);
            return EXIT_USAGE;
        }
        List<String> arguments = Arrays.asList(args).subList(1, args.length);
        try {
            return command.run(arguments, context);
        } catch (ConfigException e) {
            context.err().println("Invalid configuration: " + e.getMessage());
            return EXIT_FAILURE;
        } catch (Exception e) {
            log.error("Command {} failed", command.name(), e);
            context.err().println("Command " + command.name() + " failed: " + e.getMessage());
            return EXIT_FAILURE;
        }
    }

    /** Writes the usage text to standard error, as after a usage mistake. */
    private void printUsage(CommandContext context) {
        context.err().print(usage());
    }

    /** Returns the usage text listing every command. */
    public String usage() {
        StringBuilder text = new StringBuilder("Usage: iam COMMAND [ARGUMENTS]\n\nCommands:\n");
        for (Command command : commands.values()) {
            String synopsis = (command.name() + " " + command.arguments()).strip();
            text.append(String.format("  %-32s %s%n", synopsis, command.description()));
        }
        text.append(String.format("  %-32s %s%n", "help", "Print this help"));
        text.append("\nConfiguration comes from IAM_* environment variables; see README.md.\n");
        return text.toString();
    }
}
