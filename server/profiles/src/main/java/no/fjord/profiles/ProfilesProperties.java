package no.fjord.profiles;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Norwegian rules on write, under {@code fjord.profiles}.
 *
 * @param identifierChecks refuse writes whose Norwegian national identifiers (fødselsnummer,
 *     D-nummer, FH-nummer, organisasjonsnummer) are not valid numbers
 */
@ConfigurationProperties("fjord.profiles")
public record ProfilesProperties(@DefaultValue("true") boolean identifierChecks) {}
