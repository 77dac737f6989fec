package no.fjord.consent;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Patients' blockings, emergency access and address protection, under {@code fjord.consent}.
 *
 * @param enabled {@code false} stops enforcing blockings and address protection: for development only,
 *     logged as a warning at start
 * @param emergencyAccessDuration how long an emergency access, once opened for a patient, overrides that
 *     patient's blockings for the same caller
 * @param callerCacheTime how long who a caller is (roles, organisations, care teams) is remembered
 * @param refreshInterval how often a server looks for blockings written by other servers
 */
@Validated
@ConfigurationProperties("fjord.consent")
public record ConsentProperties(
		@DefaultValue("true") boolean enabled,
		@NotNull @DefaultValue("PT2H") Duration emergencyAccessDuration,
		@NotNull @DefaultValue("PT1M") Duration callerCacheTime,
		@NotNull @DefaultValue("PT2S") Duration refreshInterval) {
}
