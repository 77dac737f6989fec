package no.fjord.security.enforcement;

import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.interceptor.auth.AuthorizedList;
import ca.uhn.fhir.rest.server.interceptor.auth.SearchNarrowingInterceptor;
import no.fjord.common.fhir.RequestPipeline;
import no.fjord.security.scope.SmartScope.Context;
import no.fjord.security.token.SmartPrincipal;

/**
 * Narrows the searches of a token that holds only {@code patient/} scopes to its launch patient's
 * compartment in the query itself ({@code Observation?code=x} runs as
 * {@code Observation?code=x&patient=Patient/123}), so results, totals, paging and {@code _summary=count}
 * only ever reflect that patient's data. The authorization rules then still check every returned
 * resource, {@code _include}d ones too. Conditional URLs ({@code If-None-Exist}, conditional update, patch
 * and delete, also as transaction entries) are narrowed the same way, so they never match another
 * patient's data.
 */
@Interceptor(order = RequestPipeline.SEARCH_NARROWING)
public class PatientSearchNarrowing extends SearchNarrowingInterceptor {

	public PatientSearchNarrowing() {
		setNarrowConditionalUrls(true);
	}

	@Override
	protected AuthorizedList buildAuthorizedList(RequestDetails request) {
		return SmartPrincipal.current()
				.filter(PatientSearchNarrowing::narrows)
				.map(principal -> new AuthorizedList().addCompartment("Patient/" + principal.patient().orElseThrow()))
				.orElse(null);
	}

	/** Whether this caller's searches and conditional URLs are narrowed to its launch patient's compartment. */
	static boolean narrows(SmartPrincipal principal) {
		return principal.patient().isPresent()
				&& principal.scopes().resourceScopes().stream().allMatch(scope -> scope.context() == Context.PATIENT);
	}
}
