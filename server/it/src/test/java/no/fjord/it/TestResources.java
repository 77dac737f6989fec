package no.fjord.it;

import java.util.UUID;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;

/** Fixtures: small, valid resources with identifiers unique to each test, so tests never see each other's data. */
final class TestResources {

	static final String FNR_SYSTEM = "urn:oid:2.16.578.1.12.4.1.4.1";
	static final String LOINC = "http://loinc.org";

	private TestResources() {}

	/** A unique token usable as a family name or identifier value in one test. */
	static String unique() {
		return "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
	}

	static Patient patient(String family) {
		Patient patient = new Patient();
		patient.addIdentifier().setSystem("urn:fjord:test").setValue(family);
		patient.addName().setFamily(family).addGiven("Kari");
		patient.setGender(AdministrativeGender.FEMALE);
		patient.getBirthDateElement().setValueAsString("1985-03-14");
		return patient;
	}

	static Observation heartRate(String patientReference, int beatsPerMinute, String effective) {
		Observation observation = new Observation();
		observation.setStatus(Observation.ObservationStatus.FINAL);
		observation.getCode().addCoding().setSystem(LOINC).setCode("8867-4").setDisplay("Heart rate");
		observation.setSubject(new Reference(patientReference));
		observation.getEffectiveDateTimeType().setValueAsString(effective);
		observation.setValue(new Quantity().setValue(beatsPerMinute).setUnit("/min")
				.setSystem("http://unitsofmeasure.org").setCode("/min"));
		return observation;
	}
}
