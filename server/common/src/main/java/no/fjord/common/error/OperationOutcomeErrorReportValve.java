package no.fjord.common.error;

import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;

/**
 * Tomcat's answer to requests it refuses itself, before any filter or servlet runs (a URL or headers
 * too long, bytes not allowed in a URL, an encoded NUL): an OperationOutcome in JSON instead of
 * Tomcat's HTML page, with {@link OperationOutcomes#forStatus}'s message.
 */
public final class OperationOutcomeErrorReportValve extends ErrorReportValve {

	@Override
	protected void report(Request request, Response response, Throwable throwable) {
		int status = response.getStatus();
		if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
			return;
		}
		AtomicBoolean ioAllowed = new AtomicBoolean(true);
		response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
		if (!ioAllowed.get()) {
			return;
		}
		try {
			response.setContentType("application/fhir+json");
			response.setCharacterEncoding("UTF-8");
			Writer writer = response.getReporter();
			if (writer != null) {
				writer.write(OperationOutcomeResponses.json(OperationOutcomes.forStatus(status)));
				response.finishResponse();
			}
		} catch (IOException | IllegalStateException ignored) {
			// the client is gone or the response is already on its way; nothing more to say
		}
	}
}
