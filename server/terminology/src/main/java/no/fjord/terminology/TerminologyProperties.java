package no.fjord.terminology;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Norwegian terminology, under {@code fjord.terminology}.
 *
 * @param contentLocations where the CodeSystem, ValueSet and ConceptMap resources loaded at start-up are
 *     found (Spring resource patterns); by default Fjord's shipped content. Add a {@code file:} pattern to
 *     load code lists of your own the same way.
 * @param importDirectory the directory on the server whose files {@code $load-terminology} may read by
 *     {@code file:} URL (for distributions too large to send in a request body); unset means files can
 *     only be sent inline
 * @param typeAheadTimeToLive how long a type-ahead index of a value set is kept; changes made through this
 *     server drop the indexes at once, changes made by other servers on the same database after this time
 */
@ConfigurationProperties("fjord.terminology")
public record TerminologyProperties(
		@DefaultValue(TerminologyProperties.SHIPPED_CONTENT) List<String> contentLocations,
		Path importDirectory,
		@DefaultValue("10m") Duration typeAheadTimeToLive) {

	public static final String SHIPPED_CONTENT = "classpath*:no/fjord/terminology/content/*.json";
}
