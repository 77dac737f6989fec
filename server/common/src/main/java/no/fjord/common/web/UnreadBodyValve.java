package no.fjord.common.web;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.coyote.ActionCode;

/**
 * Closes the connection after a refusal instead of reading the rest of a body nobody will use. Tomcat
 * by default drains an unread body (up to {@code server.tomcat.max-swallow-size}) to keep the
 * connection alive, which lets a client without a token, or one sending two bytes a second, hold a
 * worker thread as long as it likes. 413 is left to Tomcat, so clients still sending a too-large body
 * get to read the answer.
 *
 * <p>Such a refusal says {@code Connection: close} (RFC 9112 section 9.6), set when the status is,
 * before the answer is sent: a client must not send its next request on a connection about to close.
 */
public final class UnreadBodyValve extends ValveBase {

	public UnreadBodyValve() {
		super(true);
	}

	@Override
	public void invoke(Request request, Response response) throws IOException, ServletException {
		HttpServletResponse application = response.getResponse();
		if (hasBody(request)) {
			response.setResponse(new ClosingOnRefusal(application));
		}
		try {
			getNext().invoke(request, response);
		} finally {
			response.setResponse(application);
			if (closesConnection(response.getStatus()) && !bodyFullyRead(request)) {
				request.getCoyoteRequest().action(ActionCode.DISABLE_SWALLOW_INPUT, null);
			}
		}
	}

	private static boolean hasBody(Request request) {
		return request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
	}

	private static boolean closesConnection(int status) {
		return status == 401 || status == 403 || status == 408 || status == 503;
	}

	private static boolean bodyFullyRead(Request request) {
		AtomicBoolean fullyRead = new AtomicBoolean(true);
		request.getCoyoteRequest().action(ActionCode.REQUEST_BODY_FULLY_READ, fullyRead);
		return fullyRead.get();
	}

	/** Marks a refusal's answer {@code Connection: close} as its status is set, before anything is sent. */
	private static final class ClosingOnRefusal extends HttpServletResponseWrapper {

		ClosingOnRefusal(HttpServletResponse response) {
			super(response);
		}

		@Override
		public void setStatus(int status) {
			markIfRefusal(status);
			super.setStatus(status);
		}

		@Override
		public void sendError(int status) throws IOException {
			markIfRefusal(status);
			super.sendError(status);
		}

		@Override
		public void sendError(int status, String message) throws IOException {
			markIfRefusal(status);
			super.sendError(status, message);
		}

		private void markIfRefusal(int status) {
			if (closesConnection(status) && !isCommitted()) {
				setHeader("Connection", "close");
			}
		}
	}
}
