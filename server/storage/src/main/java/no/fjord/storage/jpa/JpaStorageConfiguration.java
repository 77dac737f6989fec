package no.fjord.storage.jpa;

import ca.uhn.fhir.batch2.api.IJobMaintenanceService;
import ca.uhn.fhir.batch2.jobs.config.Batch2JobsConfig;
import ca.uhn.fhir.batch2.maintenance.JobMaintenanceServiceImpl;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.api.config.ThreadPoolFactoryConfig;
import ca.uhn.fhir.jpa.batch2.JpaBatch2Config;
import ca.uhn.fhir.jpa.config.HapiJpaConfig;
import ca.uhn.fhir.jpa.config.r4.JpaR4Config;
import ca.uhn.fhir.jpa.config.util.HapiEntityManagerFactoryUtil;
import ca.uhn.fhir.jpa.model.config.PartitionSettings;
import ca.uhn.fhir.jpa.model.config.SubscriptionSettings;
import ca.uhn.fhir.jpa.model.dialect.HapiFhirPostgresDialect;
import ca.uhn.fhir.jpa.search.reindex.ResourceReindexer;
import ca.uhn.fhir.jpa.subscription.channel.config.SubscriptionChannelConfig;
import jakarta.persistence.EntityManagerFactory;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;
import no.fjord.common.schema.SchemaMigrations;
import no.fjord.storage.StorageProperties;
import no.fjord.storage.fulltext.FulltextBacklog;
import no.fjord.storage.fulltext.FulltextBacklogRepair;
import no.fjord.storage.fulltext.FulltextCountCorrection;
import no.fjord.storage.fulltext.FulltextHibernateProperties;
import no.fjord.storage.integrity.ReferentialIntegritySchema;
import no.fjord.storage.schema.SchemaMigration;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * HAPI FHIR JPA (R4) on PostgreSQL: the HAPI configurations Fjord needs, HAPI's settings objects built
 * from {@link StorageProperties}, and the entity manager over a schema that {@link SchemaMigration}
 * has brought up to date (Hibernate only validates it).
 */
@Configuration(proxyBeanMethods = false)
@Import({
	ThreadPoolFactoryConfig.class,
	SubscriptionChannelConfig.class,
	JpaR4Config.class,
	HapiJpaConfig.class,
	JpaBatch2Config.class,
	Batch2JobsConfig.class
})
public class JpaStorageConfiguration {

	@Bean
	JpaStorageSettings jpaStorageSettings(StorageProperties properties) {
		return JpaStorageSettingsMapper.toSettings(properties);
	}

	@Bean
	PartitionSettings partitionSettings() {
		return new PartitionSettings();
	}

	@Bean
	SubscriptionSettings subscriptionSettings() {
		return new SubscriptionSettings();
	}

	/** Set before the schedulers start, which happens when the context has been refreshed. */
	@Bean
	JobMaintenanceInterval jobMaintenanceInterval(IJobMaintenanceService maintenance, StorageProperties properties) {
		long millis = properties.jobs().maintenanceInterval().toMillis();
		if (maintenance instanceof JobMaintenanceServiceImpl impl) {
			impl.setScheduledJobFrequencyMillis(millis);
		}
		return new JobMaintenanceInterval(millis);
	}

	/** The batch job maintenance interval in force. */
	public record JobMaintenanceInterval(long millis) {}

	@Bean
	SchemaMigration schemaMigration(DataSource dataSource) {
		SchemaMigration migration = new SchemaMigration(dataSource);
		migration.migrateToCurrent();
		ReferentialIntegritySchema.install(new JdbcTemplate(dataSource));
		SchemaMigrations.migrate(dataSource, "storage");
		return migration;
	}

	/** Counts of full-text searches that other parameters narrow are made by running the search. */
	@Bean
	static FulltextCountCorrection fulltextCountCorrection() {
		return new FulltextCountCorrection();
	}

	/** Index entries that could not be written wait here; their table exists once the schema is migrated. */
	@Bean
	FulltextBacklog fulltextBacklog(DataSource dataSource, SchemaMigration schemaMigration) {
		return new FulltextBacklog(new JdbcTemplate(dataSource));
	}

	@Bean
	FulltextBacklogRepair fulltextBacklogRepair(FulltextBacklog backlog, EntityManagerFactory entityManagers,
			PlatformTransactionManager transactionManager, ResourceReindexer reindexer, StorageProperties properties) {
		FulltextBacklogRepair repair = new FulltextBacklogRepair(backlog, entityManagers, transactionManager,
				reindexer, properties.fulltext().repairInterval());
		if (properties.fulltext().enabled()) {
			repair.start();
		}
		return repair;
	}

	@Bean
	@Primary
	LocalContainerEntityManagerFactoryBean entityManagerFactory(
			ConfigurableListableBeanFactory beanFactory,
			FhirContext fhirContext,
			JpaStorageSettings storageSettings,
			DataSource dataSource,
			SchemaMigration schemaMigration,
			FulltextBacklog fulltextBacklog,
			StorageProperties properties) {
		LocalContainerEntityManagerFactoryBean factory =
				HapiEntityManagerFactoryUtil.newEntityManagerFactory(beanFactory, fhirContext, storageSettings);
		factory.setPersistenceUnitName("HAPI_PU");
		factory.setDataSource(dataSource);
		factory.setJpaPropertyMap(hibernateProperties(properties, fulltextBacklog));
		return factory;
	}

	private static Map<String, Object> hibernateProperties(StorageProperties properties, FulltextBacklog fulltextBacklog) {
		Map<String, Object> hibernate = new HashMap<>();
		hibernate.put("hibernate.dialect", HapiFhirPostgresDialect.class.getName());
		// The schema belongs to SchemaMigration; Hibernate only checks that it matches the entities.
		hibernate.put("hibernate.hbm2ddl.auto", "validate");
		hibernate.put("hibernate.jdbc.batch_size", "50");
		hibernate.put("hibernate.order_inserts", "true");
		hibernate.put("hibernate.order_updates", "true");
		hibernate.put("hibernate.cache.use_second_level_cache", "false");
		hibernate.put("hibernate.cache.use_query_cache", "false");
		hibernate.put("hibernate.cache.use_structured_entries", "false");
		hibernate.put("hibernate.cache.use_minimal_puts", "false");
		hibernate.putAll(FulltextHibernateProperties.of(properties.fulltext(), fulltextBacklog));
		return hibernate;
	}

	@Bean
	@Primary
	JpaTransactionManager transactionManager(EntityManagerFactory entityManagerFactory) {
		return new JpaTransactionManager(entityManagerFactory);
	}
}
