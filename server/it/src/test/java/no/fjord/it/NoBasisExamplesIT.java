package no.fjord.it;

import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * HL7 Norway's no-basis examples on the shared server, which has not installed HL7 Norway's package:
 * the examples are sent without their no-basis {@code meta.profile} (the server cannot know those
 * profiles), so Fjord's required profiles decide, with the same result as with the package installed
 * ({@link NoBasisPackageIT}).
 */
class NoBasisExamplesIT extends NoBasisExampleChecks {

	@Override
	IBaseResource prepare(IBaseResource example) {
		example.getMeta().getProfile().clear();
		return example;
	}
}
