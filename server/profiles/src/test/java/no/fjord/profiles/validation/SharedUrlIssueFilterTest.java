package no.fjord.profiles.validation;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SharedUrlIssueFilterTest {

	private static final String VOLVEN_3402 = "urn:oid:2.16.578.1.12.4.1.1.3402";
	private static final String VALUE_SET_ONLY = "https://fjord-fhir.no/fhir/ValueSet/kommunenummer";

	private final SharedUrlIssueFilter filter = new SharedUrlIssueFilter(Set.of(VOLVEN_3402)::contains);

	@Test
	void valueSetErrorIsDroppedWhenACodeSystemHasTheSameUrl() {
		assertThat(filter.apply(List.of(referencesValueSet(VOLVEN_3402)))).isEmpty();
	}

	@Test
	void valueSetErrorStaysWhenOnlyAValueSetHasTheUrl() {
		SingleValidationMessage mistake = referencesValueSet(VALUE_SET_ONLY);

		assertThat(filter.apply(List.of(mistake))).containsExactly(mistake);
	}

	@Test
	void otherIssuesNamingTheSameUrlStay() {
		SingleValidationMessage notInValueSet = message("Terminology_TX_NoValid_12",
				"The Coding provided (" + VOLVEN_3402 + "#0399) was not found in the value set ('" + VOLVEN_3402 + "')");
		SingleValidationMessage withoutId = message(null, "The Coding references a value set, not a code system ('"
				+ VOLVEN_3402 + "')");

		assertThat(filter.apply(List.of(notInValueSet, withoutId))).containsExactly(notInValueSet, withoutId);
	}

	@Test
	void aMessageWhoseTextNamesNoSystemStays() {
		SingleValidationMessage unexpectedText = message("Terminology_TX_System_ValueSet2", "reworded by a newer validator");

		assertThat(filter.apply(List.of(unexpectedText))).containsExactly(unexpectedText);
	}

	private static SingleValidationMessage referencesValueSet(String system) {
		return message("Terminology_TX_System_ValueSet2",
				"The Coding references a value set, not a code system ('" + system + "')");
	}

	private static SingleValidationMessage message(String id, String text) {
		SingleValidationMessage message = new SingleValidationMessage();
		message.setSeverity(ResultSeverityEnum.ERROR);
		message.setMessageId(id);
		message.setMessage(text);
		message.setLocationString("Patient.address[0].extension[0].extension[0].value.ofType(Coding)");
		return message;
	}
}
