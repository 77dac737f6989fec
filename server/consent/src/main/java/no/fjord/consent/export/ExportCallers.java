package no.fjord.consent.export;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Who started an export, as blockings know them. The export job runs later, on any server and without
 * the caller, so the caller's keys are written down at kick-off under the job's owner.
 */
public final class ExportCallers {

	private final JdbcTemplate jdbc;
	private final Clock clock;
	private final Cache<String, Set<String>> keysByOwner =
			Caffeine.newBuilder().expireAfterWrite(Duration.ofMinutes(1)).maximumSize(1_000).build();

	public ExportCallers(JdbcTemplate jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	public void remember(String owner, Set<String> callerKeys) {
		jdbc.update("INSERT INTO fjord_export_caller (owner, caller_keys, recorded) VALUES (?, ?, ?) "
						+ "ON CONFLICT (owner) DO UPDATE SET caller_keys = EXCLUDED.caller_keys, recorded = EXCLUDED.recorded",
				owner, String.join("\n", callerKeys), Timestamp.from(clock.instant()));
		keysByOwner.put(owner, Set.copyOf(callerKeys));
	}

	/** The keys of the caller who started the exports of this owner; none when unknown. */
	public Set<String> keysOf(String owner) {
		return keysByOwner.get(owner, this::load);
	}

	private Set<String> load(String owner) {
		List<String> stored = jdbc.queryForList("SELECT caller_keys FROM fjord_export_caller WHERE owner = ?",
				String.class, owner);
		return stored.isEmpty() ? Set.of()
				: Arrays.stream(stored.get(0).split("\n")).filter(key -> !key.isEmpty()).collect(Collectors.toUnmodifiableSet());
	}
}
