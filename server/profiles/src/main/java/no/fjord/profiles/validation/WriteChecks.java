package no.fjord.profiles.validation;

import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import java.util.ArrayList;
import java.util.List;
import no.fjord.profiles.ProfilesProperties;
import no.fjord.profiles.write.IdentifierProblems;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * Everything Fjord checks on a write, as one list of issues: the Norwegian identifier rules and
 * validation against the claimed and required profiles, each as switched on in {@link ProfilesProperties}.
 * Writes and {@code $validate} both use it, so they report the same.
 */
public final class WriteChecks {

	private final IdentifierProblems identifierProblems;
	private final ProfileValidation profileValidation;
	private final ProfilesProperties properties;

	public WriteChecks(IdentifierProblems identifierProblems, ProfileValidation profileValidation,
			ProfilesProperties properties) {
		this.identifierProblems = identifierProblems;
		this.profileValidation = profileValidation;
		this.properties = properties;
	}

	/** Issues against the profiles the resource claims and those required for its type, and its identifiers. */
	public List<SingleValidationMessage> all(IBaseResource resource) {
		return all(resource, List.of());
	}

	/** As {@link #all(IBaseResource)}, against {@code requested} profiles as well (the $validate parameter). */
	public List<SingleValidationMessage> all(IBaseResource resource, List<String> requested) {
		List<SingleValidationMessage> messages = new ArrayList<>(identifierMessages(resource));
		if (properties.validation().enabled() || !requested.isEmpty()) {
			profileValidation.validateClaimedAndRequired(resource, requested)
					.ifPresent(result -> messages.addAll(result.getMessages()));
		}
		return messages;
	}

	/** Issues against the required profiles only, and the identifiers: what HAPI's own validation leaves out. */
	public List<SingleValidationMessage> beyondClaimedProfiles(IBaseResource resource) {
		List<SingleValidationMessage> messages = new ArrayList<>(identifierMessages(resource));
		if (properties.validation().enabled()) {
			profileValidation.validateRequired(resource).ifPresent(result -> messages.addAll(result.getMessages()));
		}
		return messages;
	}

	public static boolean hasErrors(List<SingleValidationMessage> messages) {
		return messages.stream().anyMatch(message -> message.getSeverity() == ResultSeverityEnum.ERROR
				|| message.getSeverity() == ResultSeverityEnum.FATAL);
	}

	private List<SingleValidationMessage> identifierMessages(IBaseResource resource) {
		if (!properties.identifierChecks()) {
			return List.of();
		}
		return identifierProblems.in(resource).stream().map(problem -> {
			SingleValidationMessage message = new SingleValidationMessage();
			message.setSeverity(ResultSeverityEnum.ERROR);
			message.setLocationString(problem.expression());
			message.setMessage(problem.message());
			return message;
		}).toList();
	}
}
