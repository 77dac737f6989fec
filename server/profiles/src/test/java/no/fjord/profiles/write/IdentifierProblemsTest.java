package no.fjord.profiles.write;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.util.List;
import no.fjord.common.fhir.NorwegianIdentifierSystems;
import no.fjord.profiles.identifier.IdentifierRules;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;

class IdentifierProblemsTest {

	private static final String VALID_FNR = "14038510070";
	private static final String BAD_FNR = "14038510071";

	private final IdentifierProblems problems =
			new IdentifierProblems(FhirContext.forR4Cached(), IdentifierRules.norwegian());

	@Test
	void validNumbersAndOtherSystemsHaveNoProblems() {
		Patient patient = new Patient();
		patient.addIdentifier().setSystem(NorwegianIdentifierSystems.FODSELSNUMMER).setValue(VALID_FNR);
		patient.addIdentifier().setSystem(NorwegianIdentifierSystems.HPR_NUMMER).setValue("not checked: HPR");
		patient.addIdentifier().setSystem("urn:hospital:local").setValue("anything");

		assertThat(problems.in(patient)).isEmpty();
	}

	@Test
	void everyInvalidNumberIsFoundWithItsFhirPathWhereverItSits() {
		Patient patient = new Patient();
		patient.addIdentifier().setSystem("urn:hospital:local").setValue("123");
		patient.addIdentifier().setSystem(NorwegianIdentifierSystems.FODSELSNUMMER).setValue(BAD_FNR);
		patient.addGeneralPractitioner(new Reference().setIdentifier(
				new Identifier().setSystem(NorwegianIdentifierSystems.ORGANISASJONSNUMMER).setValue("974760674")));
		Organization contained = new Organization();
		contained.setId("org");
		contained.addIdentifier().setSystem(NorwegianIdentifierSystems.ORGANISASJONSNUMMER).setValue("12");
		patient.addContained(contained);
		patient.addExtension(new Extension("urn:fjord:test", new Identifier()
				.setSystem(NorwegianIdentifierSystems.D_NUMMER).setValue(VALID_FNR)));

		List<IdentifierProblems.Problem> found = problems.in(patient);

		assertThat(found).extracting(IdentifierProblems.Problem::expression).containsExactlyInAnyOrder(
				"Patient.identifier[1].value",
				"Patient.generalPractitioner[0].identifier.value",
				"Patient.contained[0].identifier[0].value",
				"Patient.extension[0].value.value");
		assertThat(found).extracting(IdentifierProblems.Problem::message)
				.allMatch(message -> !message.contains(BAD_FNR))
				.anyMatch(message -> message.contains("organisasjonsnummer"));
	}
}
