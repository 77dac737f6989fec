package no.fjord.common.fhir;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The FHIR REST endpoint, under {@code fjord.fhir}: where it is ({@link #PATH}, {@code server-address}) and
 * what it accepts. In common, because the endpoint, the guards in front of it and security (which names
 * the FHIR base URL as the tokens' audience) all need it.
 *
 * @param serverAddress the public base URL used in links and {@code Location} headers, when Fjord runs
 *     behind a proxy that does not pass {@code X-Forwarded-*} headers; unset means "as requested"
 * @param maxBodySize larger request bodies are refused with 413
 * @param maxNestingDepth request bodies nesting deeper (JSON objects/arrays, XML elements) get 400
 * @param maxBufferedBodies how many bytes of request bodies all requests together may hold in memory;
 *     a request that would exceed it gets 503 with {@code Retry-After}
 * @param uploadTimeout a request body that has not fully arrived after this long gets 408
 * @param maxSearchParameters a URL with more different parameters gets 400
 * @param maxSearchValues a URL with more parameter values (each comma-separated alternative counts) gets 400
 */
@Validated
@ConfigurationProperties("fjord.fhir")
public record FhirRestProperties(
		URI serverAddress,
		@NotNull @DefaultValue("16MB") DataSize maxBodySize,
		@Min(8) @Max(1000) @DefaultValue("64") int maxNestingDepth,
		@NotNull @DefaultValue("256MB") DataSize maxBufferedBodies,
		@NotNull @DefaultValue("30s") Duration uploadTimeout,
		@Min(1) @DefaultValue("100") int maxSearchParameters,
		@Min(1) @DefaultValue("1000") int maxSearchValues,
		@Min(1) @DefaultValue("20") int defaultPageSize,
		@Min(1) @DefaultValue("1000") int maxPageSize) {

	/** Where the FHIR endpoint is mounted, below the server's root. */
	public static final String PATH = "/fhir";
}
