package no.fjord.security.enforcement;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.dao.PreVerifyConditionalMatchCriteriaRequest;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.interceptor.auth.AuthorizedList;
import ca.uhn.fhir.rest.server.interceptor.auth.SearchNarrowingInterceptor;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Collectors;
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
@Interceptor
public class PatientSearchNarrowing extends SearchNarrowingInterceptor {

	public PatientSearchNarrowing() {
		setNarrowConditionalUrls(true);
	}

	@Override
	protected AuthorizedList buildAuthorizedList(RequestDetails request) {
		return SmartAuthorizationInterceptor.currentPrincipal()
				.filter(PatientSearchNarrowing::narrows)
				.map(principal -> new AuthorizedList().addCompartment("Patient/" + principal.patient().orElseThrow()))
				.orElse(null);
	}

	/**
	 * HAPI checks in memory that a conditionally created or updated resource matches its conditional URL, and
	 * its matcher does not match the compartment parameter added above. That parameter only limits what is
	 * found, so the check runs on the URL as the client sent it.
	 */
	@Hook(Pointcut.STORAGE_PREVERIFY_CONDITIONAL_MATCH_CRITERIA)
	public void verifyAsSent(PreVerifyConditionalMatchCriteriaRequest criteria) {
		SmartAuthorizationInterceptor.currentPrincipal().filter(PatientSearchNarrowing::narrows)
				.ifPresent(principal -> criteria.setConditionalUrl(
						withoutValue(criteria.getConditionalUrl(), "Patient/" + principal.patient().orElseThrow())));
	}

	/** The URL without the query parameters whose value is {@code value}. */
	static String withoutValue(String url, String value) {
		int query = url.indexOf('?');
		if (query < 0) {
			return url;
		}
		String kept = Arrays.stream(url.substring(query + 1).split("&"))
				.filter(parameter -> !value.equals(URLDecoder.decode(parameter.substring(parameter.indexOf('=') + 1),
						StandardCharsets.UTF_8)))
				.collect(Collectors.joining("&"));
		return url.substring(0, query + 1) + kept;
	}

	/** Whether this caller's searches and conditional URLs are narrowed to its launch patient's compartment. */
	static boolean narrows(SmartPrincipal principal) {
		return principal.patient().isPresent()
				&& principal.scopes().resourceScopes().stream().allMatch(scope -> scope.context() == Context.PATIENT);
	}
}
