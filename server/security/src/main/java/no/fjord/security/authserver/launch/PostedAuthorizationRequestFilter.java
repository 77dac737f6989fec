package no.fjord.security.authserver.launch;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import no.fjord.security.portal.People;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * SMART's {@code authorize-post}: an authorization request may come as a form POST. When the person has
 * yet to log in, it is turned into the same request as a GET (303), because only GET requests are resumed
 * after the login page; once logged in, the authorization endpoint answers POSTs itself.
 */
public class PostedAuthorizationRequestFilter extends OncePerRequestFilter {

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !"POST".equals(request.getMethod())
				|| !StandaloneLaunchFilter.AUTHORIZE_PATH.equals(request.getServletPath())
				|| request.getParameter("response_type") == null;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (People.loggedIn(SecurityContextHolder.getContext().getAuthentication())) {
			chain.doFilter(request, response);
			return;
		}
		response.setStatus(HttpServletResponse.SC_SEE_OTHER);
		response.setHeader("Location", StandaloneLaunchFilter.AUTHORIZE_PATH + "?"
				+ StandaloneLaunchFilter.queryOf(request.getParameterMap()));
	}
}
