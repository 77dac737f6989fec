package no.fjord.subscription.delivery;

/**
 * How one rest-hook attempt went.
 *
 * @param delivered the receiver answered 2xx
 * @param status the HTTP status, 0 when no response came
 * @param failure why it was not delivered, {@code null} when it was; short and free of secrets, headers and
 *     body content, fit for Subscription.error and the log
 */
public record DeliveryResult(boolean delivered, int status, String failure) {

	static DeliveryResult answered(int status) {
		boolean success = status >= 200 && status < 300;
		if (success) {
			return new DeliveryResult(true, status, null);
		}
		String redirect = status >= 300 && status < 400 ? " (redirects are not followed)" : "";
		return new DeliveryResult(false, status, "HTTP " + status + redirect);
	}

	static DeliveryResult failed(String failure) {
		return new DeliveryResult(false, 0, failure);
	}
}
