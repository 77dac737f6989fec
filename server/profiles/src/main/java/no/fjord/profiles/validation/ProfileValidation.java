package no.fjord.profiles.validation;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.IValidatorModule;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationOptions;
import ca.uhn.fhir.validation.ValidationResult;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates a resource against the profiles it claims in {@code meta.profile} and those the operator
 * requires for its type. A resource that neither claims nor needs a profile is not run through the
 * (costly) instance validator: the parser has already refused malformed content.
 */
public final class ProfileValidation {

	private static final Logger log = LoggerFactory.getLogger(ProfileValidation.class);

	private final FhirContext fhirContext;
	private final FhirValidator validator;
	private final SharedUrlIssueFilter sharedUrls;
	private final Map<String, List<String>> requiredProfiles;
	private final Set<String> uncheckedProfiles;

	/** @param uncheckedProfiles profiles a resource may claim without Fjord having them (checked elsewhere) */
	public ProfileValidation(FhirContext fhirContext, IValidatorModule instanceValidator, SharedUrlIssueFilter sharedUrls,
			Map<String, List<String>> requiredProfiles, Collection<String> uncheckedProfiles) {
		this.fhirContext = fhirContext;
		// A validator of our own, without HAPI's interceptor broadcaster: it does not fire VALIDATION_COMPLETED.
		this.validator = fhirContext.newValidator();
		this.validator.registerValidatorModule(instanceValidator);
		this.sharedUrls = sharedUrls;
		this.requiredProfiles = Map.copyOf(requiredProfiles);
		this.uncheckedProfiles = Set.copyOf(uncheckedProfiles);
	}

	/**
	 * Loads the core definitions and builds the snapshots of the required profiles now, which takes
	 * seconds, so the first write after a start does not pay for it.
	 */
	public void warmUp() {
		long started = System.nanoTime();
		for (String type : requiredProfiles.keySet()) {
			validateRequired(fhirContext.getResourceDefinition(type).newInstance());
		}
		log.info("Profile validation ready in {} ms", (System.nanoTime() - started) / 1_000_000);
	}

	/** @return the result, or empty when the resource neither claims nor needs a profile */
	public Optional<ValidationResult> validateClaimedAndRequired(IBaseResource resource) {
		return validateClaimedAndRequired(resource, List.of());
	}

	/** As {@link #validateClaimedAndRequired(IBaseResource)}, against {@code requested} profiles as well. */
	public Optional<ValidationResult> validateClaimedAndRequired(IBaseResource resource, List<String> requested) {
		Set<String> profiles = new LinkedHashSet<>(requested);
		resource.getMeta().getProfile().stream().map(IPrimitiveType::getValueAsString).forEach(profiles::add);
		profiles.addAll(required(resource));
		profiles.removeAll(uncheckedProfiles);
		return validate(resource, profiles);
	}

	/** @return the result of validating against the required profiles only, or empty when there are none */
	public Optional<ValidationResult> validateRequired(IBaseResource resource) {
		return validate(resource, required(resource));
	}

	private List<String> required(IBaseResource resource) {
		return requiredProfiles.getOrDefault(resource.fhirType(), List.of());
	}

	private Optional<ValidationResult> validate(IBaseResource resource, Collection<String> profiles) {
		if (profiles.isEmpty()) {
			return Optional.empty();
		}
		ValidationOptions options = new ValidationOptions();
		profiles.forEach(options::addProfile);
		ValidationResult result = validator.validateWithResult(resource, options);
		List<SingleValidationMessage> messages = sharedUrls.apply(result.getMessages()).stream()
				.filter(message -> !isAboutUncheckedProfile(message)).toList();
		return Optional.of(new ValidationResult(fhirContext, messages));
	}

	/** "Profile ... could not be found" for a profile that is checked elsewhere. */
	private boolean isAboutUncheckedProfile(SingleValidationMessage message) {
		String id = message.getMessageId();
		return id != null && id.toLowerCase(java.util.Locale.ROOT).startsWith("validation_val_profile_unknown")
				&& uncheckedProfiles.stream().anyMatch(profile -> message.getMessage().contains(profile));
	}
}
