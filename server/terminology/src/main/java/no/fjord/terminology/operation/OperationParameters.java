package no.fjord.terminology.operation;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.util.Optional;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.Parameters;

/** A primitive operation parameter as the client sent it: in the URL, or in a POSTed Parameters body. */
final class OperationParameters {

	private OperationParameters() {}

	static Optional<String> first(RequestDetails request, String name) {
		String[] values = request.getParameters().get(name);
		if (values != null && values.length > 0 && !values[0].isBlank()) {
			return Optional.of(values[0]);
		}
		if (request.getResource() instanceof Parameters body) {
			ParametersParameterComponent parameter = body.getParameter(name);
			if (parameter != null && parameter.getValue() != null && parameter.getValue().isPrimitive()) {
				return Optional.ofNullable(parameter.getValue().primitiveValue());
			}
		}
		return Optional.empty();
	}
}
