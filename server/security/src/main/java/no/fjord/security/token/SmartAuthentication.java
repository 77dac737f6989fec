package no.fjord.security.token;

import java.util.List;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/** A verified access token and the {@link SmartPrincipal} read from it. */
public class SmartAuthentication extends JwtAuthenticationToken {

	private final transient SmartPrincipal smart;

	public SmartAuthentication(Jwt jwt, SmartPrincipal smart) {
		super(jwt, smart.isAdministrator() ? List.of(new SimpleGrantedAuthority("ROLE_ADMIN")) : List.of(),
				smart.subject());
		this.smart = smart;
	}

	public SmartPrincipal smart() {
		return smart;
	}
}
