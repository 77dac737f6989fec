package no.fjord.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.TypeRestfulInteraction;
import org.junit.jupiter.api.Test;

/** CapabilityStatement, health probes, metrics and request ids. */
class OperabilityIT extends FjordServerIT {

	@Test
	void capabilityStatementDescribesEveryR4ResourceTypeAndItsInteractions() {
		CapabilityStatement capabilities = client.capabilities().ofType(CapabilityStatement.class).execute();

		assertThat(capabilities.getFhirVersion().toCode()).isEqualTo("4.0.1");
		assertThat(capabilities.getSoftware().getName()).isEqualTo("Fjord");
		assertThat(capabilities.getFormat()).extracting(f -> f.getValue()).contains("application/fhir+json", "application/fhir+xml");
		var resources = capabilities.getRestFirstRep().getResource();
		assertThat(resources).hasSizeGreaterThanOrEqualTo(140);
		CapabilityStatementRestResourceComponent patient = resources.stream()
				.filter(r -> r.getType().equals("Patient")).findFirst().orElseThrow();
		assertThat(patient.getInteraction()).extracting(i -> i.getCode()).contains(
				TypeRestfulInteraction.READ, TypeRestfulInteraction.VREAD, TypeRestfulInteraction.UPDATE,
				TypeRestfulInteraction.PATCH, TypeRestfulInteraction.DELETE, TypeRestfulInteraction.HISTORYINSTANCE,
				TypeRestfulInteraction.HISTORYTYPE, TypeRestfulInteraction.CREATE, TypeRestfulInteraction.SEARCHTYPE);
		assertThat(patient.getConditionalCreate()).isTrue();
		assertThat(patient.getSearchParam()).extracting(p -> p.getName()).contains("identifier", "family", "_content");
		assertThat(patient.getOperation()).extracting(o -> o.getName()).contains("everything", "validate", "meta");
		assertThat(capabilities.getRestFirstRep().getOperation()).extracting(o -> o.getName()).contains("export");
	}

	@Test
	void healthProbesReportUpIncludingTheDatabase() {
		HttpResponse<String> liveness = actuator("/actuator/health/liveness");
		assertThat(liveness.statusCode()).isEqualTo(200);
		assertThat(liveness.body()).contains("\"status\":\"UP\"");

		HttpResponse<String> readiness = actuator("/actuator/health/readiness");
		assertThat(readiness.statusCode()).isEqualTo(200);
		assertThat(readiness.body()).contains("\"db\"").contains("\"status\":\"UP\"");
	}

	@Test
	void prometheusShowsRequestsPerInteraction() {
		get("Patient?_count=1");
		get("metadata");

		HttpResponse<String> metrics = actuator("/actuator/prometheus");

		assertThat(metrics.statusCode()).isEqualTo(200);
		assertThat(metrics.body()).containsPattern(
				"fjord_fhir_requests_seconds_count\\{[^}]*interaction=\"search-type\"[^}]*resource_type=\"Patient\"");
		assertThat(metrics.body()).containsPattern("fjord_fhir_requests_seconds_count\\{[^}]*interaction=\"metadata\"");
		assertThat(metrics.body()).as("latency buckets per interaction")
				.containsPattern("fjord_fhir_requests_seconds_bucket\\{[^}]*interaction=\"metadata\"[^}]*le=\"0\\.1\"");
	}

	@Test
	void everyResponseCarriesARequestIdAndAGivenOneIsKept() {
		HttpResponse<String> generated = get("metadata");
		assertThat(generated.headers().firstValue("X-Request-Id")).hasValueSatisfying(id -> assertThat(id).hasSizeGreaterThan(8));

		HttpResponse<String> given = send(HttpRequest.newBuilder(URI.create(base() + "/metadata"))
				.header("X-Request-Id", "gateway-1234").GET());
		assertThat(given.headers().firstValue("X-Request-Id")).hasValue("gateway-1234");

		HttpResponse<String> forged = send(HttpRequest.newBuilder(URI.create(base() + "/metadata"))
				.header("X-Request-Id", "bad id\twith spaces").GET());
		assertThat(forged.headers().firstValue("X-Request-Id")).hasValueSatisfying(id -> assertThat(id).doesNotContain(" "));
	}

	private HttpResponse<String> actuator(String path) {
		return send(HttpRequest.newBuilder(URI.create(root() + path)).GET());
	}
}
