package no.fjord.common.fhir;

import ca.uhn.fhir.context.FhirContext;
import java.util.LinkedHashSet;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;

/** Whose record a resource belongs to: the Patient itself, or the owners of its Patient compartment. */
public final class PatientCompartment {

	private PatientCompartment() {
	}

	/** The bare ids of the patients whose record this resource is part of; empty for directory data. */
	public static Set<String> ownersOf(FhirContext context, IBaseResource resource) {
		Set<String> patients = new LinkedHashSet<>();
		if ("Patient".equals(context.getResourceType(resource)) && resource.getIdElement().hasIdPart()) {
			patients.add(resource.getIdElement().getIdPart());
		}
		for (IIdType owner : context.newTerser().getCompartmentOwnersForResource("Patient", resource, (Set<String>) null)) {
			patients.add(owner.getIdPart());
		}
		return patients;
	}
}
