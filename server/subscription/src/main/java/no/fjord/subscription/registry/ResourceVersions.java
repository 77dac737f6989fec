package no.fjord.subscription.registry;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.IdType;

/** One version of a stored resource, read by the server itself (no caller's access applies). */
public final class ResourceVersions {

	private final DaoRegistry daos;

	public ResourceVersions(DaoRegistry daos) {
		this.daos = daos;
	}

	/** The version, or empty when it is gone (expunged) or holds no content (a deletion). */
	public Optional<IBaseResource> read(String type, String id, long version) {
		try {
			IBaseResource resource = daos.getResourceDao(type).read(new IdType(type, id, Long.toString(version)),
					new SystemRequestDetails(), true);
			return Optional.ofNullable(resource);
		} catch (BaseServerResponseException gone) {
			return Optional.empty();
		}
	}
}
