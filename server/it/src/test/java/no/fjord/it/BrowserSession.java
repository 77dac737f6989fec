package no.fjord.it;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A person's browser during a SMART launch, without JavaScript: it keeps cookies, follows the server's
 * redirects one by one, fills in the login form, answers the consent page and the patient picker the way
 * a person would (reading the forms of the HTML it is given) and stops at the app's redirect URI.
 */
final class BrowserSession {

	private final HttpClient http = HttpClient.newBuilder()
			.cookieHandler(new CookieManager())
			.followRedirects(HttpClient.Redirect.NEVER)
			.connectTimeout(Duration.ofSeconds(10))
			.build();
	private final String root;
	final String codeVerifier;
	final String codeChallenge;

	BrowserSession(String root) {
		this.root = root;
		byte[] random = new byte[32];
		new SecureRandom().nextBytes(random);
		codeVerifier = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
		codeChallenge = s256(codeVerifier);
	}

	/** The authorization URL an app would open, with PKCE S256 and the FHIR base as audience. */
	String authorizeUrl(String clientId, String redirectUri, String scope, Map<String, String> extra) {
		Map<String, String> parameters = new LinkedHashMap<>();
		parameters.put("response_type", "code");
		parameters.put("client_id", clientId);
		parameters.put("redirect_uri", redirectUri);
		parameters.put("scope", scope);
		parameters.put("state", "state-" + codeVerifier.substring(0, 8));
		parameters.put("aud", root + "/fhir");
		parameters.put("code_challenge", codeChallenge);
		parameters.put("code_challenge_method", "S256");
		parameters.putAll(extra);
		return root + "/oauth2/authorize?" + form(parameters);
	}

	HttpResponse<String> get(String url) {
		return send(HttpRequest.newBuilder(URI.create(absolute(url))).GET());
	}

	HttpResponse<String> post(String url, Map<String, List<String>> fields) {
		String body = fields.entrySet().stream()
				.flatMap(entry -> entry.getValue().stream().map(value -> encode(entry.getKey()) + "=" + encode(value)))
				.collect(Collectors.joining("&"));
		return send(HttpRequest.newBuilder(URI.create(absolute(url)))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(body)));
	}

	/**
	 * Follows redirects from {@code url}, logging in when the login page comes, until a page is shown (the
	 * consent page, the patient picker, an error) or the app's redirect URI is reached; returns that
	 * last response. A redirect to the app is returned without being followed.
	 */
	HttpResponse<String> browse(String url, String username, String password, String appRedirect) {
		HttpResponse<String> response = get(url);
		for (int step = 0; step < 10; step++) {
			String location = response.headers().firstValue("Location").orElse(null);
			if (response.statusCode() / 100 != 3 || location == null || location.startsWith(appRedirect)) {
				return response;
			}
			if (location.endsWith("/login") || location.contains("/login?")) {
				HttpResponse<String> loginPage = get(location);
				response = post("/login", Map.of("username", List.of(username), "password", List.of(password),
						"_csrf", List.of(hiddenField(loginPage.body(), "_csrf"))));
			} else {
				response = get(location);
			}
		}
		throw new IllegalStateException("Too many redirects");
	}

	/**
	 * Like {@link #browse}, but logs in through the upstream provider {@code providerId} when the login page
	 * comes; stops at a page (consent, or the login page with the refusal) or at the app's redirect.
	 */
	HttpResponse<String> browseUpstream(String url, String providerId, String appRedirect) {
		HttpResponse<String> response = get(url);
		for (int step = 0; step < 15; step++) {
			String location = response.headers().firstValue("Location").orElse(null);
			if (response.statusCode() / 100 != 3 || location == null || location.startsWith(appRedirect)) {
				return response;
			}
			boolean loginPage = location.endsWith("/login") || location.contains("/login?");
			response = loginPage && !location.contains("error") ? get("/oauth2/authorization/" + providerId) : get(location);
		}
		throw new IllegalStateException("Too many redirects");
	}

	/** Approves every scope offered on the consent page; returns the server's answer. */
	HttpResponse<String> approve(HttpResponse<String> consentPage) {
		String page = consentPage.body();
		Map<String, List<String>> fields = new LinkedHashMap<>();
		fields.put("client_id", List.of(hiddenField(page, "client_id")));
		fields.put("state", List.of(hiddenField(page, "state")));
		fields.put("scope", checkboxValues(page, "scope"));
		return post("/oauth2/authorize", fields);
	}

	/**
	 * A whole authorization code flow as a person with a browser: log in, approve on the consent page (unless
	 * the same scopes were approved before), and exchange the code as the app would. Returns the token response.
	 */
	static JsonNode authorize(String root, String clientId, String redirect, String user, String password, String scope,
			String launch) {
		BrowserSession browser = new BrowserSession(root);
		String url = browser.authorizeUrl(clientId, redirect, scope, launch == null ? Map.of() : Map.of("launch", launch));
		HttpResponse<String> consent = browser.browse(url, user, password, redirect);
		if (consent.headers().firstValue("Location").filter(location -> location.startsWith(redirect)).isPresent()) {
			return browser.exchange(clientId, redirect, consent); // approved before: no consent page this time
		}
		if (consent.statusCode() != 200) {
			throw new AssertionError("Expected the consent page, got " + consent.statusCode() + " "
					+ consent.headers().firstValue("Location").orElse(""));
		}
		return browser.exchange(clientId, redirect, browser.approve(consent));
	}

	/** Exchanges the code of the redirect to the app for tokens, with this browser's PKCE verifier. */
	JsonNode exchange(String clientId, String redirect, HttpResponse<String> redirectToApp) {
		return exchange(clientId, null, redirect, redirectToApp);
	}

	/** The same for a confidential client, which authenticates with its secret. */
	JsonNode exchange(String clientId, String secret, String redirect, HttpResponse<String> redirectToApp) {
		String location = redirectToApp.headers().firstValue("Location")
				.orElseThrow(() -> new AssertionError("No redirect to the app: " + redirectToApp.statusCode()));
		String code = parameter(location, "code");
		if (!location.startsWith(redirect) || code == null) {
			throw new AssertionError("Not a code for the app: " + location);
		}
		return TestTokens.tokenResponse(root, clientId, secret, form(Map.of("grant_type", "authorization_code",
				"client_id", clientId, "code", code, "redirect_uri", redirect, "code_verifier", codeVerifier)));
	}

	static String hiddenField(String page, String name) {
		Matcher matcher = Pattern.compile("name=\"" + Pattern.quote(name) + "\" value=\"([^\"]*)\"").matcher(page);
		if (!matcher.find()) {
			throw new IllegalStateException("No field " + name + " in page");
		}
		return org.springframework.web.util.HtmlUtils.htmlUnescape(matcher.group(1));
	}

	static List<String> checkboxValues(String page, String name) {
		Matcher matcher = Pattern.compile("name=\"" + Pattern.quote(name) + "\" value=\"([^\"]*)\"").matcher(page);
		List<String> values = new ArrayList<>();
		while (matcher.find()) {
			values.add(org.springframework.web.util.HtmlUtils.htmlUnescape(matcher.group(1)));
		}
		return values;
	}

	/** A query parameter of a URL (the {@code code} of the app's redirect). */
	static String parameter(String url, String name) {
		String query = URI.create(url).getRawQuery();
		for (String pair : query == null ? new String[0] : query.split("&")) {
			String[] parts = pair.split("=", 2);
			if (parts[0].equals(name)) {
				return URLDecoder.decode(parts.length > 1 ? parts[1] : "", StandardCharsets.UTF_8);
			}
		}
		return null;
	}

	private HttpResponse<String> send(HttpRequest.Builder request) {
		try {
			return http.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
		} catch (IOException e) {
			throw new IllegalStateException(e);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
	}

	private String absolute(String url) {
		return url.startsWith("http") ? url : root + url;
	}

	static String form(Map<String, String> parameters) {
		return parameters.entrySet().stream().map(entry -> encode(entry.getKey()) + "=" + encode(entry.getValue()))
				.collect(Collectors.joining("&"));
	}

	private static String encode(String text) {
		return URLEncoder.encode(text, StandardCharsets.UTF_8);
	}

	private static String s256(String verifier) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}
}
