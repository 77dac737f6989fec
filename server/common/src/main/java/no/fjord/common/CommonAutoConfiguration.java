package no.fjord.common;

import no.fjord.common.fhir.FhirRestProperties;
import no.fjord.common.web.RequestIdFilter;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

/** Cross-cutting web plumbing every Fjord endpoint shares, and the FHIR endpoint's settings ({@code fjord.fhir}). */
@AutoConfiguration
@EnableConfigurationProperties(FhirRestProperties.class)
public class CommonAutoConfiguration {

	/** First in the chain, so even refusals made by later filters carry the request id. */
	@Bean
	FilterRegistrationBean<RequestIdFilter> requestIdFilter() {
		FilterRegistrationBean<RequestIdFilter> registration = new FilterRegistrationBean<>(new RequestIdFilter());
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		registration.addUrlPatterns("/*");
		return registration;
	}
}
