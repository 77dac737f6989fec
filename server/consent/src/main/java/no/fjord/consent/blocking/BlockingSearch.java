package no.fjord.consent.blocking;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Consent;

/** Finds the blockings in force in storage: active Consents with the {@code sperring} category. */
public final class BlockingSearch {

	private static final int PAGE = 500;

	private final DaoRegistry daos;

	public BlockingSearch(DaoRegistry daos) {
		this.daos = daos;
	}

	public List<Blocking> all() {
		return search(null);
	}

	public List<Blocking> ofPatient(String patientId) {
		return search(patientId);
	}

	private List<Blocking> search(String patientId) {
		IFhirResourceDao<Consent> dao = daos.getResourceDao(Consent.class);
		List<Blocking> blockings = new ArrayList<>();
		for (int offset = 0; ; offset += PAGE) {
			SearchParameterMap query = SearchParameterMap.newSynchronous()
					.add(Consent.SP_CATEGORY, new TokenParam(BlockingReader.CATEGORY_SYSTEM, BlockingReader.CATEGORY_CODE))
					.add(Consent.SP_STATUS, new TokenParam("active"));
			if (patientId != null) {
				query.add(Consent.SP_PATIENT, new ReferenceParam("Patient/" + patientId));
			}
			query.setOffset(offset);
			query.setCount(PAGE);
			IBundleProvider page = dao.search(query, new SystemRequestDetails());
			List<IBaseResource> resources = page.getAllResources();
			resources.forEach(resource -> BlockingReader.read((Consent) resource).ifPresent(blockings::add));
			if (resources.size() < PAGE) {
				return blockings;
			}
		}
	}
}
