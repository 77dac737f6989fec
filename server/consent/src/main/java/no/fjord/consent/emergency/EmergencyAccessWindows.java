package no.fjord.consent.emergency;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Emergency access (akuttilgang) that is open: once health personnel override a patient's blocking by
 * stating a reason, the override holds for that patient for a limited time and then closes by itself.
 * Kept in PostgreSQL (so every server and a restart agree) and remembered here per caller for a few
 * seconds.
 */
public final class EmergencyAccessWindows {

	/** An open override: the reason given and when it closes. */
	public record Window(String reason, Instant expires) {
	}

	private final JdbcTemplate jdbc;
	private final Duration duration;
	private final Clock clock;
	private final Cache<String, Map<String, Window>> open;

	public EmergencyAccessWindows(JdbcTemplate jdbc, Duration duration, Clock clock) {
		this.jdbc = jdbc;
		this.duration = duration;
		this.clock = clock;
		this.open = Caffeine.newBuilder().expireAfterWrite(Duration.ofSeconds(10)).maximumSize(10_000).build();
	}

	/** The caller's open override for this patient, if any. */
	public Optional<Window> openFor(String caller, String patientId) {
		Window window = open.get(caller, this::load).get(patientId);
		return window != null && window.expires().isAfter(clock.instant()) ? Optional.of(window) : Optional.empty();
	}

	/** Opens (or extends) an override for this patient, starting now. */
	public Window open(String caller, String patientId, String reason) {
		Instant now = clock.instant();
		Window window = new Window(reason, now.plus(duration));
		jdbc.update("INSERT INTO fjord_emergency_access (caller, patient_id, reason, started, expires) VALUES (?, ?, ?, ?, ?)",
				caller, patientId, reason, Timestamp.from(now), Timestamp.from(window.expires()));
		open.asMap().compute(caller, (key, windows) -> {
			Map<String, Window> updated = windows == null ? load(key) : new HashMap<>(windows);
			updated.put(patientId, window);
			return updated;
		});
		return window;
	}

	private Map<String, Window> load(String caller) {
		Map<String, Window> windows = new HashMap<>();
		jdbc.query("SELECT patient_id, reason, expires FROM fjord_emergency_access WHERE caller = ? AND expires > ? "
						+ "ORDER BY expires",
				row -> {
					windows.put(row.getString(1), new Window(row.getString(2), row.getTimestamp(3).toInstant()));
				}, caller, Timestamp.from(clock.instant()));
		return windows;
	}
}
