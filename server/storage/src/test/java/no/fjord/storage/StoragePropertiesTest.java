package no.fjord.storage;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import java.nio.file.Path;
import java.time.Duration;
import no.fjord.common.fhir.FhirRestProperties;
import no.fjord.storage.jpa.JpaStorageSettingsMapper;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.context.ConfigurationPropertiesAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.validation.ValidationAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

/** Defaults, the mapping to HAPI's settings, and start-up failures that name the offending key. */
class StoragePropertiesTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(
					ConfigurationPropertiesAutoConfiguration.class, ValidationAutoConfiguration.class))
			.withUserConfiguration(PropertiesOnly.class);

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties({StorageProperties.class, FhirRestProperties.class})
	static class PropertiesOnly {}

	@Test
	void defaultsNeedNoConfiguration() {
		runner.run(context -> {
			StorageProperties storage = context.getBean(StorageProperties.class);
			assertThat(storage.embedded().dataDir().normalize()).isEqualTo(Path.of("data", "postgres"));
			assertThat(storage.embedded().connectionTimeout()).isEqualTo(Duration.ofSeconds(3));
			assertThat(storage.embedded().watchInterval()).isEqualTo(Duration.ofSeconds(1));
			assertThat(storage.fulltext().enabled()).isTrue();
			assertThat(storage.search().reuseCachedResults()).isEqualTo(Duration.ZERO);
			assertThat(storage.jobs().maintenanceInterval()).isEqualTo(Duration.ofSeconds(1));
			FhirRestProperties fhir = context.getBean(FhirRestProperties.class);
			assertThat(fhir.maxBodySize()).isEqualTo(DataSize.ofMegabytes(16));
			assertThat(fhir.maxNestingDepth()).isEqualTo(64);
		});
	}

	@Test
	void aTooShortJobIntervalFailsStartUpNamingTheKey() {
		runner.withPropertyValues("fjord.storage.jobs.maintenance-interval=10ms").run(context -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).getRootCause()
					.hasMessageContaining("fjord.storage.jobs.maintenance-interval");
		});
	}

	@Test
	void aConnectionTimeoutBelowThePoolsFloorFailsStartUpNamingTheKey() {
		runner.withPropertyValues("fjord.storage.embedded.connection-timeout=100ms").run(context -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).getRootCause()
					.hasMessageContaining("fjord.storage.embedded.connection-timeout");
		});
	}

	@Test
	void anInvalidNestingLimitFailsStartUpNamingTheKey() {
		runner.withPropertyValues("fjord.fhir.max-nesting-depth=2").run(context -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).hasStackTraceContaining("fjord.fhir")
					.hasStackTraceContaining("maxNestingDepth");
		});
	}

	@Test
	void settingsForASharedRecordAreMappedToHapi() {
		runner.withPropertyValues("fjord.storage.search.reuse-cached-results=30s",
				"fjord.storage.bulk-export.reuse-jobs=false").run(context -> {
			JpaStorageSettings settings = JpaStorageSettingsMapper.toSettings(context.getBean(StorageProperties.class));
			assertThat(settings.getResourceServerIdStrategy()).isEqualTo(JpaStorageSettings.IdStrategyEnum.UUID);
			assertThat(settings.isAllowMultipleDelete()).isFalse();
			assertThat(settings.isEnforceReferentialIntegrityOnDelete()).isTrue();
			assertThat(settings.getReuseCachedSearchResultsForMillis()).isEqualTo(30_000L);
			assertThat(settings.getEnableBulkExportJobReuse()).isFalse();
			assertThat(settings.isHibernateSearchIndexFullText()).isTrue();
		});
	}

	@Test
	void noSearchResultReuseByDefault() {
		runner.run(context -> assertThat(JpaStorageSettingsMapper.toSettings(context.getBean(StorageProperties.class))
				.getReuseCachedSearchResultsForMillis()).isNull());
	}
}
