package no.fjord.storage.jpa;

import ca.uhn.fhir.interceptor.api.IInterceptorService;
import java.util.List;
import javax.sql.DataSource;
import no.fjord.common.fhir.FhirStorageCustomizer;
import no.fjord.common.fhir.RequestPipeline;
import no.fjord.storage.integrity.DeleteLockInterceptor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The one place where interceptors are hung on HAPI's storage: every module's {@link FhirStorageCustomizer}
 * beans, applied once while the context starts, before the server takes requests. The order in which they
 * run is each interceptor's own ({@link RequestPipeline}), not the order of registration.
 */
@Configuration(proxyBeanMethods = false)
public class StorageInterceptorsConfiguration {

	@Bean
	StorageInterceptors storageInterceptors(IInterceptorService storage,
			ObjectProvider<FhirStorageCustomizer> customizers) {
		List<FhirStorageCustomizer> all = customizers.orderedStream().toList();
		all.forEach(customizer -> customizer.customize(storage));
		return new StorageInterceptors(all.size());
	}

	/** Deletes lock their target first, so a concurrent write referring to it cannot slip past (see the trigger). */
	@Bean
	FhirStorageCustomizer deleteLock(DataSource dataSource) {
		return storage -> storage.registerInterceptor(new DeleteLockInterceptor(new JdbcTemplate(dataSource)));
	}

	/** How many customizers were applied to HAPI's storage. */
	public record StorageInterceptors(int customizers) {}
}
