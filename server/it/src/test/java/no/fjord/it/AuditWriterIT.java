package no.fjord.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import no.fjord.audit.trail.AuditRecord;
import no.fjord.audit.trail.AuditUnavailableException;
import no.fjord.audit.trail.AuditWriter;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * One audit record the database cannot take never fails the records committed with it (other clients'
 * reads would get 503), and text the database cannot hold (U+0000, values longer than their column) is
 * cleaned instead of failing the record. Runs a writer of its own on the shared server's database.
 */
class AuditWriterIT extends FjordServerIT {

	@Autowired
	private DataSource dataSource;

	@Test
	void aRecordTheDatabaseRefusesFailsOnlyItselfNotItsBatch() throws Exception {
		String marker = UUID.randomUUID().toString();
		ExecutorService clients = Executors.newFixedThreadPool(6);
		try (AuditWriter writer = new AuditWriter(dataSource, Duration.ofSeconds(30));
				Connection lock = dataSource.getConnection()) {
			// hold the writer's first batch at a table lock, so the records after it queue up as one batch
			lock.setAutoCommit(false);
			try (Statement statement = lock.createStatement()) {
				statement.execute("LOCK TABLE fjord_audit_event IN EXCLUSIVE MODE");
			}
			Future<?> first = clients.submit(() -> writer.write(record(marker, 0, "Patient/first")));
			Thread.sleep(1_000);
			Future<?> refused = clients.submit(() -> writer.write(record(marker, 70_000, "Patient/refused"))); // > SMALLINT
			List<Future<?>> others = new ArrayList<>();
			for (int i = 0; i < 4; i++) {
				String resource = "Patient/other-" + i;
				others.add(clients.submit(() -> writer.write(record(marker, 0, resource))));
			}
			Thread.sleep(1_000);
			lock.commit();

			first.get(30, TimeUnit.SECONDS);
			for (Future<?> other : others) {
				other.get(30, TimeUnit.SECONDS);
			}
			assertThatThrownBy(() -> refused.get(30, TimeUnit.SECONDS))
					.isInstanceOf(ExecutionException.class).hasCauseInstanceOf(AuditUnavailableException.class);
			assertThat(new JdbcTemplate(dataSource).queryForObject(
					"SELECT COUNT(*) FROM fjord_audit_event WHERE request_id = ?", Integer.class, marker)).isEqualTo(5);
		} finally {
			clients.shutdownNow();
		}
	}

	@Test
	void textTheDatabaseCannotHoldIsCleanedInsteadOfFailingTheRecord() {
		String marker = UUID.randomUUID().toString();
		AuditRecord record = new AuditRecord(Instant.now(), "rest", "search-type", 'E', 4, "refused\0", "TREAT",
				"akutt\0" + "x".repeat(2_000), false, null, "subject", null, null, null, "client", null,
				"Patient?name=a\0b", List.of("p\0"), List.of(), false, marker, "127.0.0.1");

		try (AuditWriter writer = new AuditWriter(dataSource, Duration.ofSeconds(30))) {
			writer.write(record);
		}

		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		assertThat(jdbc.queryForObject("SELECT query FROM fjord_audit_event WHERE request_id = ?", String.class, marker))
				.isEqualTo("Patient?name=a\uFFFDb");
		assertThat(jdbc.queryForObject("SELECT length(emergency_reason) FROM fjord_audit_event WHERE request_id = ?",
				Integer.class, marker)).isEqualTo(1_000);
	}

	private static AuditRecord record(String requestId, int outcome, String resource) {
		return new AuditRecord(Instant.now(), "rest", "read", 'R', outcome, null, "TREAT", null, false, null, "subject",
				null, null, null, "client", resource, null, List.of(), List.of(), false, requestId, "127.0.0.1");
	}
}
