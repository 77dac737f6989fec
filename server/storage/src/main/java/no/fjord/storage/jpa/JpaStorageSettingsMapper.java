package no.fjord.storage.jpa;

import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings.IdStrategyEnum;
import java.util.List;
import no.fjord.storage.StorageProperties;

/**
 * Builds HAPI's {@link JpaStorageSettings} from {@link StorageProperties}. Settings that are not
 * configurable here are deliberate choices for a shared health record; each says why.
 */
public final class JpaStorageSettingsMapper {

	private JpaStorageSettingsMapper() {}

	public static JpaStorageSettings toSettings(StorageProperties properties) {
		JpaStorageSettings settings = new JpaStorageSettings();

		// Server-assigned ids are UUIDs: they reveal nothing about how many patients or records exist.
		settings.setResourceServerIdStrategy(IdStrategyEnum.UUID);
		// With UUIDs from the server, client-chosen ids (PUT Patient/592410) cannot collide with them, so
		// any valid id is accepted, numeric ones included, as published examples and migrations use them.
		settings.setResourceClientIdStrategy(JpaStorageSettings.ClientIdStrategyEnum.ANY);
		settings.setDeleteEnabled(true);
		settings.setEnforceReferentialIntegrityOnDelete(true);
		settings.setEnforceReferentialIntegrityOnWrite(true);
		settings.setAllowExternalReferences(false);
		settings.setAutoCreatePlaceholderReferenceTargets(false);
		// A conditional delete matching several resources is refused (412) rather than deleting them all.
		settings.setAllowMultipleDelete(false);
		settings.setAllowInlineMatchUrlReferences(true);
		settings.setExpungeEnabled(false);

		StorageProperties.Search search = properties.search();
		long reuseMillis = search.reuseCachedResults().toMillis();
		settings.setReuseCachedSearchResultsForMillis(reuseMillis > 0 ? reuseMillis : null);
		// HAPI loads a search's matches in passes and polls every 500 ms for the next one. Its first pass
		// of 13 rows is too small when matches repeat before de-duplication (_has: one row per matching
		// Observation), so a page of 20 took three passes (1.5 s). 100 ids make one pass enough for a page.
		settings.setSearchPreFetchThresholds(List.of(100, 1_000, 10_000, -1));

		settings.setHibernateSearchIndexFullText(properties.fulltext().enabled());
		settings.setHibernateSearchIndexSearchParams(false);

		// Code systems up to this size are stored in the transaction that loads them, so a failed load leaves
		// the previous version current. HAPI's default (100) queues the rest for a background job and makes
		// the new version current before its codes are stored. LOINC and SNOMED CT are larger and still go
		// through HAPI's queue.
		settings.setDeferIndexingForCodesystemsOfSize(50_000);
		// Value sets up to this size can be expanded whole, which type-ahead indexes need (HAPI: 1,000).
		settings.setMaximumExpansionSize(100_000);

		StorageProperties.BulkExport bulkExport = properties.bulkExport();
		settings.setEnableTaskBulkExportJobExecution(bulkExport.enabled());
		settings.setEnableBulkExportJobReuse(bulkExport.reuseJobs());
		settings.setBulkExportFileRetentionPeriodHours(Math.max(1, (int) bulkExport.fileRetention().toHours()));
		settings.setBulkExportFileMaximumCapacity(bulkExport.resourcesPerFile());
		return settings;
	}
}
