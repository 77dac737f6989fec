package no.fjord.profiles.validation;

import ca.uhn.fhir.validation.SingleValidationMessage;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hl7.fhir.utilities.i18n.I18nConstants;

/**
 * Drops the validator's "The Coding references a value set, not a code system" error where a CodeSystem
 * has that URL as well. Volven's code lists give a CodeSystem and its all-codes ValueSet the same
 * {@code urn:oid}, and no-basis binds to that URL as a value set while data carries it as the coding's
 * system; Kartverket's {@code kommunenummer-alle} is used the same way.
 *
 * <p>Why here and not in the validation support chain: HAPI's chain already answers {@code fetchValueSet} and
 * {@code fetchCodeSystem} by type, but FHIR core's validator asks the same {@code fetchValueSet(url)} both to
 * resolve a binding and to decide whether a coding's system "is a value set", so no support can answer one
 * without failing the other. The error stays where no CodeSystem has the URL: a value set used as a system by
 * mistake is still refused.
 */
public final class SharedUrlIssueFilter {

	/** The validator's message ends with the system in quotes and brackets: {@code ... ('urn:oid:...')}. */
	private static final Pattern SYSTEM = Pattern.compile("\\('([^']+)'\\)\\s*$");

	private final Predicate<String> codeSystemExists;

	/** @param codeSystemExists whether the server holds a CodeSystem with this URL */
	public SharedUrlIssueFilter(Predicate<String> codeSystemExists) {
		this.codeSystemExists = codeSystemExists;
	}

	public List<SingleValidationMessage> apply(List<SingleValidationMessage> messages) {
		return messages.stream().filter(message -> !isFalseAlarm(message)).toList();
	}

	private boolean isFalseAlarm(SingleValidationMessage message) {
		return I18nConstants.TERMINOLOGY_TX_SYSTEM_VALUESET2.equals(message.getMessageId())
				&& system(message.getMessage()).filter(codeSystemExists).isPresent();
	}

	private static Optional<String> system(String text) {
		if (text == null) {
			return Optional.empty();
		}
		Matcher matcher = SYSTEM.matcher(text);
		return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
	}
}
