package no.fjord.profiles.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import no.fjord.profiles.identifier.IdentifierRules;
import no.fjord.profiles.identifier.NorwegianIdentifierSystems;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;

class IdentifierCheckingInterceptorTest {

	private static final String VALID_FNR = "14038510070";
	private static final String BAD_FNR = "14038510071";

	private final IdentifierCheckingInterceptor interceptor =
			new IdentifierCheckingInterceptor(FhirContext.forR4Cached(), IdentifierRules.norwegian());

	@Test
	void validNumbersAndUnknownSystemsPass() {
		Patient patient = new Patient();
		patient.addIdentifier().setSystem(NorwegianIdentifierSystems.FODSELSNUMMER).setValue(VALID_FNR);
		patient.addIdentifier().setSystem("urn:oid:2.16.578.1.12.4.1.4.4").setValue("not checked: HPR");
		patient.addIdentifier().setSystem("urn:hospital:local").setValue("anything");

		assertThatCode(() -> interceptor.created(patient)).doesNotThrowAnyException();
	}

	@Test
	void everyInvalidNumberIsReportedWithItsFhirPath() {
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

		UnprocessableEntityException refused =
				catchThrowableOfType(() -> interceptor.created(patient), UnprocessableEntityException.class);

		assertThat(refused.getStatusCode()).isEqualTo(422);
		OperationOutcome outcome = (OperationOutcome) refused.getOperationOutcome();
		assertThat(outcome.getIssue()).extracting(issue -> issue.getExpression().get(0).getValue())
				.containsExactlyInAnyOrder(
						"Patient.identifier[1].value",
						"Patient.generalPractitioner[0].identifier.value",
						"Patient.contained[0].identifier[0].value",
						"Patient.extension[0].value.value");
		assertThat(outcome.getIssue()).allMatch(issue -> issue.getSeverity() == OperationOutcome.IssueSeverity.ERROR);
		assertThat(outcome.getIssue()).noneMatch(issue -> issue.getDiagnostics().contains(BAD_FNR));
	}

	@Test
	void updatesAreCheckedOnTheNewVersion() {
		Patient before = new Patient();
		Patient after = new Patient();
		after.addIdentifier().setSystem(NorwegianIdentifierSystems.FODSELSNUMMER).setValue(BAD_FNR);

		assertThat(catchThrowableOfType(() -> interceptor.updated(before, after), UnprocessableEntityException.class))
				.isNotNull();
	}
}
