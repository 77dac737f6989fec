package no.fjord.audit;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The audit trail, under {@code fjord.audit}.
 *
 * @param enabled {@code false} records nothing (benchmarks, development only; logged as a warning)
 * @param writeTimeout how long a request waits for its record to be committed before it fails (503)
 * @param retention how long records are kept; older ones are removed once a day
 */
@Validated
@ConfigurationProperties("fjord.audit")
public record AuditProperties(
		@DefaultValue("true") boolean enabled,
		@NotNull @DefaultValue("PT5S") Duration writeTimeout,
		@NotNull @DefaultValue("3650d") Duration retention) {
}
