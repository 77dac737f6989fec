package no.fjord.terminology;

import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import java.util.Set;
import no.fjord.common.fhir.RequestPipeline;
import no.fjord.common.transaction.AfterTransaction;
import no.fjord.terminology.typeahead.TypeAheadExpansions;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * Drops what is cached about terminology whenever a CodeSystem, ValueSet or ConceptMap is written or
 * deleted: the type-ahead indexes, and the validation chain's caches, which otherwise keep answering
 * lookups and validations from the code system version that was current before.
 */
@Interceptor(order = RequestPipeline.TERMINOLOGY_CHANGES)
public class TerminologyChangeInterceptor {

	private static final Set<String> TERMINOLOGY = Set.of("CodeSystem", "ValueSet", "ConceptMap");

	private final TypeAheadExpansions typeAhead;
	private final IValidationSupport validationSupport;

	public TerminologyChangeInterceptor(TypeAheadExpansions typeAhead, IValidationSupport validationSupport) {
		this.typeAhead = typeAhead;
		this.validationSupport = validationSupport;
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
	public void created(IBaseResource resource) {
		changed(resource);
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
	public void updated(IBaseResource oldResource, IBaseResource newResource) {
		changed(newResource);
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_DELETED)
	public void deleted(IBaseResource resource) {
		changed(resource);
	}

	/** Now, and again after the commit, so an index rebuilt in between from the old rows does not stay. */
	private void changed(IBaseResource resource) {
		if (!TERMINOLOGY.contains(resource.fhirType())) {
			return;
		}
		typeAhead.invalidate();
		AfterTransaction.afterCompletionOrNow(() -> {
			// caches first: an index rebuilt in between must not be made from the old cached expansion
			validationSupport.invalidateCaches();
			typeAhead.invalidate();
		});
	}
}
