package no.fjord.profiles.validation;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import no.fjord.common.fhir.RequestPipeline;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Parameters;

/**
 * Makes {@code $validate} answer what a write would: HAPI's operation validates against the claimed and
 * the requested profile; this adds what else {@link WriteChecks} finds (required profiles, Norwegian
 * identifiers), and drops what {@link SharedUrlIssueFilter} drops from a write's validation.
 *
 * @see <a href="https://hl7.org/fhir/R4/resource-operation-validate.html">$validate</a>
 */
@Interceptor(order = RequestPipeline.VALIDATE_OPERATION)
public final class ValidateOperationInterceptor {

	private final FhirContext fhirContext;
	private final WriteChecks checks;
	private final SharedUrlIssueFilter sharedUrls;

	public ValidateOperationInterceptor(FhirContext fhirContext, WriteChecks checks, SharedUrlIssueFilter sharedUrls) {
		this.fhirContext = fhirContext;
		this.checks = checks;
		this.sharedUrls = sharedUrls;
	}

	@Hook(Pointcut.VALIDATION_COMPLETED)
	public ValidationResult addWriteChecks(IBaseResource parsed, String raw, ValidationResult result) {
		IBaseResource resource = parsed != null ? parsed : parse(raw);
		if (resource == null) {
			return null;
		}
		if (resource instanceof Parameters parameters && parameters.getParameter("resource") != null
				&& parameters.getParameter("resource").getResource() != null
				&& parameters.getParameter("profile") != null) {
			// HAPI 8.8 validates the Parameters wrapper itself against a requested profile (and reads a
			// canonical as text); validate the resource inside, as a write of it would be.
			String profile = parameters.getParameter("profile").getValue().primitiveValue();
			IBaseResource inner = parameters.getParameter("resource").getResource();
			return new ValidationResult(fhirContext, checks.all(inner, List.of(profile)));
		}
		List<SingleValidationMessage> messages = new ArrayList<>(sharedUrls.apply(result.getMessages()));
		checks.beyondClaimedProfiles(resource).stream()
				.filter(message -> messages.stream().noneMatch(existing -> sameIssue(existing, message)))
				.forEach(messages::add);
		return new ValidationResult(fhirContext, messages);
	}

	private IBaseResource parse(String raw) {
		if (raw == null || raw.isBlank()) {
			return null;
		}
		EncodingEnum encoding = EncodingEnum.detectEncodingNoDefault(raw);
		if (encoding == null) {
			return null;
		}
		try {
			return encoding.newParser(fhirContext).parseResource(raw);
		} catch (DataFormatException e) {
			// Unparseable content has already been reported by the validator itself.
			return null;
		}
	}

	private static boolean sameIssue(SingleValidationMessage a, SingleValidationMessage b) {
		return Objects.equals(a.getLocationString(), b.getLocationString())
				&& Objects.equals(a.getMessage(), b.getMessage());
	}
}
