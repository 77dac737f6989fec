package no.fjord.audit;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import java.time.Clock;
import javax.sql.DataSource;
import no.fjord.audit.fhir.AgentNames;
import no.fjord.audit.fhir.AuditEventResourceProvider;
import no.fjord.audit.fhir.AuditEventWritesInterceptor;
import no.fjord.audit.fhir.AuditTrailSearch;
import no.fjord.audit.portal.AccessLogPage;
import no.fjord.audit.trail.AuditInterceptor;
import no.fjord.audit.trail.AuditRetention;
import no.fjord.audit.trail.AuditWriter;
import no.fjord.audit.trail.AuthorizationAudit;
import no.fjord.audit.trail.RequestAudit;
import no.fjord.common.access.PatientsHiddenFromCaller;
import no.fjord.common.ModuleSwitchedOff;
import no.fjord.common.fhir.FhirServerCustomizer;
import no.fjord.common.fhir.FhirStorageCustomizer;
import no.fjord.common.schema.SchemaMigrations;
import no.fjord.security.portal.People;
import no.fjord.storage.StorageAutoConfiguration;
import org.hl7.fhir.r4.model.AuditEvent;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The audit trail: every FHIR interaction, token issuance and launch recorded before it is answered, and
 * served back, read-only, as AuditEvent.
 */
@AutoConfiguration(after = StorageAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(AuditProperties.class)
public class AuditAutoConfiguration {

	/** The audit table at its newest version ({@code db/fjord/audit/V*.sql}). */
	public record AuditSchema() {
	}

	@Bean
	AuditSchema auditSchema(DataSource dataSource) {
		SchemaMigrations.migrate(dataSource, "audit");
		return new AuditSchema();
	}

	@Bean
	AuditTrailSearch auditTrailSearch(JdbcTemplate jdbc, AuditSchema schema) {
		return new AuditTrailSearch(jdbc);
	}

	@Bean
	AgentNames agentNames(DaoRegistry daos) {
		return new AgentNames(daos);
	}

	/** The patient's access log as a page, for patients logged in at Fjord's own login. */
	@Bean
	AccessLogPage accessLogPage(ObjectProvider<People> people, AuditTrailSearch trail, AgentNames names) {
		return new AccessLogPage(people, trail, names);
	}

	@Bean(destroyMethod = "close")
	@ConditionalOnProperty(name = "fjord.audit.enabled", havingValue = "true", matchIfMissing = true)
	AuditWriter auditWriter(DataSource dataSource, AuditSchema schema, AuditProperties properties) {
		return new AuditWriter(dataSource, properties.writeTimeout());
	}

	@Bean
	@ConditionalOnProperty(name = "fjord.audit.enabled", havingValue = "true", matchIfMissing = true)
	AuthorizationAudit authorizationAudit(AuditWriter writer, ObjectProvider<Clock> clock) {
		return new AuthorizationAudit(writer, clock.getIfAvailable(Clock::systemUTC));
	}

	@Bean(destroyMethod = "close")
	AuditRetention auditRetention(JdbcTemplate jdbc, AuditSchema schema, AuditProperties properties,
			ObjectProvider<Clock> clock) {
		AuditRetention retention = new AuditRetention(jdbc, properties.retention(), clock.getIfAvailable(Clock::systemUTC));
		retention.start();
		return retention;
	}

	/** AuditEvents are never stored through HAPI, whatever the path (transactions, conditional writes). */
	@Bean
	FhirStorageCustomizer auditEventAppendOnly() {
		return storage -> storage.registerInterceptor(new AuditEventWritesInterceptor());
	}

	/** Replaces HAPI's stored AuditEvent type with the read-only view of the audit trail. */
	@Bean
	@Order(5)
	FhirServerCustomizer auditEventProvider(AuditTrailSearch trail, AgentNames names,
			ObjectProvider<PatientsHiddenFromCaller> hidden) {
		return server -> {
			server.getResourceProviders().stream()
					.filter(provider -> provider.getResourceType() == AuditEvent.class).toList()
					.forEach(server::unregisterProvider);
			server.registerProvider(new AuditEventResourceProvider(trail, names,
					hidden.getIfAvailable(() -> PatientsHiddenFromCaller.NONE)));
		};
	}

	@Bean
	@Order(30)
	@ConditionalOnProperty(name = "fjord.audit.enabled", havingValue = "true", matchIfMissing = true)
	FhirServerCustomizer auditTrail(AuditWriter writer, FhirContext context, ObjectProvider<Clock> clock) {
		return server -> server.registerInterceptor(
				new AuditInterceptor(new RequestAudit(context, clock.getIfAvailable(Clock::systemUTC)), writer));
	}

	@Bean
	@ConditionalOnProperty(name = "fjord.audit.enabled", havingValue = "false")
	ModuleSwitchedOff auditSwitchedOff() {
		return ModuleSwitchedOff.warn("AUDIT", "fjord.audit.enabled", "accesses are not recorded");
	}
}
