package no.fjord.security.authserver;

import javax.sql.DataSource;
import no.fjord.common.schema.SchemaMigrations;

/**
 * The authorization tables at their newest version ({@code db/fjord/security/V*.sql}, see
 * {@link SchemaMigrations}); beans that use the tables depend on this one.
 */
public class SecuritySchema {

	public static final String MODULE = "security";

	public SecuritySchema(DataSource dataSource) {
		SchemaMigrations.migrate(dataSource, MODULE);
	}
}
