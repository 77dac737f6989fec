package no.fjord.profiles;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.jpa.config.JpaConfig;
import ca.uhn.fhir.jpa.packages.IPackageInstallerSvc;
import ca.uhn.fhir.jpa.packages.loader.PackageLoaderSvc;
import ca.uhn.fhir.validation.IInstanceValidatorModule;
import no.fjord.common.fhir.FhirStorageCustomizer;
import no.fjord.profiles.identifier.IdentifierRules;
import no.fjord.profiles.pkg.PackageInstallation;
import no.fjord.profiles.validation.ProfileValidation;
import no.fjord.profiles.validation.SharedUrlIssueFilter;
import no.fjord.profiles.validation.ValidateOperationInterceptor;
import no.fjord.profiles.validation.WriteChecks;
import no.fjord.profiles.validation.WriteValidatingInterceptor;
import no.fjord.profiles.write.IdentifierProblems;
import org.hl7.fhir.common.hapi.validation.support.UnknownCodeSystemWarningValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.utilities.npm.PackageServer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Norwegian profiles and rules applied to every write. The interceptors go on HAPI's global
 * interceptor service, not only on the REST server, so writes that do not come over REST are checked
 * as well.
 */
@AutoConfiguration
@EnableConfigurationProperties(ProfilesProperties.class)
public class ProfilesAutoConfiguration {

	@Bean
	IdentifierProblems identifierProblems(FhirContext fhirContext) {
		return new IdentifierProblems(fhirContext, IdentifierRules.norwegian());
	}

	@Bean
	PackageInstallation packageInstallation(IPackageInstallerSvc installer, PackageLoaderSvc loader,
			ProfilesProperties properties) {
		// Only the configured registry is asked for name#version packages; never a default on the internet.
		loader.getPackageServers().clear();
		loader.getPackageServers().add(new PackageServer(properties.registry().toString()));
		return new PackageInstallation(installer, properties.packages());
	}

	@Bean
	SharedUrlIssueFilter sharedUrlIssueFilter(
			@Qualifier(JpaConfig.JPA_VALIDATION_SUPPORT_CHAIN) ValidationSupportChain chain) {
		return new SharedUrlIssueFilter(url -> chain.fetchCodeSystem(url) != null);
	}

	/** Depends on the installed packages, so no write is validated before its profiles are known. */
	@Bean
	ProfileValidation profileValidation(FhirContext fhirContext, IInstanceValidatorModule instanceValidator,
			ProfilesProperties properties, PackageInstallation packages,
			UnknownCodeSystemWarningValidationSupport unknownCodeSystems, SharedUrlIssueFilter sharedUrls,
			@Qualifier(JpaConfig.JPA_VALIDATION_SUPPORT_CHAIN) ValidationSupportChain chain) {
		warnOnUnknownCodeSystems(unknownCodeSystems, chain);
		ProfileValidation validation = new ProfileValidation(fhirContext, instanceValidator, sharedUrls,
				properties.validation().requiredProfiles(), properties.validation().uncheckedProfiles());
		if (properties.validation().enabled()) {
			validation.warmUp();
		}
		return validation;
	}

	@Bean
	WriteChecks writeChecks(IdentifierProblems identifierProblems, ProfileValidation profileValidation,
			ProfilesProperties properties) {
		return new WriteChecks(identifierProblems, profileValidation, properties);
	}

	/** Identifier checks and profile validation on every write, and the same issues from {@code $validate}. */
	@Bean
	FhirStorageCustomizer profileChecks(FhirContext fhirContext, WriteChecks checks, SharedUrlIssueFilter sharedUrls) {
		return storage -> {
			storage.registerInterceptor(new WriteValidatingInterceptor(fhirContext, checks));
			storage.registerInterceptor(new ValidateOperationInterceptor(fhirContext, checks, sharedUrls));
		};
	}

	/**
	 * A code from a system the server does not hold (LOINC or SNOMED CT before an operator loads them) is a
	 * warning, not an error. HAPI defines this support but leaves it out of its chain. Codes bound to value
	 * sets that list them are still checked: the in-memory terminology service comes earlier in the chain.
	 * It also answers {@code $lookup} of such a system with an empty "found" result; the terminology module
	 * turns that into a 404.
	 */
	private static void warnOnUnknownCodeSystems(UnknownCodeSystemWarningValidationSupport unknownCodeSystems,
			ValidationSupportChain chain) {
		unknownCodeSystems.setNonExistentCodeSystemSeverity(IValidationSupport.IssueSeverity.WARNING);
		chain.addValidationSupport(unknownCodeSystems);
	}
}
