package no.fjord.it;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;

/**
 * The FHIR API of a Fjord process of its own ({@link TestFjordProcess}), as the test client with all scopes:
 * plain HTTP, so a test sees every status as sent.
 */
final class TestFjordClient {

	static final FhirContext FHIR = FhirContext.forR4Cached();
	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final String root;

	TestFjordClient(int port) {
		this.root = "http://localhost:" + port;
	}

	/** Creates or replaces a resource with the id it carries. */
	void put(Resource resource) {
		HttpResponse<String> stored = send("PUT", resource.fhirType() + "/" + resource.getIdElement().getIdPart(), resource);
		assertThat(stored.statusCode()).as(stored.body()).isIn(200, 201);
	}

	/** Creates a resource; returns the id the server gave it. */
	String create(Resource resource) {
		HttpResponse<String> created = send("POST", resource.fhirType(), resource);
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		return FHIR.newJsonParser().parseResource(created.body()).getIdElement().getIdPart();
	}

	/** Creates the resources in one transaction; returns their ids in the order given. */
	List<String> createTogether(List<? extends Resource> resources) {
		Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		resources.forEach(resource -> transaction.addEntry().setResource(resource).getRequest()
				.setMethod(Bundle.HTTPVerb.POST).setUrl(resource.fhirType()));
		HttpResponse<String> answer = send("POST", "", transaction);
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
		Bundle response = FHIR.newJsonParser().parseResource(Bundle.class, answer.body());
		return response.getEntry().stream()
				.map(entry -> entry.getResponse().getLocation().split("/")[1]).toList();
	}

	<T extends IBaseResource> T read(Class<T> type, String id) {
		HttpResponse<String> read = send("GET", FHIR.getResourceType(type) + "/" + id, null);
		assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
		return FHIR.newJsonParser().parseResource(type, read.body());
	}

	private HttpResponse<String> send(String method, String path, Resource body) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(root + (path.isEmpty() ? "/fhir" : "/fhir/" + path)))
				.timeout(Duration.ofSeconds(120))
				.header("Authorization", "Bearer " + TestTokens.token(root, TestTokens.ALL))
				.header("Accept", "application/fhir+json")
				.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
						: HttpRequest.BodyPublishers.ofString(FHIR.newJsonParser().encodeResourceToString(body)));
		if (body != null) {
			request.header("Content-Type", "application/fhir+json");
		}
		try {
			return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
		} catch (IOException e) {
			throw new IllegalStateException(method + " " + path + " failed", e);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
	}
}
