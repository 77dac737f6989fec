package no.fjord.subscription.delivery;

/**
 * A rest-hook endpoint or channel header Fjord will not send to; the message is written for the
 * subscriber and fits an OperationOutcome.
 */
public final class RefusedEndpoint extends RuntimeException {

	public RefusedEndpoint(String message) {
		super(message);
	}
}
