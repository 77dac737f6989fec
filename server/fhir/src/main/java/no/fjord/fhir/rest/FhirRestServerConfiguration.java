package no.fjord.fhir.rest;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.batch2.jobs.export.BulkDataExportProvider;
import ca.uhn.fhir.jpa.provider.JpaCapabilityStatementProvider;
import ca.uhn.fhir.jpa.provider.JpaSystemProvider;
import ca.uhn.fhir.jpa.search.DatabaseBackedPagingProvider;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.server.HardcodedServerAddressStrategy;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.provider.ResourceProviderFactory;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import no.fjord.common.fhir.FhirRestProperties;
import no.fjord.common.fhir.FhirServerCustomizer;
import jakarta.servlet.DispatcherType;
import java.time.Clock;
import no.fjord.common.web.FhirErrorPageFilter;
import no.fjord.common.web.RequestBodyBudget;
import no.fjord.common.web.RequestBodyGuardFilter;
import no.fjord.common.web.RequestBodyLimits;
import no.fjord.common.web.RequestHeadGuardFilter;
import no.fjord.common.web.SearchParameterLimits;
import no.fjord.storage.StorageProperties;
import no.fjord.storage.database.DatabaseOutages;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * The FHIR R4 REST endpoint at {@code /fhir}: one HAPI {@link RestfulServer} assembled from the
 * {@link FhirServerCustomizer} beans that modules contribute. The customizers here register what the
 * storage layer itself offers: the JPA resource and system providers, paging, the
 * CapabilityStatement, Bulk Data {@code $export}, the error, search-parameter limit and metrics
 * interceptors, and the guards that refuse bad URLs, headers and bodies before HAPI reads them.
 */
@Configuration(proxyBeanMethods = false)
public class FhirRestServerConfiguration {

	@Bean
	RestfulServer fhirRestServer(FhirContext fhirContext, FhirRestProperties properties,
			ObjectProvider<FhirServerCustomizer> customizers) {
		// Unknown elements and malformed primitives are refused (400), not silently dropped.
		fhirContext.setParserErrorHandler(new RejectingParserErrorHandler());
		RestfulServer server = new RestfulServer(fhirContext);
		server.setServerName("Fjord");
		server.setImplementationDescription("Fjord FHIR R4 server for a shared Norwegian health record");
		server.setDefaultResponseEncoding(EncodingEnum.JSON);
		if (properties.serverAddress() != null) {
			server.setServerAddressStrategy(new HardcodedServerAddressStrategy(properties.serverAddress().toString()));
		}
		customizers.orderedStream().forEach(customizer -> customizer.customize(server));
		return server;
	}

	@Bean
	ServletRegistrationBean<RestfulServer> fhirServlet(RestfulServer server) {
		ServletRegistrationBean<RestfulServer> registration = new ServletRegistrationBean<>(server, FhirRestProperties.PATH + "/*");
		registration.setName("fhir");
		registration.setLoadOnStartup(1);
		return registration;
	}

	/**
	 * After Spring Security's filters, so a request without a valid token is refused before its URL is
	 * examined or its body read.
	 */
	@Bean
	FilterRegistrationBean<RequestHeadGuardFilter> requestHeadGuardFilter() {
		FilterRegistrationBean<RequestHeadGuardFilter> registration =
				new FilterRegistrationBean<>(new RequestHeadGuardFilter());
		registration.addUrlPatterns(FhirRestProperties.PATH + "/*");
		registration.setOrder(SecurityProperties.DEFAULT_FILTER_ORDER + 10);
		return registration;
	}

	@Bean
	FilterRegistrationBean<RequestBodyGuardFilter> requestBodyGuardFilter(FhirRestProperties properties) {
		RequestBodyLimits limits = new RequestBodyLimits(properties.maxBodySize(), properties.maxNestingDepth(),
				properties.uploadTimeout());
		RequestBodyGuardFilter filter = new RequestBodyGuardFilter(limits,
				new RequestBodyBudget(properties.maxBufferedBodies()), Clock.systemUTC());
		FilterRegistrationBean<RequestBodyGuardFilter> registration = new FilterRegistrationBean<>(filter);
		registration.addUrlPatterns(FhirRestProperties.PATH + "/*");
		registration.setOrder(SecurityProperties.DEFAULT_FILTER_ORDER + 20);
		return registration;
	}

	@Bean
	FilterRegistrationBean<FhirErrorPageFilter> fhirErrorPageFilter() {
		FilterRegistrationBean<FhirErrorPageFilter> registration =
				new FilterRegistrationBean<>(new FhirErrorPageFilter(FhirRestProperties.PATH));
		registration.setDispatcherTypes(DispatcherType.ERROR);
		registration.addUrlPatterns("/*");
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
		return registration;
	}

	@Bean
	TomcatRefusalsCustomizer tomcatRefusalsCustomizer(FhirRestProperties properties) {
		return new TomcatRefusalsCustomizer(properties);
	}

	@Bean
	@Order(0)
	FhirServerCustomizer jpaProviders(
			@Qualifier("myResourceProvidersR4") ResourceProviderFactory resourceProviders,
			@Qualifier("mySystemProviderR4") JpaSystemProvider<?, ?> systemProvider,
			DatabaseBackedPagingProvider pagingProvider,
			FhirRestProperties properties,
			CapabilityStatementFactory capabilityStatements) {
		return server -> {
			server.registerProviders(resourceProviders.createProviders());
			server.registerProvider(systemProvider);
			pagingProvider.setDefaultPageSize(properties.defaultPageSize());
			pagingProvider.setMaximumPageSize(properties.maxPageSize());
			server.setPagingProvider(pagingProvider);
			server.setServerConformanceProvider(capabilityStatements.create(server));
		};
	}

	@Bean
	CapabilityStatementFactory capabilityStatementFactory(IFhirSystemDao<?, ?> systemDao,
			JpaStorageSettings storageSettings, ISearchParamRegistry searchParamRegistry,
			IValidationSupport validationSupport) {
		return server -> new JpaCapabilityStatementProvider(
				server, systemDao, storageSettings, searchParamRegistry, validationSupport);
	}

	@Bean
	@Order(10)
	FhirServerCustomizer bulkExport(StorageProperties properties, BulkDataExportProvider bulkDataExportProvider) {
		return server -> {
			if (properties.bulkExport().enabled()) {
				server.registerProvider(bulkDataExportProvider);
			}
		};
	}

	@Bean
	@Order(20)
	FhirServerCustomizer errorsAndMetrics(MeterRegistry meterRegistry, FhirRestProperties properties,
			DatabaseOutages outages) {
		SearchParameterLimits limits = new SearchParameterLimits(properties.maxSearchParameters(),
				properties.maxSearchValues());
		return server -> {
			server.registerInterceptor(new ErrorResponseInterceptor(outages));
			server.registerInterceptor(new SearchParameterLimitsInterceptor(limits));
			server.registerInterceptor(new InteractionMetricsInterceptor(meterRegistry));
		};
	}

	/** Makes the CapabilityStatement provider, which needs the server it describes. */
	@FunctionalInterface
	interface CapabilityStatementFactory {
		JpaCapabilityStatementProvider create(RestfulServer server);
	}
}
