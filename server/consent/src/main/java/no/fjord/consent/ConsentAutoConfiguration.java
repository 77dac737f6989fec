package no.fjord.consent;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import java.time.Clock;
import javax.sql.DataSource;
import no.fjord.common.access.BlockingCheck;
import no.fjord.common.ModuleSwitchedOff;
import no.fjord.common.fhir.FhirServerCustomizer;
import no.fjord.common.fhir.FhirStorageCustomizer;
import no.fjord.common.schema.SchemaMigrations;
import no.fjord.consent.address.AddressProtectionInterceptor;
import no.fjord.consent.address.ExportAddressProtection;
import no.fjord.consent.blocking.ActiveBlockings;
import no.fjord.consent.blocking.BlockingChangesInterceptor;
import no.fjord.consent.blocking.BlockingRefresh;
import no.fjord.consent.blocking.BlockingSearch;
import no.fjord.consent.blocking.BlockingWriteInterceptor;
import no.fjord.consent.caller.CallerResolver;
import no.fjord.consent.emergency.EmergencyAccessWindows;
import no.fjord.consent.export.ExportCallerInterceptor;
import no.fjord.consent.export.ExportCallers;
import no.fjord.consent.export.ExportConsentInterceptor;
import no.fjord.consent.hapi.BlockedInstanceOperationsInterceptor;
import no.fjord.consent.hapi.BlockedWritesInterceptor;
import no.fjord.consent.hapi.BlockingConsentService;
import no.fjord.consent.hapi.FjordConsentInterceptor;
import no.fjord.consent.hapi.PersonBlockingCheck;
import no.fjord.consent.hapi.HiddenPatientRecords;
import no.fjord.storage.StorageAutoConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Blockings (sperring), emergency access and address protection on every path to the data: REST
 * interactions through HAPI's consent hooks, writes, and Bulk Data export jobs.
 */
@AutoConfiguration(after = StorageAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(ConsentProperties.class)
public class ConsentAutoConfiguration {

	/** The consent tables at their newest version ({@code db/fjord/consent/V*.sql}). */
	public record ConsentSchema() {
		static ConsentSchema create(DataSource dataSource) {
			SchemaMigrations.migrate(dataSource, "consent");
			return new ConsentSchema();
		}
	}

	@Bean
	ConsentSchema consentSchema(DataSource dataSource) {
		return ConsentSchema.create(dataSource);
	}

	@Bean
	ActiveBlockings activeBlockings(DaoRegistry daos) {
		BlockingSearch search = new BlockingSearch(daos);
		return new ActiveBlockings(search::all, search::ofPatient);
	}

	@Bean
	@ConditionalOnProperty(name = "fjord.consent.enabled", havingValue = "true", matchIfMissing = true)
	BlockingRefresh blockingRefresh(JdbcTemplate jdbc, ActiveBlockings blockings, ConsentProperties properties) {
		return new BlockingRefresh(jdbc, blockings, properties.refreshInterval());
	}

	@Bean
	CallerResolver callerResolver(DaoRegistry daos, ConsentProperties properties) {
		return new CallerResolver(daos, properties.callerCacheTime());
	}

	@Bean
	EmergencyAccessWindows emergencyAccessWindows(JdbcTemplate jdbc, ConsentSchema schema,
			ConsentProperties properties, ObjectProvider<Clock> clock) {
		return new EmergencyAccessWindows(jdbc, properties.emergencyAccessDuration(),
				clock.getIfAvailable(Clock::systemUTC));
	}

	@Bean
	ExportCallers exportCallers(JdbcTemplate jdbc, ConsentSchema schema, ObjectProvider<Clock> clock) {
		return new ExportCallers(jdbc, clock.getIfAvailable(Clock::systemUTC));
	}

	@Bean
	BlockingConsentService blockingConsentService(FhirContext context, ActiveBlockings blockings,
			CallerResolver callers, EmergencyAccessWindows emergencyAccess, ObjectProvider<Clock> clock) {
		return new BlockingConsentService(context, blockings, callers, emergencyAccess,
				clock.getIfAvailable(Clock::systemUTC));
	}

	/** Asked by the SMART patient picker and EHR launch, which live in security. */
	@Bean
	@ConditionalOnProperty(name = "fjord.consent.enabled", havingValue = "true", matchIfMissing = true)
	BlockingCheck personBlockingCheck(CallerResolver callers, BlockingConsentService service) {
		return new PersonBlockingCheck(callers, service);
	}

	/** For the audit trail: whose records a blocked caller may not look into at all. */
	@Bean
	HiddenPatientRecords hiddenPatientRecords(BlockingConsentService service, ActiveBlockings blockings,
			ObjectProvider<Clock> clock) {
		return new HiddenPatientRecords(service, blockings, clock.getIfAvailable(Clock::systemUTC));
	}

	/** Blockings stay enforceable and current on this server, whatever writes them. */
	@Bean
	FhirStorageCustomizer blockingWrites(ActiveBlockings blockings) {
		return storage -> {
			storage.registerInterceptor(new BlockingWriteInterceptor());
			storage.registerInterceptor(new BlockingChangesInterceptor(blockings));
		};
	}

	/** Export jobs run without a request: their consent is decided on HAPI's storage. */
	@Bean
	@ConditionalOnProperty(name = "fjord.consent.enabled", havingValue = "true", matchIfMissing = true)
	FhirStorageCustomizer exportConsent(BlockingConsentService service, ExportCallers exportCallers) {
		return storage -> {
			storage.registerInterceptor(new ExportConsentInterceptor(service, exportCallers));
			storage.registerInterceptor(new ExportAddressProtection());
		};
	}

	@Bean
	@Order(40)
	@ConditionalOnProperty(name = "fjord.consent.enabled", havingValue = "true", matchIfMissing = true)
	FhirServerCustomizer consentEnforcement(BlockingConsentService service, CallerResolver callers,
			ExportCallers exportCallers, DaoRegistry daos) {
		return server -> {
			server.registerInterceptor(new FjordConsentInterceptor(service));
			server.registerInterceptor(new BlockedInstanceOperationsInterceptor(service, daos));
			server.registerInterceptor(new BlockedWritesInterceptor(service));
			server.registerInterceptor(new ExportCallerInterceptor(callers, exportCallers));
			server.registerInterceptor(new AddressProtectionInterceptor());
		};
	}

	@Bean
	@ConditionalOnProperty(name = "fjord.consent.enabled", havingValue = "false")
	ModuleSwitchedOff consentSwitchedOff() {
		return ModuleSwitchedOff.warn("CONSENT", "fjord.consent.enabled",
				"blockings and address protection are not enforced");
	}
}
