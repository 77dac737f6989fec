package no.fjord.security.resource;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import no.fjord.common.fhir.FhirRestProperties;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The public URLs a request was made to: the issuer of Fjord's own tokens and the FHIR base URL, which
 * is the audience SMART apps ask tokens for. Configured values win; otherwise the URL the client used
 * (with {@code X-Forwarded-*} honoured, {@code server.forward-headers-strategy}).
 */
public class ServerUrls {

	private final URI configuredIssuer;
	private final URI configuredFhirBase;

	public ServerUrls(URI configuredIssuer, URI configuredFhirBase) {
		this.configuredIssuer = configuredIssuer;
		this.configuredFhirBase = configuredFhirBase;
	}

	public String issuer(HttpServletRequest request) {
		return configuredIssuer != null ? withoutTrailingSlash(configuredIssuer.toString()) : requestRoot(request);
	}

	public String fhirBase(HttpServletRequest request) {
		return configuredFhirBase != null ? withoutTrailingSlash(configuredFhirBase.toString())
				: requestRoot(request) + FhirRestProperties.PATH;
	}

	/** The request being handled by this thread. */
	public static HttpServletRequest currentRequest() {
		return ((ServletRequestAttributes) RequestContextHolder.currentRequestAttributes()).getRequest();
	}

	private static String requestRoot(HttpServletRequest request) {
		return withoutTrailingSlash(ServletUriComponentsBuilder.fromContextPath(request).replaceQuery(null).build().toUriString());
	}

	public static String withoutTrailingSlash(String url) {
		return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
	}
}
