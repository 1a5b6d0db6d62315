package org.billing.iam.server;

import org.billing.iam.server.cli.CommandContext;
import org.billing.iam.server.cli.CommandLine;

/** Entry point of {@code iam-server.jar}: {@code java -jar iam-server.jar COMMAND [ARGUMENTS]}. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        // The server draws QR codes into images and never opens a window.
        System.setProperty("java.awt.headless", "true");
        int exitCode = CommandLine.standard().run(args, CommandContext.system());
        System.exit(exitCode);
    }
}
