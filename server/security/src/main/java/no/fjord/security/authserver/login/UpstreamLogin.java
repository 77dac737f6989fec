package no.fjord.security.authserver.login;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import no.fjord.security.SecurityProperties.LoginProvider;
import no.fjord.security.portal.People;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

/**
 * Lets in a person an upstream OpenID Connect provider vouched for, as the FHIR resource with the
 * identifier from the ID token (HPR number: Practitioner; fødselsnummer or D-nummer: Patient). Nobody
 * without exactly one matching resource gets in.
 */
public class UpstreamLogin extends OidcUserService {

	private final Map<String, LoginProvider> providers;
	private final DaoRegistry daos;

	public UpstreamLogin(List<LoginProvider> providers, DaoRegistry daos) {
		this.providers = providers.stream().collect(Collectors.toUnmodifiableMap(LoginProvider::id, Function.identity()));
		this.daos = daos;
	}

	@Override
	public OidcUser loadUser(OidcUserRequest request) {
		OidcUser user = super.loadUser(request);
		LoginProvider provider = providers.get(request.getClientRegistration().getRegistrationId());
		Object identifier = user.getClaims().get(provider.claim());
		if (identifier == null || identifier.toString().isBlank()) {
			throw refused("The login did not say who you are (no " + provider.claim() + ")");
		}
		List<IBaseResource> found = daos.getResourceDao(provider.people().resourceType)
				.search(SearchParameterMap.newSynchronous().add("identifier", identifiers(provider, identifier.toString())),
						new SystemRequestDetails())
				.getResources(0, 2);
		if (found.size() != 1) {
			throw refused(found.isEmpty() ? "You are not registered in Fjord" : "More than one record matches your identity");
		}
		Set<GrantedAuthority> authorities = new LinkedHashSet<>(user.getAuthorities());
		authorities.add(new SimpleGrantedAuthority(People.FHIR_USER_AUTHORITY
				+ found.get(0).getIdElement().toUnqualifiedVersionless().getValue()));
		if (provider.people() == LoginProvider.People.PRACTITIONER) {
			// the identifier is the HPR number (the only system practitioners are found by)
			authorities.add(new SimpleGrantedAuthority(People.HPR_NUMBER_AUTHORITY + identifier));
		}
		return new DefaultOidcUser(authorities, user.getIdToken(), user.getUserInfo());
	}

	private static TokenOrListParam identifiers(LoginProvider provider, String value) {
		TokenOrListParam identifiers = new TokenOrListParam();
		provider.people().identifierSystems.forEach(system -> identifiers.add(system, value));
		return identifiers;
	}

	private static OAuth2AuthenticationException refused(String description) {
		return new OAuth2AuthenticationException(new OAuth2Error("access_denied", description, null), description);
	}
}
