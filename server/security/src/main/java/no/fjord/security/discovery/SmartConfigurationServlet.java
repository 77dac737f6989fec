package no.fjord.security.discovery;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Serves the SMART discovery document at {@code [FHIR base]/.well-known/smart-configuration}, where SMART
 * clients look for it, and at the root. A servlet of its own because HAPI's servlet owns {@code /fhir/*};
 * an exact servlet mapping wins over that prefix.
 */
public class SmartConfigurationServlet extends HttpServlet {

	private final transient SmartConfiguration configuration;
	private final transient ObjectMapper json = new ObjectMapper();

	public SmartConfigurationServlet(SmartConfiguration configuration) {
		this.configuration = configuration;
	}

	@Override
	protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
		response.setContentType("application/json");
		response.setCharacterEncoding("UTF-8");
		response.setHeader("Cache-Control", "max-age=300");
		json.writeValue(response.getOutputStream(), configuration.describe(request));
	}
}
