package no.fjord.profiles;

import java.net.URI;
import java.util.List;
import java.util.Map;
import no.fjord.profiles.pkg.FjordProfilePackage;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Norwegian profiles and rules on write, under {@code fjord.profiles}.
 *
 * @param identifierChecks refuse writes whose Norwegian national identifiers (fødselsnummer,
 *     D-nummer, FH-nummer, organisasjonsnummer) are not valid numbers, whatever profile they claim
 * @param validation validation of writes against profiles
 * @param packages FHIR NPM packages to install at start-up, besides Fjord's own: a {@code .tgz} path
 *     ({@code file:...} or a plain path), a {@code classpath:} location, or {@code name#version} fetched
 *     from {@code registry}. Installed packages are kept in the database, so a restart does not fetch or
 *     parse them again.
 * @param registry the FHIR package registry for {@code name#version} packages
 */
@ConfigurationProperties("fjord.profiles")
public record ProfilesProperties(
		@DefaultValue("true") boolean identifierChecks,
		@DefaultValue Validation validation,
		@DefaultValue List<String> packages,
		@DefaultValue("https://packages.fhir.org") URI registry) {

	/**
	 * @param requiredProfiles per resource type, the profiles every write is validated against even when
	 *     it does not claim them; by default Fjord's own Patient, Practitioner and Organization profiles
	 * @param uncheckedProfiles profiles a resource may claim although Fjord does not have them: other code
	 *     checks such resources (the subscription module reads Backport IG subscriptions itself). Any other
	 *     unknown profile a write claims is refused. Installing the profile's package makes it checked.
	 */
	public record Validation(@DefaultValue("true") boolean enabled, Map<String, List<String>> requiredProfiles,
			List<String> uncheckedProfiles) {

		public static final String BACKPORT_SUBSCRIPTION =
				"http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/backport-subscription";

		public Validation {
			if (uncheckedProfiles == null) {
				uncheckedProfiles = List.of(BACKPORT_SUBSCRIPTION);
			}
			if (requiredProfiles == null) {
				requiredProfiles = Map.of(
						"Patient", List.of(FjordProfilePackage.PATIENT),
						"Practitioner", List.of(FjordProfilePackage.PRACTITIONER),
						"Organization", List.of(FjordProfilePackage.ORGANIZATION));
			}
		}
	}
}
