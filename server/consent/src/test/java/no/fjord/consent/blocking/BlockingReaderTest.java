package no.fjord.consent.blocking;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import no.fjord.common.fhir.NorwegianIdentifierSystems;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;

class BlockingReaderTest {

	@Test
	void readsActorsLimitsAndExceptions() {
		Consent consent = blocking();
		Consent.ProvisionComponent deny = consent.getProvision();
		deny.addActor().setReference(new Reference("http://fjord.test/fhir/Practitioner/hansen/_history/3"));
		deny.addActor().setReference(new Reference().setType("Organization")
				.setIdentifier(new Identifier().setSystem(NorwegianIdentifierSystems.ORGANISASJONSNUMMER).setValue("983654363")));
		deny.addClass_().setSystem("http://hl7.org/fhir/resource-types").setCode("Observation");
		deny.addSecurityLabel().setSystem("http://terminology.hl7.org/CodeSystem/v3-Confidentiality").setCode("R");
		deny.setDataPeriod(new Period().setStartElement(new DateTimeType("2025")).setEndElement(new DateTimeType("2025-03")));
		deny.addData().setMeaning(Consent.ConsentDataMeaning.RELATED).setReference(new Reference("Encounter/e1"));
		deny.addProvision().setType(Consent.ConsentProvisionType.PERMIT)
				.addActor().setReference(new Reference("Practitioner/berg"));
		deny.addProvision().setType(Consent.ConsentProvisionType.DENY);

		Blocking blocking = BlockingReader.read(consent).orElseThrow();

		assertThat(blocking.consentId()).isEqualTo("Consent/c1");
		assertThat(blocking.patientId()).isEqualTo("p1");
		assertThat(blocking.deny().actors())
				.containsExactlyInAnyOrder("Practitioner/hansen", NorwegianIdentifierSystems.ORGANISASJONSNUMMER + "|983654363");
		assertThat(blocking.deny().resourceTypes()).containsExactly("Observation");
		assertThat(blocking.deny().securityLabels())
				.containsExactly("http://terminology.hl7.org/CodeSystem/v3-Confidentiality|R");
		// Dates without a time zone are read in the server's.
		ZoneId zone = ZoneId.systemDefault();
		assertThat(blocking.deny().dataPeriod().start()).isEqualTo(ZonedDateTime.of(2025, 1, 1, 0, 0, 0, 0, zone).toInstant());
		assertThat(blocking.deny().dataPeriod().end()).as("a month ends at its last moment")
				.isEqualTo(ZonedDateTime.of(2025, 4, 1, 0, 0, 0, 0, zone).toInstant().minusMillis(1));
		assertThat(blocking.deny().data()).containsExactly(new DataReference("Encounter/e1", DataReference.Meaning.RELATED));
		assertThat(blocking.deny().exceptions()).as("only permit provisions are exceptions").hasSize(1);
		assertThat(blocking.deny().exceptions().get(0).actors()).containsExactly("Practitioner/berg");
	}

	@Test
	void onlyActiveSperringConsentsWithADenyProvisionAreBlockings() {
		Consent inactive = blocking().setStatus(Consent.ConsentState.INACTIVE);
		Consent otherCategory = blocking();
		otherCategory.getCategory().clear();
		otherCategory.addCategory().addCoding().setSystem("http://loinc.org").setCode("59284-0");
		Consent permit = blocking();
		permit.getProvision().setType(Consent.ConsentProvisionType.PERMIT);

		assertThat(BlockingReader.read(blocking())).isPresent();
		assertThat(BlockingReader.read(inactive)).isEmpty();
		assertThat(BlockingReader.read(otherCategory)).isEmpty();
		assertThat(BlockingReader.read(permit)).isEmpty();
	}

	private static Consent blocking() {
		Consent consent = new Consent();
		consent.setId("c1");
		consent.setStatus(Consent.ConsentState.ACTIVE);
		consent.addCategory().addCoding().setSystem(BlockingReader.CATEGORY_SYSTEM).setCode(BlockingReader.CATEGORY_CODE);
		consent.setPatient(new Reference("Patient/p1"));
		consent.getProvision().setType(Consent.ConsentProvisionType.DENY);
		return consent;
	}
}
