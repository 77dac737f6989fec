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

	private static final java.util.Random RANDOM = new java.security.SecureRandom();

	/**
	 * A valid fødselsnummer for a random date in the 1900s (individual number 000-499), computed here
	 * with the published check-digit weights, independent of the server's own rules.
	 */
	static String fodselsnummer() {
		while (true) {
			java.time.LocalDate birth = java.time.LocalDate.of(1930, 1, 1).plusDays(RANDOM.nextInt(25_000));
			String first9 = String.format(java.util.Locale.ROOT, "%02d%02d%02d%03d", birth.getDayOfMonth(),
					birth.getMonthValue(), birth.getYear() % 100, RANDOM.nextInt(500));
			int k1 = checkDigit(first9, new int[] {3, 7, 6, 1, 8, 9, 4, 5, 2});
			int k2 = checkDigit(first9 + k1, new int[] {5, 4, 3, 2, 7, 6, 5, 4, 3, 2});
			if (k1 < 10 && k2 < 10) {
				return first9 + k1 + k2;
			}
		}
	}

	private static int checkDigit(String digits, int[] weights) {
		int sum = 0;
		for (int i = 0; i < weights.length; i++) {
			sum += (digits.charAt(i) - '0') * weights[i];
		}
		int check = 11 - sum % 11;
		return check == 11 ? 0 : check;
	}

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
