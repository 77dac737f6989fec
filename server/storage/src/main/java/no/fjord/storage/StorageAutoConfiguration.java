package no.fjord.storage;

import java.time.Clock;
import no.fjord.storage.database.DatabaseOutages;
import no.fjord.storage.database.EmbeddedPostgresConfiguration;
import no.fjord.storage.jpa.JpaStorageConfiguration;
import no.fjord.storage.jpa.StorageInterceptorsConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.orm.jpa.HibernateJpaAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * Fjord's storage: PostgreSQL (embedded or external) and HAPI FHIR JPA R4. The REST endpoint over it is
 * the {@code fhir} module's.
 * It runs before Boot's own DataSource and JPA set-up, so those back off in favour of HAPI's.
 */
@AutoConfiguration(before = {DataSourceAutoConfiguration.class, HibernateJpaAutoConfiguration.class})
@EnableConfigurationProperties(StorageProperties.class)
@Import({EmbeddedPostgresConfiguration.class, JpaStorageConfiguration.class, StorageInterceptorsConfiguration.class})
public class StorageAutoConfiguration {

	@Bean
	DatabaseOutages databaseOutages() {
		return new DatabaseOutages(Clock.systemUTC());
	}
}
