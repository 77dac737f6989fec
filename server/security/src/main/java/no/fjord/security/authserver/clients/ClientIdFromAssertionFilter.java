package no.fjord.security.authserver.clients;

import com.nimbusds.jwt.JWTParser;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.text.ParseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * SMART Backend Services clients send a client assertion without {@code client_id} (RFC 7523 makes it
 * optional: the assertion's {@code sub} names the client), but Spring Authorization Server requires the
 * parameter. This adds it from the assertion's {@code sub}; the assertion is then verified as usual,
 * including that {@code iss} and {@code sub} are that client.
 */
public class ClientIdFromAssertionFilter extends OncePerRequestFilter {

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return request.getParameter("client_assertion") == null || request.getParameter("client_id") != null;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String subject;
		try {
			subject = JWTParser.parse(request.getParameter("client_assertion")).getJWTClaimsSet().getSubject();
		} catch (ParseException e) {
			subject = null;
		}
		if (subject == null) {
			chain.doFilter(request, response);
			return;
		}
		Map<String, String[]> parameters = new LinkedHashMap<>(request.getParameterMap());
		parameters.put("client_id", new String[] {subject});
		chain.doFilter(new HttpServletRequestWrapper(request) {
			@Override
			public String getParameter(String name) {
				String[] values = parameters.get(name);
				return values == null ? null : values[0];
			}

			@Override
			public Map<String, String[]> getParameterMap() {
				return Collections.unmodifiableMap(parameters);
			}

			@Override
			public java.util.Enumeration<String> getParameterNames() {
				return Collections.enumeration(parameters.keySet());
			}

			@Override
			public String[] getParameterValues(String name) {
				return parameters.get(name);
			}
		}, response);
	}
}
