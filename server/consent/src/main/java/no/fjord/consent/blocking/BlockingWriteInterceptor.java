package no.fjord.consent.blocking;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import no.fjord.common.error.OperationOutcomes;
import no.fjord.common.fhir.RequestPipeline;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/**
 * A Consent with the {@code sperring} category is enforced, so it must be what the blocking profile
 * says: it has to claim the profile (and is then validated against it on write), and its data may only
 * be limited in the ways the consent service understands.
 */
@Interceptor(order = RequestPipeline.BLOCKING_CONSENT_SHAPE)
public class BlockingWriteInterceptor {

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
	public void created(IBaseResource resource) {
		check(resource);
	}

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
	public void updated(IBaseResource previous, IBaseResource updated) {
		check(updated);
	}

	private static void check(IBaseResource resource) {
		if (!(resource instanceof Consent consent) || !BlockingReader.isBlocking(consent)) {
			return;
		}
		if (!consent.getMeta().hasProfile(BlockingReader.PROFILE)) {
			refuse("A Consent with the sperring category is a blocking and must claim the profile "
					+ BlockingReader.PROFILE + " in meta.profile");
		}
		boolean authoredBy = consent.getProvision().getData().stream()
				.anyMatch(data -> data.getMeaning() == Consent.ConsentDataMeaning.AUTHOREDBY)
				|| consent.getProvision().getProvision().stream().flatMap(nested -> nested.getData().stream())
						.anyMatch(data -> data.getMeaning() == Consent.ConsentDataMeaning.AUTHOREDBY);
		if (authoredBy) {
			refuse("Consent.provision.data.meaning 'authoredby' is not supported in a blocking: use instance, related or dependents");
		}
	}

	private static void refuse(String message) {
		throw new UnprocessableEntityException(message, OperationOutcomes.error(IssueType.BUSINESSRULE, message));
	}
}
