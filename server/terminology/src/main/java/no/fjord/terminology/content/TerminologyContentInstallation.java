package no.fjord.terminology.content;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.api.model.DaoMethodOutcome;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.util.List;
import java.util.Objects;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.MetadataResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores the terminology content in HAPI's terminology tables at start-up. A resource is written only when
 * the database does not hold it with the same {@code url} and {@code version}: a restart changes nothing,
 * and bumping {@code version} in a file reloads that resource (HAPI replaces the concepts of the old
 * version of the same resource in the same transaction).
 */
public class TerminologyContentInstallation {

	private static final Logger log = LoggerFactory.getLogger(TerminologyContentInstallation.class);

	private final DaoRegistry daos;
	private int stored;

	public TerminologyContentInstallation(DaoRegistry daos) {
		this.daos = daos;
	}

	public void install(List<MetadataResource> resources) {
		for (MetadataResource resource : resources) {
			if (!isStored(resource)) {
				store(resource);
			}
		}
		log.info("Terminology content: {} resources, {} stored or updated", resources.size(), stored);
	}

	/** How many resources this installation wrote: 0 when the database was already up to date. */
	public int storedCount() {
		return stored;
	}

	private boolean isStored(MetadataResource resource) {
		IFhirResourceDao<IBaseResource> dao = daos.getResourceDao(resource.fhirType());
		try {
			IBaseResource existing = dao.read(resource.getIdElement().toUnqualifiedVersionless(), request());
			return existing instanceof MetadataResource current
					&& Objects.equals(current.getUrl(), resource.getUrl())
					&& Objects.equals(current.getVersion(), resource.getVersion());
		} catch (ResourceNotFoundException | ResourceGoneException e) {
			return false;
		}
	}

	private void store(MetadataResource resource) {
		IFhirResourceDao<IBaseResource> dao = daos.getResourceDao(resource.fhirType());
		DaoMethodOutcome outcome = dao.update(resource, request());
		stored++;
		log.info("Terminology content: stored {} {}|{} as {}", resource.fhirType(), resource.getUrl(),
				resource.getVersion(), outcome.getId().toUnqualified().getValue());
	}

	private static SystemRequestDetails request() {
		return new SystemRequestDetails();
	}
}
