package no.fjord.security.authserver;

import javax.sql.DataSource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

/**
 * Creates the authorization tables ({@code no/fjord/security/schema.sql}) when they are missing. The
 * script is idempotent, so every start runs it; beans that use the tables depend on this one.
 */
public class SecuritySchema {

	public SecuritySchema(DataSource dataSource) {
		ResourceDatabasePopulator populator =
				new ResourceDatabasePopulator(new ClassPathResource("no/fjord/security/schema.sql"));
		populator.execute(dataSource);
	}
}
