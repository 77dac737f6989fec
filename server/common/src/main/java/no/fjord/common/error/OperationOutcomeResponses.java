package no.fjord.common.error;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.hl7.fhir.r4.model.OperationOutcome;

/**
 * Writes an OperationOutcome as a complete HTTP response from code that runs before HAPI's
 * RestfulServer (servlet filters), in XML when the client asked for XML and JSON otherwise.
 */
public final class OperationOutcomeResponses {

	private static final FhirContext FHIR = FhirContext.forR4Cached();

	private OperationOutcomeResponses() {}

	public static void write(HttpServletRequest request, HttpServletResponse response, int status,
			OperationOutcome outcome) throws IOException {
		boolean xml = wantsXml(request);
		IParser parser = xml ? FHIR.newXmlParser() : FHIR.newJsonParser();
		byte[] body = parser.encodeResourceToString(outcome).getBytes(StandardCharsets.UTF_8);
		response.resetBuffer();
		response.setStatus(status);
		response.setContentType((xml ? "application/fhir+xml" : "application/fhir+json") + ";charset=utf-8");
		response.setContentLength(body.length);
		response.getOutputStream().write(body);
		response.flushBuffer();
	}

	/** The outcome in FHIR JSON, for code that writes a response body itself. */
	public static String json(OperationOutcome outcome) {
		return FHIR.newJsonParser().encodeResourceToString(outcome);
	}

	private static boolean wantsXml(HttpServletRequest request) {
		String format = request.getParameter("_format");
		if (format != null) {
			return format.toLowerCase(Locale.ROOT).contains("xml");
		}
		String accept = request.getHeader("Accept");
		return accept != null && accept.toLowerCase(Locale.ROOT).contains("xml")
				&& !accept.toLowerCase(Locale.ROOT).contains("json");
	}
}
