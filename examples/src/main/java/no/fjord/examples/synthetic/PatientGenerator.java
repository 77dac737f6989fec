package no.fjord.examples.synthetic;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;

import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;

/**
 * Builds one synthetic Norwegian {@link Patient}: a valid and unique fødselsnummer whose date and
 * gender digits agree with {@code birthDate} and {@code gender}, a Norwegian name, a mobile
 * number and a home address carrying the no-basis municipality code on {@code Address.district}.
 */
final class PatientGenerator {

	/** Fjord's Norwegian Patient profile (profiles/ in this repository), which the generated patients meet. */
	static final String FJORD_PATIENT_PROFILE = "https://fjord-fhir.no/fhir/StructureDefinition/fjord-patient";

	static final LocalDate EARLIEST_BIRTH = LocalDate.of(1930, 1, 1);
	static final LocalDate LATEST_BIRTH = LocalDate.of(2015, 12, 31);
	private static final long BIRTH_DAYS = ChronoUnit.DAYS.between(EARLIEST_BIRTH, LATEST_BIRTH) + 1;

	private final FodselsnummerAllocator fodselsnumre = new FodselsnummerAllocator();

	GeneratedPatient generate(SplittableRandom random) {
		boolean male = random.nextBoolean();
		LocalDate birthDate;
		Optional<String> fnr;
		do {
			birthDate = EARLIEST_BIRTH.plusDays(random.nextLong(BIRTH_DAYS));
			fnr = fodselsnumre.allocate(birthDate, male, random);
		} while (fnr.isEmpty());

		NorwegianNames.PersonName name = NorwegianNames.pick(male, random);
		Patient patient = new Patient();
		patient.getMeta().addProfile(FJORD_PATIENT_PROFILE);
		patient.addIdentifier()
				.setUse(Identifier.IdentifierUse.OFFICIAL)
				.setSystem(CodeSystems.FODSELSNUMMER)
				.setValue(fnr.get());
		HumanName humanName = patient.addName()
				.setUse(HumanName.NameUse.OFFICIAL)
				.setFamily(name.family())
				.setText(name.text());
		name.given().forEach(humanName::addGiven);
		patient.addTelecom()
				.setSystem(ContactPoint.ContactPointSystem.PHONE)
				.setUse(ContactPoint.ContactPointUse.MOBILE)
				.setValue(mobileNumber(random));
		patient.setGender(male ? AdministrativeGender.MALE : AdministrativeGender.FEMALE);
		// from the ISO string, not a java.util.Date, so the default time zone cannot shift the day
		patient.setBirthDateElement(new DateType(birthDate.toString()));
		patient.addAddress(homeAddress(random));
		return new GeneratedPatient(patient, birthDate);
	}

	private static Address homeAddress(SplittableRandom random) {
		Places.Place place = Places.pick(random);
		Address address = new Address()
				.setUse(Address.AddressUse.HOME)
				.setType(Address.AddressType.BOTH)
				.addLine(Places.streetLine(random))
				.setPostalCode(place.postalCode())
				.setCity(place.city())
				.setDistrict(place.municipalityName())
				.setCountry("NO");
		address.getDistrictElement().addExtension(CodeSystems.MUNICIPALITY_EXTENSION,
				new Coding(CodeSystems.KOMMUNENUMMER, place.municipalityCode(), place.municipalityName()));
		return address;
	}

	/** Norwegian mobile numbers have 8 digits starting with 4 or 9. */
	private static String mobileNumber(SplittableRandom random) {
		int first = random.nextBoolean() ? 4 : 9;
		int rest = random.nextInt(10_000_000);
		String digits = first + String.format(Locale.ROOT, "%07d", rest);
		return "+47 " + digits.substring(0, 3) + " " + digits.substring(3, 5) + " " + digits.substring(5);
	}

	/** The patient and the birth date it was built from, kept as a {@link LocalDate} for age arithmetic. */
	record GeneratedPatient(Patient patient, LocalDate birthDate) {
	}
}
