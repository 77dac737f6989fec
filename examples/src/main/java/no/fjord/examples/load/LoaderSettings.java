package no.fjord.examples.load;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * How {@link ServerLoader} talks to a FHIR server.
 *
 * @param baseUrl        FHIR base URL; transactions are POSTed to it (FHIR R4 http.html#transaction)
 * @param concurrency    bundles in flight at once
 * @param headers        extra request headers, e.g. {@code Authorization: Bearer ...}
 * @param connectTimeout bound on opening a connection
 * @param requestTimeout bound on one transaction, from sending to the full response
 * @param progressEvery  report progress after this many bundles
 */
public record LoaderSettings(URI baseUrl, int concurrency, List<Header> headers, Duration connectTimeout,
							 Duration requestTimeout, int progressEvery) {

	public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
	public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(120);
	public static final int DEFAULT_PROGRESS_EVERY = 100;

	public LoaderSettings {
		Objects.requireNonNull(baseUrl, "baseUrl");
		String scheme = baseUrl.getScheme() == null ? "" : baseUrl.getScheme().toLowerCase(Locale.ROOT);
		if (!scheme.equals("http") && !scheme.equals("https") || baseUrl.getHost() == null) {
			throw new IllegalArgumentException("base URL must be an absolute http(s) URL: " + baseUrl);
		}
		if (concurrency < 1) {
			throw new IllegalArgumentException("concurrency must be at least 1: " + concurrency);
		}
		if (progressEvery < 1) {
			throw new IllegalArgumentException("progressEvery must be at least 1: " + progressEvery);
		}
		headers = List.copyOf(headers);
		Objects.requireNonNull(connectTimeout, "connectTimeout");
		Objects.requireNonNull(requestTimeout, "requestTimeout");
	}

	/** Settings with default timeouts and progress interval. */
	public static LoaderSettings of(String baseUrl, int concurrency, List<Header> headers) {
		return new LoaderSettings(URI.create(baseUrl), concurrency, headers, DEFAULT_CONNECT_TIMEOUT,
				DEFAULT_REQUEST_TIMEOUT, DEFAULT_PROGRESS_EVERY);
	}

	/** One extra HTTP request header. */
	public record Header(String name, String value) {

		public Header {
			if (name == null || name.isBlank() || !name.chars().allMatch(c -> c > ' ' && c < 127 && c != ':')) {
				throw new IllegalArgumentException("invalid header name: " + name);
			}
			Objects.requireNonNull(value, "value");
		}

		/** Parses {@code "Name: value"} as written on a curl command line. */
		public static Header parse(String line) {
			int colon = line.indexOf(':');
			if (colon <= 0) {
				throw new IllegalArgumentException("header must look like 'Name: value': " + line);
			}
			return new Header(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
		}
	}
}
