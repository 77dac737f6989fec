package no.fjord.app.demo;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import no.fjord.common.fhir.NorwegianIdentifierSystems;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Profile;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The records the demo users stand for ({@code application-demo.yaml}), stored at start when missing, so a
 * demo login reaches a real Patient and Practitioner.
 */
@Component
@Profile("demo")
class DemoRecords {

	private final DaoRegistry daos;

	DemoRecords(DaoRegistry daos) {
		this.daos = daos;
	}

	@EventListener(ApplicationReadyEvent.class)
	void store() {
		Patient patient = new Patient();
		patient.setId("demo-pasient");
		patient.addName().setFamily("Nordmann").addGiven("Kari");
		patient.setGender(AdministrativeGender.FEMALE);
		patient.setBirthDateElement(new org.hl7.fhir.r4.model.DateType("1985-04-12"));
		daos.getResourceDao(Patient.class).update(patient, new SystemRequestDetails());
		Practitioner doctor = new Practitioner();
		doctor.setId("demo-lege");
		doctor.addName().setFamily("Legesen").addGiven("Lege");
		doctor.addIdentifier().setSystem(NorwegianIdentifierSystems.HPR_NUMMER).setValue("565501872");
		daos.getResourceDao(Practitioner.class).update(doctor, new SystemRequestDetails());
	}
}
