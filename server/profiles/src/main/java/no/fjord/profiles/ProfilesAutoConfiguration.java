package no.fjord.profiles;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.IInterceptorService;
import no.fjord.profiles.identifier.IdentifierRules;
import no.fjord.profiles.write.IdentifierCheckingInterceptor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Norwegian rules applied to every write. The interceptor goes on HAPI's global interceptor service,
 * not only on the REST server, so writes that do not come over REST are checked as well.
 */
@AutoConfiguration
@EnableConfigurationProperties(ProfilesProperties.class)
public class ProfilesAutoConfiguration {

	@Bean
	@ConditionalOnProperty(name = "fjord.profiles.identifier-checks", havingValue = "true", matchIfMissing = true)
	IdentifierCheckingInterceptor identifierCheckingInterceptor(FhirContext fhirContext,
			IInterceptorService interceptorService) {
		IdentifierCheckingInterceptor interceptor =
				new IdentifierCheckingInterceptor(fhirContext, IdentifierRules.norwegian());
		interceptorService.registerInterceptor(interceptor);
		return interceptor;
	}
}
