package no.fjord.profiles.validation;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;
import java.util.List;
import no.fjord.common.fhir.RequestPipeline;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * Refuses a write (422) when {@link WriteChecks} finds an error; the OperationOutcome lists every
 * issue, errors and warnings, each with its FHIRPath location. Warnings alone never block.
 *
 * <p>It runs just before storage, inside the transaction: creates, updates, PATCH results and each
 * transaction entry are covered, and a refusal rolls the whole transaction back.
 */
@Interceptor(order = RequestPipeline.PROFILE_VALIDATION)
public final class WriteValidatingInterceptor {

	private final FhirContext fhirContext;
	private final WriteChecks checks;

	public WriteValidatingInterceptor(FhirContext fhirContext, WriteChecks checks) {
		this.fhirContext = fhirContext;
		this.checks = checks;
	}

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
	public void created(IBaseResource resource) {
		validate(resource);
	}

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
	public void updated(IBaseResource oldResource, IBaseResource newResource) {
		validate(newResource);
	}

	private void validate(IBaseResource resource) {
		List<SingleValidationMessage> messages = checks.all(resource);
		if (WriteChecks.hasErrors(messages)) {
			throw new UnprocessableEntityException(fhirContext,
					new ValidationResult(fhirContext, messages).toOperationOutcome());
		}
	}
}
