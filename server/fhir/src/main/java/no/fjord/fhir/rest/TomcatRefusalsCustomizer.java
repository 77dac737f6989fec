package no.fjord.fhir.rest;

import no.fjord.common.error.OperationOutcomeErrorReportValve;
import no.fjord.common.fhir.FhirRestProperties;
import no.fjord.common.web.UnreadBodyValve;
import org.apache.catalina.Host;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;

/**
 * How Tomcat itself refuses requests: a read of a request body that stalls for the upload timeout
 * fails (instead of Tomcat's one-minute connection timeout), refused bodies are not drained
 * ({@link UnreadBodyValve}), and Tomcat's own error pages are OperationOutcomes
 * ({@link OperationOutcomeErrorReportValve}). Runs after Spring Boot's customizer, which installs
 * Tomcat's HTML error report valve that is replaced here.
 */
final class TomcatRefusalsCustomizer implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

	private final FhirRestProperties properties;

	TomcatRefusalsCustomizer(FhirRestProperties properties) {
		this.properties = properties;
	}

	@Override
	public void customize(TomcatServletWebServerFactory factory) {
		String uploadTimeout = String.valueOf(properties.uploadTimeout().toMillis());
		factory.addConnectorCustomizers(connector -> {
			connector.setProperty("disableUploadTimeout", "false");
			connector.setProperty("connectionUploadTimeout", uploadTimeout);
		});
		factory.addContextValves(new UnreadBodyValve());
		factory.addContextCustomizers(context -> replaceErrorReportValve((Host) context.getParent()));
	}

	private static void replaceErrorReportValve(Host host) {
		for (Valve valve : host.getPipeline().getValves()) {
			if (valve instanceof ErrorReportValve) {
				host.getPipeline().removeValve(valve);
			}
		}
		host.getPipeline().addValve(new OperationOutcomeErrorReportValve());
		if (host instanceof StandardHost standard) {
			// else the host adds Tomcat's HTML valve at start, as it finds none of this class
			standard.setErrorReportValveClass(OperationOutcomeErrorReportValve.class.getName());
		}
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}
}
