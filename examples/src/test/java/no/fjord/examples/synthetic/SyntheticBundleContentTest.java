package no.fjord.examples.synthetic;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import ca.uhn.fhir.context.FhirContext;

/** Checks the generated bundles as a FHIR server would see them: parsed back from the JSON. */
class SyntheticBundleContentTest {

	private static final FhirContext FHIR = FhirContext.forR4Cached();
	private static final Set<String> VITAL_SIGN_CODES =
			Set.of("85354-9", "8867-4", "2708-6", "59408-5", "29463-7", "8310-5");
	private static final Map<String, String> UCUM_BY_LOINC = Map.of("8480-6", "mm[Hg]", "8462-4", "mm[Hg]",
			"8867-4", "/min", "2708-6", "%", "29463-7", "kg", "8310-5", "Cel");

	private static List<Bundle> bundles;

	@BeforeAll
	static void generate() {
		BundleWriter writer = new BundleWriter();
		bundles = new ArrayList<>();
		int number = 1;
		for (Bundle bundle : new SyntheticDataSet(42, 300)) {
			String json = writer.serialize(number++, bundle).json();
			bundles.add(FHIR.newJsonParser().parseResource(Bundle.class, json));
		}
	}

	@Test
	void eachBundleIsTransactionOfPostsWithUrnUuidFullUrls() {
		for (Bundle bundle : bundles) {
			assertThat(bundle.getType()).isEqualTo(Bundle.BundleType.TRANSACTION);
			Set<String> fullUrls = bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getFullUrl)
					.collect(Collectors.toSet());
			assertThat(fullUrls).hasSize(bundle.getEntry().size())
					.allMatch(url -> url.matches("urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"));
			for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
				assertThat(entry.getRequest().getMethod()).isEqualTo(Bundle.HTTPVerb.POST);
				assertThat(entry.getRequest().getUrl()).isEqualTo(entry.getResource().fhirType());
			}
		}
	}

	@Test
	void everyReferenceResolvesToAFullUrlInTheSameBundle() {
		for (Bundle bundle : bundles) {
			Set<String> fullUrls = bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getFullUrl)
					.collect(Collectors.toSet());
			int references = 0;
			for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
				for (Reference reference : FHIR.newTerser()
						.getAllPopulatedChildElementsOfType(entry.getResource(), Reference.class)) {
					assertThat(fullUrls).contains(reference.getReference());
					references++;
				}
			}
			assertThat(references).isPositive();
		}
	}

	@Test
	void resourceCountsPerPatientAreInRange() {
		for (Bundle bundle : bundles) {
			Map<String, Long> counts = bundle.getEntry().stream()
					.collect(Collectors.groupingBy(e -> e.getResource().fhirType(), Collectors.counting()));
			assertThat(counts.get("Patient")).isEqualTo(1);
			assertThat(counts.get("Encounter")).isEqualTo(3);
			assertThat(counts.get("Observation")).isBetween(9L, 15L);
			assertThat(counts.get("Condition")).isBetween(1L, 3L);
			assertThat(counts.get("MedicationRequest")).isEqualTo(counts.get("Condition"));
			assertThat(bundle.getEntry()).hasSizeBetween(15, 25);
		}
	}

	@Test
	void observationsAreLoincVitalSignsWithUcumUnitsInsideTheirEncounter() {
		for (Bundle bundle : bundles) {
			Map<String, Encounter> encounters = byFullUrl(bundle, Encounter.class);
			for (Observation observation : resources(bundle, Observation.class)) {
				assertThat(observation.getStatus()).isEqualTo(Observation.ObservationStatus.FINAL);
				assertThat(observation.getCategoryFirstRep().getCodingFirstRep().getCode()).isEqualTo("vital-signs");
				assertLoinc(observation.getCode().getCoding(), VITAL_SIGN_CODES);
				String code = observation.getCode().getCodingFirstRep().getCode();
				if (code.equals("85354-9")) {
					assertThat(observation.getComponent()).hasSize(2);
					observation.getComponent().forEach(component -> {
						assertLoinc(component.getCode().getCoding(), Set.of("8480-6", "8462-4"));
						assertUcum(component.getValueQuantity(), component.getCode().getCodingFirstRep().getCode());
					});
				} else {
					assertUcum(observation.getValueQuantity(), code);
				}
				Encounter encounter = encounters.get(observation.getEncounter().getReference());
				OffsetDateTime effective = OffsetDateTime.parse(observation.getEffectiveDateTimeType().getValueAsString());
				assertThat(effective).isBetween(
						OffsetDateTime.parse(encounter.getPeriod().getStartElement().getValueAsString()),
						OffsetDateTime.parse(encounter.getPeriod().getEndElement().getValueAsString()));
			}
		}
	}

	@Test
	void vitalSignValuesArePlausible() {
		for (Bundle bundle : bundles) {
			for (Observation observation : resources(bundle, Observation.class)) {
				String code = observation.getCode().getCodingFirstRep().getCode();
				if (code.equals("85354-9")) {
					double systolic = observation.getComponent().get(0).getValueQuantity().getValue().doubleValue();
					double diastolic = observation.getComponent().get(1).getValueQuantity().getValue().doubleValue();
					assertThat(systolic).isBetween(80.0, 200.0);
					assertThat(diastolic).isBetween(40.0, 120.0).isLessThan(systolic - 20);
					continue;
				}
				double value = observation.getValueQuantity().getValue().doubleValue();
				switch (code) {
					case "8867-4" -> assertThat(value).isBetween(40.0, 140.0);
					case "2708-6" -> assertThat(value).isBetween(90.0, 100.0);
					case "29463-7" -> assertThat(value).isBetween(10.0, 150.0);
					case "8310-5" -> assertThat(value).isBetween(35.5, 40.0);
					default -> throw new AssertionError("unexpected vital sign " + code);
				}
			}
		}
	}

	@Test
	void encountersAreFinishedAmbulatoryVisitsIn2020To2025() {
		for (Bundle bundle : bundles) {
			for (Encounter encounter : resources(bundle, Encounter.class)) {
				assertThat(encounter.getStatus()).isEqualTo(Encounter.EncounterStatus.FINISHED);
				assertThat(encounter.getClass_().getSystem()).isEqualTo("http://terminology.hl7.org/CodeSystem/v3-ActCode");
				assertThat(encounter.getClass_().getCode()).isEqualTo("AMB");
				assertThat(encounter.getPeriod().getStartElement().getYear()).isBetween(2020, 2025);
				assertThat(encounter.getPeriod().getEndElement().getValueAsString())
						.isGreaterThan(encounter.getPeriod().getStartElement().getValueAsString());
			}
		}
	}

	@Test
	void conditionsAreConfirmedActiveAndCodedInIcd10OrIcpc2() {
		Set<String> icd10 = ClinicalCatalog.all().stream().map(p -> p.icd10().code()).collect(Collectors.toSet());
		Set<String> icpc2 = ClinicalCatalog.all().stream().map(p -> p.icpc2().code()).collect(Collectors.toSet());
		Set<String> systemsSeen = new HashSet<>();
		for (Bundle bundle : bundles) {
			String birthDate = resources(bundle, Patient.class).get(0).getBirthDateElement().getValueAsString();
			for (Condition condition : resources(bundle, Condition.class)) {
				assertThat(condition.getClinicalStatus().getCodingFirstRep().getCode()).isEqualTo("active");
				assertThat(condition.getVerificationStatus().getCodingFirstRep().getCode()).isEqualTo("confirmed");
				Coding coding = condition.getCode().getCodingFirstRep();
				assertThat(condition.getCode().getCoding()).hasSize(1);
				assertThat(coding.getDisplay()).isNotBlank();
				systemsSeen.add(coding.getSystem());
				switch (coding.getSystem()) {
					case "http://hl7.org/fhir/sid/icd-10" ->
							assertThat(coding.getCode()).matches("[A-Z]\\d\\d(\\.\\d)?").isIn(icd10);
					case "urn:oid:2.16.578.1.12.4.1.1.7170" ->
							assertThat(coding.getCode()).matches("[A-Z]\\d\\d").isIn(icpc2);
					default -> throw new AssertionError("unexpected condition system " + coding.getSystem());
				}
				assertThat(condition.getOnsetDateTimeType().getValueAsString()).isGreaterThanOrEqualTo(birthDate);
			}
		}
		assertThat(systemsSeen).hasSize(2);
	}

	@Test
	void medicationRequestsAreActiveOrdersCodedInAtcWithNorwegianDosage() {
		for (Bundle bundle : bundles) {
			Map<String, Condition> conditions = byFullUrl(bundle, Condition.class);
			for (MedicationRequest request : resources(bundle, MedicationRequest.class)) {
				assertThat(request.getStatus()).isEqualTo(MedicationRequest.MedicationRequestStatus.ACTIVE);
				assertThat(request.getIntent()).isEqualTo(MedicationRequest.MedicationRequestIntent.ORDER);
				Coding atc = request.getMedicationCodeableConcept().getCodingFirstRep();
				assertThat(atc.getSystem()).isEqualTo("http://www.whocc.no/atc");
				assertThat(atc.getCode()).matches("[A-Z]\\d\\d[A-Z][A-Z]\\d\\d");
				assertThat(request.getAuthoredOnElement().getYear()).isBetween(2020, 2025);
				assertThat(request.getDosageInstructionFirstRep().getText()).isNotBlank();
				assertThat(conditions).containsKey(request.getReasonReferenceFirstRep().getReference());
			}
		}
	}

	@Test
	void patientHasNorwegianNamePhoneAndHomeAddressWithMunicipalityCode() {
		Set<String> municipalityCodes = Places.all().stream().map(Places.Place::municipalityCode)
				.collect(Collectors.toSet());
		for (Bundle bundle : bundles) {
			Patient patient = resources(bundle, Patient.class).get(0);
			assertThat(patient.getMeta().getProfile()).extracting(p -> p.getValue())
					.containsExactly("https://fjord-fhir.no/fhir/StructureDefinition/fjord-patient");
			assertThat(patient.getNameFirstRep().getFamily()).isNotBlank();
			assertThat(patient.getNameFirstRep().getGiven()).isNotEmpty();
			assertThat(patient.getNameFirstRep().getText())
					.isEqualTo(patient.getNameFirstRep().getGivenAsSingleString() + " " + patient.getNameFirstRep().getFamily());
			assertThat(patient.getTelecomFirstRep().getValue()).matches("\\+47 [49]\\d\\d \\d\\d \\d\\d\\d");

			Address address = patient.getAddressFirstRep();
			assertThat(address.getUse()).isEqualTo(Address.AddressUse.HOME);
			assertThat(address.getLine()).singleElement().satisfies(line -> assertThat(line.getValue()).matches(".+ \\d+[A-D]?"));
			assertThat(address.getPostalCode()).matches("\\d{4}");
			assertThat(address.getCity()).isNotBlank();
			assertThat(address.getCountry()).isEqualTo("NO");
			Extension municipality = address.getDistrictElement()
					.getExtensionByUrl("http://hl7.no/fhir/StructureDefinition/no-basis-municipalitycode");
			assertThat(municipality).isNotNull();
			Coding code = (Coding) municipality.getValue();
			assertThat(code.getSystem()).isEqualTo("urn:oid:2.16.578.1.12.4.1.1.3402");
			assertThat(code.getCode()).matches("\\d{4}").isIn(municipalityCodes);
		}
	}

	@Test
	void namesUseNorwegianLetters() {
		String allNames = bundles.stream().map(b -> resources(b, Patient.class).get(0).getNameFirstRep().getText())
				.collect(Collectors.joining(" "));
		assertThat(allNames).contains("æ", "ø", "å", "Ø", "Å");
	}

	private static void assertLoinc(List<Coding> codings, Set<String> allowed) {
		assertThat(codings).isNotEmpty().allSatisfy(coding -> {
			assertThat(coding.getSystem()).isEqualTo("http://loinc.org");
			assertThat(coding.getCode()).isIn(allowed);
			assertThat(coding.getDisplay()).isNotBlank();
		});
	}

	private static void assertUcum(Quantity quantity, String loinc) {
		assertThat(quantity.getSystem()).isEqualTo("http://unitsofmeasure.org");
		assertThat(quantity.getCode()).isEqualTo(UCUM_BY_LOINC.get(loinc));
		assertThat(quantity.getValue()).isPositive();
	}

	private static <T extends Resource> List<T> resources(Bundle bundle, Class<T> type) {
		return bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
				.filter(type::isInstance).map(type::cast).toList();
	}

	private static <T extends Resource> Map<String, T> byFullUrl(Bundle bundle, Class<T> type) {
		return bundle.getEntry().stream().filter(e -> type.isInstance(e.getResource()))
				.collect(Collectors.toMap(Bundle.BundleEntryComponent::getFullUrl, e -> type.cast(e.getResource())));
	}
}
