package no.fjord.security.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import no.fjord.security.SecurityProperties.ClaimNames;
import no.fjord.security.scope.Permission;
import no.fjord.security.scope.SmartScope.Context;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;

class SmartClaimsTest {

	private static final ClaimNames DEFAULTS = ClaimNames.DEFAULTS;

	@Test
	void smartClaimsOfAnAppLaunchToken() {
		Jwt jwt = jwt().claim("sub", "kari").claim("client_id", "app").claim("scope", "launch/patient patient/*.rs fjord.admin")
				.claim("patient", "Patient/123").claim("fhirUser", "https://fhir.example/fhir/Patient/123").build();
		SmartPrincipal principal = SmartClaims.read(jwt, DEFAULTS);
		assertThat(principal.subject()).isEqualTo("kari");
		assertThat(principal.clientId()).contains("app");
		assertThat(principal.patient()).contains("123");
		assertThat(principal.fhirUser()).contains("Patient/123");
		assertThat(principal.scopes().allows(Context.PATIENT, Permission.READ, "Observation")).isTrue();
		assertThat(principal.isAdministrator()).isTrue();
	}

	@Test
	void helseIdClaimsAndListScopes() {
		Jwt jwt = jwt().claim("sub", "abc").claim("scp", List.of("user/Patient.rs", "openid"))
				.claim("helseid://claims/identity/pid", "13116900216")
				.claim("helseid://claims/hpr/hpr_number", "565501872")
				.claim("helseid://claims/client/claims/orgnr_parent", "974749025").build();
		ClaimNames azureStyle = new ClaimNames("scp", "patient", "fhirUser", DEFAULTS.personIdentifier(),
				DEFAULTS.hprNumber(), DEFAULTS.organisation());
		SmartPrincipal principal = SmartClaims.read(jwt, azureStyle);
		assertThat(principal.scopes().allows(Context.USER, Permission.READ, "Patient")).isTrue();
		assertThat(principal.personIdentifier()).contains("13116900216");
		assertThat(principal.hprNumber()).contains("565501872");
		assertThat(principal.organisation()).contains("974749025");
		assertThat(principal.patient()).isEmpty();
		assertThat(principal.isAdministrator()).isFalse();
	}

	@Test
	void backendTokenWithoutSubjectIsTheClient() {
		Jwt jwt = jwt().claim("client_id", "registry").claim("scope", "system/*.rs").build();
		assertThat(SmartClaims.read(jwt, DEFAULTS).subject()).isEqualTo("registry");
	}

	@Test
	void aPatientsUserScopesReachOnlyTheirOwnRecord() {
		Jwt jwt = jwt().claim("sub", "kari").claim("scope", "user/*.cruds openid").claim("fhirUser", "Patient/123").build();
		SmartPrincipal principal = SmartClaims.read(jwt, DEFAULTS);
		assertThat(principal.scopes().allows(Context.USER, Permission.READ, "Observation")).isFalse();
		assertThat(principal.scopes().allows(Context.PATIENT, Permission.READ, "Observation")).isTrue();
		assertThat(principal.patient()).contains("123");
	}

	@Test
	void aRelatedPersonsUserScopesAreDroppedAndPersonnelKeepTheirs() {
		Jwt related = jwt().claim("sub", "mor").claim("scope", "user/*.rs patient/*.rs").claim("fhirUser", "RelatedPerson/9")
				.claim("patient", "123").build();
		SmartPrincipal principal = SmartClaims.read(related, DEFAULTS);
		assertThat(principal.scopes().allows(Context.USER, Permission.READ, "Patient")).isFalse();
		assertThat(principal.scopes().allows(Context.PATIENT, Permission.READ, "Patient")).isTrue();
		Jwt doctor = jwt().claim("sub", "lege").claim("scope", "user/*.rs").claim("fhirUser", "Practitioner/1").build();
		assertThat(SmartClaims.read(doctor, DEFAULTS).scopes().allows(Context.USER, Permission.READ, "Patient")).isTrue();
	}

	private static Jwt.Builder jwt() {
		return Jwt.withTokenValue("token").header("alg", "RS256").issuedAt(Instant.now())
				.expiresAt(Instant.now().plusSeconds(60)).claim("iss", "https://issuer.example");
	}
}
