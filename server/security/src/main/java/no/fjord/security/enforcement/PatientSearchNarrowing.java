package no.fjord.security.enforcement;

import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.interceptor.auth.AuthorizedList;
import ca.uhn.fhir.rest.server.interceptor.auth.SearchNarrowingInterceptor;
import no.fjord.security.scope.SmartScope.Context;
import no.fjord.security.token.SmartPrincipal;

/**
 * Narrows the searches of a token that holds only {@code patient/} scopes to its launch patient's
 * compartment in the query itself ({@code Observation?code=x} runs as
 * {@code Observation?code=x&patient=Patient/123}), so results, totals, paging and {@code _summary=count}
 * only ever reflect that patient's data. The authorization rules then still check every returned
 * resource, {@code _include}d ones too.
 */
@Interceptor
public class PatientSearchNarrowing extends SearchNarrowingInterceptor {

	@Override
	protected AuthorizedList buildAuthorizedList(RequestDetails request) {
		return SmartAuthorizationInterceptor.currentPrincipal()
				.filter(PatientSearchNarrowing::onlyPatientScopes)
				.flatMap(SmartPrincipal::patient)
				.map(patient -> new AuthorizedList().addCompartment("Patient/" + patient))
				.orElse(null);
	}

	private static boolean onlyPatientScopes(SmartPrincipal principal) {
		return principal.scopes().resourceScopes().stream().allMatch(scope -> scope.context() == Context.PATIENT);
	}
}
