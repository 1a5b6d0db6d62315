package org.billing.iam.schema;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/** Applies the schema migrations that ship in this module ({@code classpath:db/migration}). */
public final class Migrations {

    /** Location of the migration scripts on the class path. */
    public static final String LOCATION = "classpath:db/migration";

    private Migrations() {
    }

    /**
     * Migrates the database behind {@code dataSource} to the newest version.
     *
     * @return the number of migrations applied by this call, 0 when it was already current
     */
    public static int migrate(DataSource dataSource) {
        MigrateResult result = Flyway.configure()
                .dataSource(dataSource)
                .locations(LOCATION)
                .failOnMissingLocations(true)
                .load()
                .migrate();
        return result.migrationsExecuted;
    }
}
