package org.billing.iam.server.runtime;

import java.time.Clock;
import javax.sql.DataSource;
import org.billing.iam.core.mail.Mailer;
import org.billing.iam.server.config.ServerConfig;

/**
 * The running infrastructure that feature modules are built from: configuration, the
 * migrated database pool, the mailer, the clock and the background tasks.
 *
 * @param config validated configuration, including secrets and the public URL for links
 * @param dataSource pooled connections to the migrated database
 * @param mailer SMTP or outbox mailer, as configured
 * @param clock time source for services and tokens
 * @param backgroundTasks where features put work that must stop with the server
 */
public record Platform(ServerConfig config, DataSource dataSource, Mailer mailer, Clock clock,
        BackgroundTasks backgroundTasks) {
}
