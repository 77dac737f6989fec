package no.fjord.terminology;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDaoValueSet;
import ca.uhn.fhir.jpa.config.JpaConfig;
import ca.uhn.fhir.jpa.term.api.ITermCodeSystemStorageSvc;
import ca.uhn.fhir.jpa.term.api.ITermDeferredStorageSvc;
import ca.uhn.fhir.jpa.term.api.ITermLoaderSvc;
import ca.uhn.fhir.jpa.term.api.ITermReadSvc;
import java.time.Clock;
import no.fjord.common.fhir.FhirServerCustomizer;
import no.fjord.common.fhir.FhirStorageCustomizer;
import no.fjord.terminology.content.TerminologyContent;
import no.fjord.terminology.content.TerminologyContentInstallation;
import no.fjord.terminology.load.ClassificationStorage;
import no.fjord.terminology.load.TerminologyLoader;
import no.fjord.terminology.operation.DisplayLanguageInterceptor;
import no.fjord.terminology.operation.ImportFiles;
import no.fjord.terminology.operation.LoadTerminologyOperationProvider;
import no.fjord.terminology.operation.SubsumesEquivalenceInterceptor;
import no.fjord.terminology.operation.UnknownSystemLookupInterceptor;
import no.fjord.terminology.typeahead.TypeAheadExpansions;
import no.fjord.terminology.typeahead.TypeAheadValueSetOperationProvider;
import org.hl7.fhir.r4.model.ValueSet;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Norwegian terminology: the shipped code lists stored at start-up, loaders for the licensed
 * classifications, and the terminology operations on the FHIR endpoint ({@code $lookup},
 * {@code $validate-code}, {@code $subsumes} and {@code $translate} come with HAPI's resource providers;
 * {@code $expand} and {@code $load-terminology} are registered here, {@code $expand} with type-ahead
 * answered from in-memory indexes).
 */
@AutoConfiguration
@EnableConfigurationProperties(TerminologyProperties.class)
public class TerminologyAutoConfiguration {

	@Bean
	TerminologyContentInstallation terminologyContentInstallation(DaoRegistry daos, FhirContext fhirContext,
			TerminologyProperties properties) {
		TerminologyContentInstallation installation = new TerminologyContentInstallation(daos);
		installation.install(TerminologyContent.read(fhirContext, properties.contentLocations()));
		return installation;
	}

	@Bean
	TerminologyLoader terminologyLoader(ITermCodeSystemStorageSvc storage, PlatformTransactionManager transactions,
			DaoRegistry daos, ITermLoaderSvc hapiLoaders, ITermDeferredStorageSvc deferredStorage,
			ITermReadSvc expansions) {
		return new TerminologyLoader(new ClassificationStorage(storage, new TransactionTemplate(transactions)), daos,
				hapiLoaders, deferredStorage, expansions);
	}

	@Bean
	CodeSystemDesignations codeSystemDesignations(
			@Qualifier(JpaConfig.JPA_VALIDATION_SUPPORT_CHAIN) IValidationSupport validationSupport) {
		return new CodeSystemDesignations(validationSupport::fetchCodeSystem);
	}

	@Bean
	TypeAheadExpansions typeAheadExpansions(DaoRegistry daos, JpaStorageSettings storageSettings,
			TerminologyProperties properties, CodeSystemDesignations designations) {
		@SuppressWarnings("unchecked")
		IFhirResourceDaoValueSet<ValueSet> valueSets =
				(IFhirResourceDaoValueSet<ValueSet>) daos.getResourceDao(ValueSet.class);
		TypeAheadExpansions typeAhead = new TypeAheadExpansions(valueSets::expandByIdentifier, designations,
				storageSettings.getMaximumExpansionSize() - 1, properties.typeAheadTimeToLive(), Clock.systemUTC());
		return typeAhead;
	}

	/** Terminology written or deleted by any path drops what is cached about it. */
	@Bean
	FhirStorageCustomizer terminologyChanges(TypeAheadExpansions typeAhead,
			@Qualifier(JpaConfig.JPA_VALIDATION_SUPPORT_CHAIN) IValidationSupport validationSupport) {
		return storage -> storage.registerInterceptor(new TerminologyChangeInterceptor(typeAhead, validationSupport));
	}

	/** HAPI's ValueSet operations with type-ahead on top; a bean so HAPI's fields are autowired. */
	@Bean
	TypeAheadValueSetOperationProvider valueSetOperations(TypeAheadExpansions typeAhead) {
		return new TypeAheadValueSetOperationProvider(typeAhead);
	}

	@Bean
	FhirServerCustomizer terminologyOperations(TypeAheadValueSetOperationProvider valueSetOperations,
			TerminologyLoader loader, TerminologyProperties properties, CodeSystemDesignations designations) {
		LoadTerminologyOperationProvider load =
				new LoadTerminologyOperationProvider(loader, new ImportFiles(properties.importDirectory()));
		return server -> {
			server.registerProvider(valueSetOperations);
			server.registerProvider(load);
			server.registerInterceptor(new DisplayLanguageInterceptor(designations));
			server.registerInterceptor(new SubsumesEquivalenceInterceptor());
			server.registerInterceptor(new UnknownSystemLookupInterceptor());
		};
	}
}
