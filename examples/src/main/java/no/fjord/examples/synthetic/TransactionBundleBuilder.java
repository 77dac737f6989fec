package no.fjord.examples.synthetic;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;

/**
 * Collects resources into a FHIR {@code transaction} Bundle where every entry is a POST with a
 * {@code urn:uuid:} fullUrl, so the server assigns ids and rewrites the references between
 * entries (FHIR R4 http.html#trules).
 */
final class TransactionBundleBuilder {

	private final Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);

	/** Adds {@code resource} to be created; other entries reference it by {@code fullUrl}. */
	TransactionBundleBuilder post(String fullUrl, Resource resource) {
		bundle.addEntry()
				.setFullUrl(fullUrl)
				.setResource(resource)
				.getRequest()
				.setMethod(Bundle.HTTPVerb.POST)
				.setUrl(resource.fhirType());
		return this;
	}

	Bundle build() {
		return bundle;
	}
}
