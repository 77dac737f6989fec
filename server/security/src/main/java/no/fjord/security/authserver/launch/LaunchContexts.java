package no.fjord.security.authserver.launch;

import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The SMART {@code launch} values: an EHR front-end (or the patient picker of a standalone launch) binds
 * a patient and optionally an encounter to an opaque, short-lived value the app then passes in its
 * authorization request. Kept in PostgreSQL so any server behind a load balancer can resolve it.
 */
public class LaunchContexts {

	/** {@code created_by} prefix of launches minted by an EHR front-end. */
	public static final String EHR = "ehr:";
	private static final SecureRandom RANDOM = new SecureRandom();

	private final JdbcTemplate jdbc;
	private final Duration timeToLive;
	private final Clock clock;

	public LaunchContexts(JdbcTemplate jdbc, Duration timeToLive, Clock clock) {
		this.jdbc = jdbc;
		this.timeToLive = timeToLive;
		this.clock = clock;
	}

	/** @param patient a patient id; {@code encounter} may be null; {@code createdBy} who asked for it */
	public String create(String patient, String encounter, String createdBy) {
		byte[] bytes = new byte[24];
		RANDOM.nextBytes(bytes);
		String launch = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
		jdbc.update("DELETE FROM fjord_launch_context WHERE expires_at < ?", Timestamp.from(clock.instant()));
		jdbc.update("INSERT INTO fjord_launch_context (launch, patient, encounter, created_by, expires_at) "
				+ "VALUES (?, ?, ?, ?, ?)", launch, patient, encounter, createdBy,
				Timestamp.from(clock.instant().plus(timeToLive)));
		return launch;
	}

	/** The context of a launch value that has not expired. */
	public Optional<LaunchContext> find(String launch) {
		if (launch == null || launch.length() > 100) {
			return Optional.empty();
		}
		return jdbc.query("SELECT patient, encounter, created_by FROM fjord_launch_context WHERE launch = ? AND expires_at >= ?",
				(row, index) -> new LaunchContext(row.getString("patient"), row.getString("encounter"),
						row.getString("created_by").startsWith(EHR)),
				launch, Timestamp.from(clock.instant())).stream().findFirst();
	}

	public Duration timeToLive() {
		return timeToLive;
	}

	/**
	 * @param encounter may be null
	 * @param fromEhr minted by an EHR, which shows the patient itself (no banner needed in the app)
	 */
	public record LaunchContext(String patient, String encounter, boolean fromEhr) {}
}
