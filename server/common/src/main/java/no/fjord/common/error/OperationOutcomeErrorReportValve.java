package no.fjord.common.error;

import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/**
 * Tomcat's answer to requests it refuses itself, before any filter or servlet runs (a URL or headers
 * too long, bytes not allowed in a URL, an encoded NUL): an OperationOutcome in JSON instead of
 * Tomcat's HTML page. The message depends on the status only; Tomcat's own message may quote the URL,
 * which can hold patient data.
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
				writer.write(OperationOutcomeResponses.json(OperationOutcomes.error(type(status), message(status))));
				response.finishResponse();
			}
		} catch (IOException | IllegalStateException ignored) {
			// the client is gone or the response is already on its way; nothing more to say
		}
	}

	private static IssueType type(int status) {
		return switch (status) {
			case 408 -> IssueType.TIMEOUT;
			case 413, 414, 431 -> IssueType.TOOLONG;
			case 401 -> IssueType.LOGIN;
			case 403 -> IssueType.FORBIDDEN;
			case 404 -> IssueType.NOTFOUND;
			default -> status < 500 ? IssueType.INVALID : IssueType.EXCEPTION;
		};
	}

	private static String message(int status) {
		return switch (status) {
			case 400 -> "The request could not be read: its request line, URL or headers are malformed or hold "
					+ "characters that are not allowed (such as an encoded NUL or raw bytes above 0x7F in the path)";
			case 408 -> "The request did not arrive in time";
			case 413 -> "The request body is larger than this server accepts";
			case 414 -> "The URL is longer than this server accepts";
			case 431 -> "The request headers are larger than this server accepts";
			case 505 -> "This server speaks HTTP/1.1";
			default -> "The request was refused (HTTP " + status + ")";
		};
	}
}
