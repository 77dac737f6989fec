package no.fjord.subscription.fhir;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Subscription;
import org.hl7.fhir.r4.model.Subscription.SubscriptionStatus;

/**
 * The server's own changes of a Subscription's status ({@code requested} to {@code active} after the
 * handshake, to {@code error} when deliveries keep failing), written to the resource, which records them
 * in {@code fjord_subscription} like any write.
 */
public final class SubscriptionStatusWriter {

	private static final String SERVER_CHANGE = SubscriptionStatusWriter.class.getName();

	private final DaoRegistry daos;

	public SubscriptionStatusWriter(DaoRegistry daos) {
		this.daos = daos;
	}

	/** @param error why, for {@code error}; {@code null} otherwise */
	public void change(String subscriptionId, SubscriptionStatus status, String error) {
		IFhirResourceDao<Subscription> dao = daos.getResourceDao(Subscription.class);
		SystemRequestDetails request = new SystemRequestDetails();
		request.getUserData().put(SERVER_CHANGE, Boolean.TRUE);
		Subscription subscription;
		try {
			subscription = dao.read(new IdType("Subscription", subscriptionId), request);
		} catch (ResourceNotFoundException | ResourceGoneException gone) {
			return;
		}
		if (subscription.getStatus() == status) {
			return;
		}
		subscription.setStatus(status);
		subscription.setError(error);
		dao.update(subscription, request);
	}

	/** Whether a write is one of these, made by the server itself. */
	static boolean isServerChange(ca.uhn.fhir.rest.api.server.RequestDetails request) {
		return request != null && Boolean.TRUE.equals(request.getUserData().get(SERVER_CHANGE));
	}
}
