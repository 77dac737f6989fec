package no.fjord.examples.synthetic;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TimeZone;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;

class SyntheticDataSetTest {

	/**
	 * SHA-256 over the JSON of seed 1, 5 patients. Pins "byte-identical on every machine": a
	 * deliberate change to the generator must update it, and say so in the change log.
	 */
	private static final String SEED_1_FIVE_PATIENTS_SHA256 =
			"6cbeb4b2b31a350634e06a12d558275525479a815dc3081022166d121406dc4d";

	private final BundleWriter writer = new BundleWriter();

	@Test
	void generateWhenSameSeedThenIdenticalJson() {
		assertThat(json(7, 25)).isEqualTo(json(7, 25));
	}

	@Test
	void generateWhenDifferentSeedThenDifferentJson() {
		List<String> seedOne = json(1, 5);
		List<String> seedTwo = json(2, 5);
		for (int i = 0; i < seedOne.size(); i++) {
			assertThat(seedTwo.get(i)).isNotEqualTo(seedOne.get(i));
		}
	}

	@Test
	void generateWhenMorePatientsThenFirstOnesUnchanged() {
		assertThat(json(3, 40).subList(0, 10)).isEqualTo(json(3, 10));
	}

	@Test
	void generateWhenDefaultLocaleAndTimeZoneDifferThenJsonUnchanged() {
		Locale locale = Locale.getDefault();
		TimeZone timeZone = TimeZone.getDefault();
		List<String> reference;
		List<String> other;
		try {
			Locale.setDefault(Locale.ROOT);
			TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
			reference = json(11, 10);
			// decimal commas and a date line away from Oslo
			Locale.setDefault(Locale.forLanguageTag("nb-NO"));
			TimeZone.setDefault(TimeZone.getTimeZone("Pacific/Kiritimati"));
			other = json(11, 10);
		} finally {
			Locale.setDefault(locale);
			TimeZone.setDefault(timeZone);
		}
		assertThat(other).isEqualTo(reference);
	}

	@Test
	void generateWhenSeedOneThenMatchesPinnedDigest() throws NoSuchAlgorithmException {
		MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
		json(1, 5).forEach(bundle -> sha256.update((bundle + "\n").getBytes(StandardCharsets.UTF_8)));
		assertThat(HexFormat.of().formatHex(sha256.digest())).isEqualTo(SEED_1_FIVE_PATIENTS_SHA256);
	}

	@Test
	void everyFodselsnummerPassesIndependentCheckAndEncodesBirthDateAndGender() {
		for (Bundle bundle : new SyntheticDataSet(5, 500)) {
			Patient patient = (Patient) bundle.getEntryFirstRep().getResource();
			assertThat(patient.getIdentifier()).hasSize(1);
			assertThat(patient.getIdentifierFirstRep().getSystem()).isEqualTo("urn:oid:2.16.578.1.12.4.1.4.1");
			assertThat(patient.getIdentifierFirstRep().getUse().toCode()).isEqualTo("official");
			String fnr = patient.getIdentifierFirstRep().getValue();

			assertThat(IndependentFodselsnummer.isValid(fnr)).as(fnr).isTrue();
			assertThat(IndependentFodselsnummer.birthDate(fnr).toString())
					.isEqualTo(patient.getBirthDateElement().getValueAsString());
			AdministrativeGender expected =
					IndependentFodselsnummer.isMale(fnr) ? AdministrativeGender.MALE : AdministrativeGender.FEMALE;
			assertThat(patient.getGender()).isEqualTo(expected);
			assertThat(IndependentFodselsnummer.birthDate(fnr).getYear()).isBetween(1930, 2015);
		}
	}

	@Test
	void fodselsnumreAreUniqueAcross2000Patients() {
		Set<String> seen = new HashSet<>();
		for (Bundle bundle : new SyntheticDataSet(1, 2000)) {
			String fnr = ((Patient) bundle.getEntryFirstRep().getResource()).getIdentifierFirstRep().getValue();
			assertThat(seen.add(fnr)).as("duplicate %s", fnr).isTrue();
		}
		assertThat(seen).hasSize(2000);
	}

	@Test
	void generateWhenBothGendersAndCenturiesThenAllOccur() {
		Set<String> kinds = new HashSet<>();
		for (Bundle bundle : new SyntheticDataSet(1, 200)) {
			Patient patient = (Patient) bundle.getEntryFirstRep().getResource();
			kinds.add(patient.getGender().toCode() + (patient.getBirthDateElement().getYear() < 2000 ? "-1900" : "-2000"));
		}
		assertThat(kinds).containsExactlyInAnyOrder("male-1900", "female-1900", "male-2000", "female-2000");
	}

	private List<String> json(long seed, int patients) {
		List<String> json = new ArrayList<>();
		int number = 1;
		for (Bundle bundle : new SyntheticDataSet(seed, patients)) {
			json.add(writer.serialize(number++, bundle).json());
		}
		return json;
	}
}
