package no.fjord.common.fhir;

import ca.uhn.fhir.context.FhirContext;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseReference;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * The references of a resource that are searches ({@code Observation?identifier=x}, FHIR's conditional
 * references), which the server resolves when it stores the resource: success or failure, and the id
 * stored, tell the writer what the search found. Security and consent both decide on them.
 */
public final class ReferencesBySearch {

	private ReferencesBySearch() {}

	/** The searches, as written ({@code Observation?identifier=x}); empty for nearly every resource. */
	public static List<String> in(FhirContext context, IBaseResource resource) {
		return context.newTerser().getAllPopulatedChildElementsOfType(resource, IBaseReference.class).stream()
				.map(reference -> reference.getReferenceElement().getValue())
				.filter(value -> value != null && value.contains("?"))
				.toList();
	}
}
