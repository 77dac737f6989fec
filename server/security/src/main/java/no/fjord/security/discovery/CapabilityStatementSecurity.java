package no.fjord.security.discovery;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import no.fjord.common.fhir.RequestPipeline;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestSecurityComponent;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.UriType;

/**
 * Declares SMART on FHIR in the CapabilityStatement ({@code rest.security}: the SMART-on-FHIR service and
 * the {@code oauth-uris} extension with the authorize, token, introspection and revocation endpoints), as
 * SMART App Launch asks of servers besides the discovery document.
 */
@Interceptor(order = RequestPipeline.CAPABILITY_SECURITY)
public class CapabilityStatementSecurity {

	private static final String OAUTH_URIS = "http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris";

	private final SmartConfiguration configuration;

	public CapabilityStatementSecurity(SmartConfiguration configuration) {
		this.configuration = configuration;
	}

	@Hook(Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED)
	public void declare(IBaseConformance generated, RequestDetails request) {
		if (!(generated instanceof CapabilityStatement statement) || !(request instanceof ServletRequestDetails servlet)
				|| statement.getRest().isEmpty()) {
			return;
		}
		var document = configuration.describe(servlet.getServletRequest());
		CapabilityStatementRestSecurityComponent security = new CapabilityStatementRestSecurityComponent();
		security.setCors(true);
		security.addService().addCoding()
				.setSystem("http://terminology.hl7.org/CodeSystem/restful-security-service")
				.setCode("SMART-on-FHIR").setDisplay("SMART-on-FHIR");
		security.setDescription("OAuth2 with SMART App Launch 2.x and SMART Backend Services; "
				+ "discovery at .well-known/smart-configuration");
		Extension uris = security.addExtension().setUrl(OAUTH_URIS);
		for (var uri : java.util.Map.of("authorize", "authorization_endpoint", "token", "token_endpoint",
				"introspect", "introspection_endpoint", "revoke", "revocation_endpoint").entrySet()) {
			if (document.get(uri.getValue()) != null) {
				uris.addExtension(uri.getKey(), new UriType(document.get(uri.getValue()).toString()));
			}
		}
		statement.getRestFirstRep().setSecurity(security);
	}
}
