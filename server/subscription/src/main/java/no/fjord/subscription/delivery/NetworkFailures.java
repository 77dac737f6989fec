package no.fjord.subscription.delivery;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.core5.http.ProtocolException;

/**
 * Short reasons for failed attempts. Exception messages are left out: they can quote the URL, whose query
 * may hold a token.
 */
final class NetworkFailures {

	private NetworkFailures() {
	}

	static String describe(IOException failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof RefusedAddress) {
				return "refused: resolves to a private address";
			}
		}
		if (failure instanceof ConnectTimeoutException) {
			return "connect timed out";
		}
		if (failure instanceof SocketTimeoutException) {
			return "response timed out";
		}
		if (failure instanceof ConnectException) {
			return "connection refused";
		}
		if (failure instanceof NoRouteToHostException) {
			return "no route to host";
		}
		if (failure instanceof UnknownHostException) {
			return "host not found";
		}
		if (failure instanceof SSLException) {
			return "TLS failed";
		}
		if (failure.getCause() instanceof ProtocolException) {
			return "not an HTTP response";
		}
		if (failure instanceof InterruptedIOException) {
			return "interrupted";
		}
		return "I/O error (" + failure.getClass().getSimpleName() + ")";
	}
}
