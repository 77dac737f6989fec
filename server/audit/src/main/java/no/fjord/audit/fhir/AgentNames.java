package no.fjord.audit.fhir;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.RelatedPerson;

/**
 * The name and role to show for an agent of the audit trail, looked up when events are read (so writing a
 * record costs no lookup) and remembered for a while: a practitioner's name and first qualification
 * ("Lege"), a patient's or relative's name.
 */
public final class AgentNames {

	/** What the access log shows for a person. */
	public record AgentName(String name, CodeableConcept role) {
	}

	private final DaoRegistry daos;
	private final Cache<String, Optional<AgentName>> names =
			Caffeine.newBuilder().expireAfterWrite(Duration.ofMinutes(10)).maximumSize(10_000).build();

	public AgentNames(DaoRegistry daos) {
		this.daos = daos;
	}

	public Optional<AgentName> of(String fhirUser) {
		return names.get(fhirUser, this::lookUp);
	}

	private Optional<AgentName> lookUp(String fhirUser) {
		IdType id = new IdType(fhirUser).toUnqualifiedVersionless();
		if (!id.hasResourceType() || !id.hasIdPart() || !daos.isResourceTypeSupported(id.getResourceType())) {
			return Optional.empty();
		}
		IBaseResource person;
		try {
			person = daos.getResourceDao(id.getResourceType()).read(id, new SystemRequestDetails());
		} catch (RuntimeException gone) {
			return Optional.empty();
		}
		if (person instanceof Practitioner practitioner && practitioner.hasName()) {
			CodeableConcept role = practitioner.hasQualification() ? practitioner.getQualificationFirstRep().getCode() : null;
			return Optional.of(new AgentName(display(practitioner.getNameFirstRep()), role));
		}
		if (person instanceof Patient patient && patient.hasName()) {
			return Optional.of(new AgentName(display(patient.getNameFirstRep()), null));
		}
		if (person instanceof RelatedPerson relative && relative.hasName()) {
			return Optional.of(new AgentName(display(relative.getNameFirstRep()),
					relative.hasRelationship() ? relative.getRelationshipFirstRep() : null));
		}
		return Optional.empty();
	}

	private static String display(HumanName name) {
		return name.hasText() ? name.getText() : name.getNameAsSingleString();
	}
}
