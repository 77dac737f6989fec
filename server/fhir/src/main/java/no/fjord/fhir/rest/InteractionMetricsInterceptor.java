package no.fjord.fhir.rest;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import no.fjord.common.fhir.RequestPipeline;

/**
 * Times every FHIR interaction as {@code fjord.fhir.requests}, tagged with the interaction (read,
 * search-type, transaction...), the resource type and the outcome, so rate and latency can be read
 * per interaction from {@code /actuator/prometheus}.
 */
@Interceptor(order = RequestPipeline.INTERACTION_METRICS)
public final class InteractionMetricsInterceptor {

	static final String METRIC = "fjord.fhir.requests";

	private static final Duration[] BUCKETS = Stream.of(5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000)
			.map(Duration::ofMillis).toArray(Duration[]::new);

	private final MeterRegistry registry;

	public InteractionMetricsInterceptor(MeterRegistry registry) {
		this.registry = registry;
	}

	@Hook(Pointcut.SERVER_PROCESSING_COMPLETED_NORMALLY)
	public void completed(RequestDetails request) {
		record(request, "success");
	}

	@Hook(Pointcut.SERVER_HANDLE_EXCEPTION)
	public boolean failed(RequestDetails request, BaseServerResponseException exception) {
		record(request, exception.getStatusCode() >= 500 ? "server_error" : "client_error");
		return true;
	}

	private void record(RequestDetails request, String outcome) {
		RestOperationTypeEnum operation = request.getRestOperationType();
		String interaction = operation == null ? "unknown" : operation.getCode();
		boolean extendedOperation = operation == RestOperationTypeEnum.EXTENDED_OPERATION_TYPE
				|| operation == RestOperationTypeEnum.EXTENDED_OPERATION_INSTANCE
				|| operation == RestOperationTypeEnum.EXTENDED_OPERATION_SERVER;
		// Only names the server knows become tag values, so clients cannot blow up the metric's cardinality.
		if (extendedOperation && "success".equals(outcome)) {
			interaction = request.getOperation();
		}
		String name = request.getResourceName();
		String resourceType = name == null ? "none"
				: request.getFhirContext().getResourceTypes().contains(name) ? name : "unknown";
		Timer.builder(METRIC)
				.description("FHIR interactions handled, by interaction, resource type and outcome")
				.tag("interaction", interaction == null ? "unknown" : interaction)
				.tag("resource_type", resourceType)
				.tag("outcome", outcome)
				// A few fixed buckets per series: a full percentile histogram per interaction and resource
				// type would be hundreds of thousands of series lines.
				.serviceLevelObjectives(BUCKETS)
				.register(registry)
				.record(request.getRequestStopwatch().getMillis(), TimeUnit.MILLISECONDS);
	}
}
