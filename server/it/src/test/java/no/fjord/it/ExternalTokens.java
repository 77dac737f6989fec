package no.fjord.it;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

/**
 * Access tokens from the test's external issuer (a stand-in for HelseID, trusted through
 * {@link SecurityFixtures}): each test chooses the person, HPR number, organisation, scopes and patient.
 */
final class ExternalTokens {

	private ExternalTokens() {
	}

	/** A health-personnel token for {@code Practitioner/<practitioner>}. */
	static String personnel(String practitioner, String scopes) {
		return token("Practitioner/" + practitioner, null, null, scopes);
	}

	/** A patient's own token for {@code Patient/<patient>}. */
	static String patient(String patient, String scopes) {
		return token("Patient/" + patient, null, null, scopes, patient);
	}

	/** An access token from the test's external issuer (a stand-in for HelseID). */
	static String token(String fhirUser, String hpr, String orgnr, String scopes, String... patient) {
		JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(SecurityFixtures.EXTERNAL_ISSUER)
				.audience(SecurityFixtures.EXTERNAL_AUDIENCE).subject(fhirUser == null ? "system-" + orgnr : fhirUser)
				.claim("scope", scopes).issueTime(new Date())
				.expirationTime(Date.from(Instant.now().plusSeconds(300))).jwtID(UUID.randomUUID().toString());
		if (fhirUser != null) {
			claims.claim("fhirUser", fhirUser);
		}
		if (hpr != null) {
			claims.claim("helseid://claims/hpr/hpr_number", hpr);
		}
		if (orgnr != null) {
			claims.claim("helseid://claims/client/claims/orgnr_parent", orgnr);
		}
		if (patient.length > 0) {
			claims.claim("patient", patient[0]);
		}
		try {
			SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256)
					.keyID(SecurityFixtures.ISSUER_KEY.getKeyID()).type(new JOSEObjectType("at+jwt")).build(), claims.build());
			jwt.sign(new RSASSASigner(SecurityFixtures.ISSUER_KEY));
			return jwt.serialize();
		} catch (com.nimbusds.jose.JOSEException e) {
			throw new IllegalStateException(e);
		}
	}
}
