package no.fjord.consent.blocking;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import java.util.LinkedHashSet;
import java.util.Set;
import no.fjord.common.fhir.RequestPipeline;
import no.fjord.common.transaction.AfterTransaction;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Consent;

/**
 * Keeps {@link ActiveBlockings} current on this server: when a Consent is written, its patient's blockings
 * are read again as soon as the write commits (registered on HAPI's storage interceptors, so every write
 * path counts). Other servers notice through {@link BlockingRefresh}.
 */
@Interceptor(order = RequestPipeline.BLOCKING_CHANGES)
public class BlockingChangesInterceptor {

	private final ActiveBlockings blockings;

	public BlockingChangesInterceptor(ActiveBlockings blockings) {
		this.blockings = blockings;
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
	public void created(IBaseResource resource) {
		reloadAfterCommit(patientsOf(resource, null));
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
	public void updated(IBaseResource previous, IBaseResource updated) {
		reloadAfterCommit(patientsOf(previous, updated));
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_DELETED)
	public void deleted(IBaseResource resource) {
		reloadAfterCommit(patientsOf(resource, null));
	}

	private static Set<String> patientsOf(IBaseResource first, IBaseResource second) {
		Set<String> patients = new LinkedHashSet<>();
		for (IBaseResource resource : new IBaseResource[] {first, second}) {
			if (resource instanceof Consent consent && consent.getPatient().getReferenceElement().hasIdPart()) {
				patients.add(consent.getPatient().getReferenceElement().getIdPart());
			}
		}
		return patients;
	}

	private void reloadAfterCommit(Set<String> patients) {
		if (patients.isEmpty()) {
			return;
		}
		AfterTransaction.afterCommitOrNow(() -> patients.forEach(blockings::reloadPatient));
	}
}
