package no.fjord.subscription.outbox;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.MatchUrlService;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.jpa.searchparam.matcher.InMemoryMatchResult;
import ca.uhn.fhir.jpa.searchparam.matcher.SearchParamMatcher;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.TokenParam;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * Whether a resource matches a search, evaluated in memory by HAPI's matcher (the same the subscription
 * and authorization modules of HAPI use); searches it cannot evaluate in memory (chains, {@code _has},
 * full text) are run against the database, narrowed to the resource's id.
 */
public final class QueryMatcher {

	private final SearchParamMatcher matcher;
	private final MatchUrlService matchUrls;
	private final DaoRegistry daos;
	private final FhirContext context;

	public QueryMatcher(SearchParamMatcher matcher, MatchUrlService matchUrls, DaoRegistry daos, FhirContext context) {
		this.matcher = matcher;
		this.matchUrls = matchUrls;
		this.daos = daos;
		this.context = context;
	}

	/** Whether the stored resource matches {@code query} now. An empty query matches everything. */
	public boolean matchesStored(String query, IBaseResource resource) {
		if (query.isEmpty()) {
			return true;
		}
		InMemoryMatchResult result = inMemory(query, resource);
		if (result.supported()) {
			return result.matched();
		}
		String type = resource.fhirType();
		SearchParameterMap search = matchUrls.translateMatchUrl(type + "?" + query, context.getResourceDefinition(type));
		search.add("_id", new TokenParam(resource.getIdElement().getIdPart()));
		search.setLoadSynchronous(true);
		return !daos.getResourceDao(type).searchForResourceIds(search, new SystemRequestDetails()).isEmpty();
	}

	/**
	 * Whether a version that is no longer current (the one before an update, one deleted) matched
	 * {@code query}. The database only searches current versions, so a search that cannot be evaluated in
	 * memory counts as matched: a notification too many, never one lost.
	 */
	public boolean matchedVersion(String query, IBaseResource version) {
		if (query.isEmpty()) {
			return true;
		}
		InMemoryMatchResult result = inMemory(query, version);
		return !result.supported() || result.matched();
	}

	private InMemoryMatchResult inMemory(String query, IBaseResource resource) {
		return matcher.match(resource.fhirType() + "?" + query, resource, new SystemRequestDetails());
	}
}
