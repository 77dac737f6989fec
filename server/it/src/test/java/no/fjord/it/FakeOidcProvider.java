package no.fjord.it;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A stand-in for an upstream OpenID Connect provider such as HelseID, on loopback: discovery, an
 * authorization endpoint that signs in whoever the test named with {@link #nextPerson} (no page), a token
 * endpoint issuing a signed ID token with that person's claims and the request's nonce, and its JWKS.
 */
final class FakeOidcProvider {

	static final String CLIENT_ID = "fjord-at-fake-helseid";
	static final String CLIENT_SECRET = "fake-secret";
	/** A second registration at the provider, which authenticates with signed client assertions (private_key_jwt). */
	static final String JWT_CLIENT_ID = "fjord-at-fake-helseid-jwt";
	static final RSAKey JWT_CLIENT_KEY = key();

	private static final RSAKey KEY = key();
	private static final Map<String, Map<String, Object>> ISSUED_CODES = new ConcurrentHashMap<>();
	private static volatile Map<String, Object> nextPerson = Map.of();
	private static HttpServer server;

	private FakeOidcProvider() {}

	/** The claims the next login will carry ({@code sub} and any others). */
	static void nextPerson(Map<String, Object> claims) {
		nextPerson = Map.copyOf(claims);
	}

	static synchronized String issuer() {
		if (server == null) {
			try {
				server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
			} catch (IOException e) {
				throw new IllegalStateException(e);
			}
			server.createContext("/.well-known/openid-configuration", exchange -> json(exchange, "{\"issuer\":\"" + url()
					+ "\",\"authorization_endpoint\":\"" + url() + "/authorize\",\"token_endpoint\":\"" + url()
					+ "/token\",\"jwks_uri\":\"" + url() + "/jwks\",\"response_types_supported\":[\"code\"],"
					+ "\"subject_types_supported\":[\"public\"],\"id_token_signing_alg_values_supported\":[\"RS256\"],"
					+ "\"scopes_supported\":[\"openid\",\"profile\"]}"));
			server.createContext("/jwks", exchange -> json(exchange, new JWKSet(KEY.toPublicJWK()).toString()));
			server.createContext("/authorize", FakeOidcProvider::authorize);
			server.createContext("/token", FakeOidcProvider::token);
			server.start();
		}
		return url();
	}

	/** An access token of this provider, as an external issuer would send one to Fjord. */
	static String accessToken(String audience, String scope) {
		try {
			SignedJWT token = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(KEY.getKeyID()).build(),
					new JWTClaimsSet.Builder().issuer(issuer()).audience(audience).subject("registry-integration")
							.claim("scope", scope).issueTime(new Date())
							.expirationTime(Date.from(Instant.now().plusSeconds(300))).build());
			token.sign(new RSASSASigner(KEY));
			return token.serialize();
		} catch (JOSEException e) {
			throw new IllegalStateException(e);
		}
	}

	private static String url() {
		return "http://127.0.0.1:" + server.getAddress().getPort();
	}

	private static void authorize(HttpExchange exchange) throws IOException {
		Map<String, String> query = form(exchange.getRequestURI().getRawQuery());
		String code = UUID.randomUUID().toString();
		Map<String, Object> grant = new HashMap<>(nextPerson);
		if (query.get("nonce") != null) {
			grant.put("nonce", query.get("nonce"));
		}
		ISSUED_CODES.put(code, grant);
		exchange.getResponseHeaders().add("Location", query.get("redirect_uri") + "?code=" + code + "&state="
				+ URLEncoder.encode(query.get("state"), StandardCharsets.UTF_8));
		exchange.sendResponseHeaders(302, -1);
		exchange.close();
	}

	private static void token(HttpExchange exchange) throws IOException {
		Map<String, String> body = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
		String client = authenticatedClient(exchange, body);
		Map<String, Object> grant = ISSUED_CODES.remove(body.get("code"));
		if (grant == null || client == null) {
			exchange.sendResponseHeaders(400, -1);
			exchange.close();
			return;
		}
		JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(url()).audience(client)
				.issueTime(new Date()).expirationTime(Date.from(Instant.now().plusSeconds(300)));
		grant.forEach(claims::claim);
		try {
			SignedJWT idToken = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(KEY.getKeyID()).build(),
					claims.build());
			idToken.sign(new RSASSASigner(KEY));
			json(exchange, "{\"access_token\":\"" + UUID.randomUUID() + "\",\"token_type\":\"Bearer\",\"expires_in\":300,"
					+ "\"scope\":\"openid profile\",\"id_token\":\"" + idToken.serialize() + "\"}");
		} catch (JOSEException e) {
			throw new IOException(e);
		}
	}

	/** The client, authenticated by its secret (HTTP Basic) or by a client assertion signed with its key; else null. */
	private static String authenticatedClient(HttpExchange exchange, Map<String, String> body) {
		String assertion = body.get("client_assertion");
		if (assertion != null) {
			try {
				SignedJWT jwt = SignedJWT.parse(assertion);
				JWTClaimsSet claims = jwt.getJWTClaimsSet();
				boolean valid = jwt.verify(new RSASSAVerifier(JWT_CLIENT_KEY.toRSAPublicKey()))
						&& JWT_CLIENT_ID.equals(claims.getIssuer()) && JWT_CLIENT_ID.equals(claims.getSubject())
						&& claims.getAudience().contains(url() + "/token")
						&& claims.getExpirationTime().after(new Date()) && claims.getJWTID() != null;
				return valid ? JWT_CLIENT_ID : null;
			} catch (java.text.ParseException | JOSEException e) {
				return null;
			}
		}
		String basic = exchange.getRequestHeaders().getFirst("Authorization");
		return TestTokens.basic(CLIENT_ID, CLIENT_SECRET).equals(basic) ? CLIENT_ID : null;
	}

	private static void json(HttpExchange exchange, String json) throws IOException {
		byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		exchange.sendResponseHeaders(200, bytes.length);
		exchange.getResponseBody().write(bytes);
		exchange.close();
	}

	private static Map<String, String> form(String encoded) {
		Map<String, String> values = new HashMap<>();
		for (String pair : encoded == null ? new String[0] : encoded.split("&")) {
			String[] parts = pair.split("=", 2);
			values.put(URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
					parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "");
		}
		return values;
	}

	private static RSAKey key() {
		try {
			return new RSAKeyGenerator(2048).keyID("fake-helseid").generate();
		} catch (JOSEException e) {
			throw new IllegalStateException(e);
		}
	}
}
