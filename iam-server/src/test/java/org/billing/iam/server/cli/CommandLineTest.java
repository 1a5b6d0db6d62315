package org.billing.iam.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommandLineTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void helpPrintsUsageAndSucceeds() {
        int code = CommandLine.standard().run(new String[] {"help"}, context(Map.of()));

        assertThat(code).isZero();
        assertThat(out()).startsWith("Usage: iam COMMAND [ARGUMENTS]").contains("  serve ").contains("  migrate ")
                .contains("  help ");
    }

    @Test
    void unknownCommandPrintsUsageAndExits2() {
        int code = CommandLine.standard().run(new String[] {"launch"}, context(Map.of()));

        assertThat(code).isEqualTo(2);
        assertThat(err()).startsWith("Unknown command 'launch'.").contains("Usage: iam COMMAND");
    }

    @Test
    void noCommandExits2() {
        int code = CommandLine.standard().run(new String[0], context(Map.of()));

        assertThat(code).isEqualTo(2);
        assertThat(err()).contains("No command given.").contains("Usage: iam COMMAND");
    }

    @Test
    void extraArgumentsExit2() {
        int code = CommandLine.standard().run(new String[] {"migrate", "now"}, context(Map.of()));

        assertThat(code).isEqualTo(2);
        assertThat(err()).contains("migrate takes no arguments.");
    }

    @Test
    void invalidConfigurationExits1NamingVariable() {
        int code = CommandLine.standard().run(new String[] {"serve"},
                context(Map.of("IAM_DATABASE_URL", "jdbc:postgresql://127.0.0.1:1/iam")));

        assertThat(code).isEqualTo(1);
        assertThat(err()).startsWith("Invalid configuration: IAM_TOTP_ENCRYPTION_KEY is required");
    }

    @Test
    void addedCommandsAreDispatchedWithArguments() {
        Command createAdmin = new Command() {
            @Override
            public String name() {
                return "create-admin";
            }

            @Override
            public String arguments() {
                return "EMAIL \"NAME\"";
            }

            @Override
            public String description() {
                return "Create an administrator";
            }

            @Override
            public int run(List<String> arguments, CommandContext context) {
                context.out().println("created " + String.join("|", arguments));
                return 0;
            }
        };
        CommandLine commandLine = new CommandLine(List.of(new ServeCommand(), createAdmin));

        int code = commandLine.run(new String[] {"create-admin", "a@b.org", "Ada Lovelace"}, context(Map.of()));

        assertThat(code).isZero();
        assertThat(out()).isEqualTo("created a@b.org|Ada Lovelace" + System.lineSeparator());
        assertThat(commandLine.usage()).contains("create-admin EMAIL \"NAME\"");
    }

    private CommandContext context(Map<String, String> environment) {
        return new CommandContext(environment, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Clock.systemUTC());
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
