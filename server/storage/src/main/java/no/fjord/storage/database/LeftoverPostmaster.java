package no.fjord.storage.database;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops a PostgreSQL server that an earlier Fjord left running on the data directory when it was
 * killed (a postmaster started through {@code pg_ctl} runs in a session of its own and does not die with the JVM). Without this the
 * next start fails with {@code lock file "postmaster.pid" already exists}, while the old server stays
 * reachable on loopback. Only a process that is a PostgreSQL server for this very directory is stopped,
 * with a fast shutdown, and waited for.
 */
final class LeftoverPostmaster {

	private static final Logger log = LoggerFactory.getLogger(LeftoverPostmaster.class);
	private static final Duration STOP_WAIT = Duration.ofSeconds(60);

	private LeftoverPostmaster() {}

	/** Called while holding the data directory's lock, so no live Fjord owns the server being stopped. */
	static void stopIfRunning(Path dataDir) {
		PostmasterPidFile pidFile = PostmasterPidFile.read(dataDir).orElse(null);
		if (pidFile == null) {
			return;
		}
		ProcessHandle postmaster = pidFile.runningPostmaster(dataDir).orElse(null);
		if (postmaster == null) {
			forgetReusedPid(dataDir, pidFile);
			return; // a dead pid: PostgreSQL replaces a stale postmaster.pid itself
		}
		log.warn("A PostgreSQL server (pid {}) left running by an earlier Fjord holds {}; stopping it before starting",
				pidFile.pid(), dataDir);
		try {
			PostmasterPidFile.requestFastShutdown(pidFile.pid());
			postmaster.onExit().get(STOP_WAIT.toSeconds(), TimeUnit.SECONDS);
		} catch (IOException | ExecutionException | TimeoutException failed) {
			throw new IllegalStateException("Could not stop the PostgreSQL server (pid " + pidFile.pid()
					+ ") left running on " + dataDir + "; stop it and start again", failed);
		} catch (InterruptedException interrupted) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while stopping a leftover PostgreSQL server", interrupted);
		}
		log.info("Stopped the leftover PostgreSQL server (pid {})", pidFile.pid());
	}

	/** After a reboot the old pid may belong to another program, which PostgreSQL would take for a rival server. */
	private static void forgetReusedPid(Path dataDir, PostmasterPidFile pidFile) {
		if (pidFile.namesAnotherProgram()) {
			log.warn("{} names pid {}, which is now another program; removing the stale file", PostmasterPidFile.NAME,
					pidFile.pid());
			try {
				Files.deleteIfExists(dataDir.resolve(PostmasterPidFile.NAME));
			} catch (IOException failed) {
				throw new IllegalStateException("Cannot remove the stale " + dataDir.resolve(PostmasterPidFile.NAME), failed);
			}
		}
	}
}
