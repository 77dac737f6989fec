package no.fjord.storage.fulltext;

import ca.uhn.fhir.jpa.search.HapiHSearchAnalysisConfigurers.HapiLuceneAnalysisConfigurer;
import java.util.HashMap;
import java.util.Map;
import no.fjord.storage.StorageProperties;

/**
 * The Hibernate Search properties behind {@code _content} and {@code _text}: an embedded Lucene index
 * on disk next to the database, or nothing when full-text search is switched off.
 */
public final class FulltextHibernateProperties {

	private FulltextHibernateProperties() {}

	public static Map<String, Object> of(StorageProperties.Fulltext fulltext, FulltextBacklog backlog) {
		Map<String, Object> properties = new HashMap<>();
		if (!fulltext.enabled()) {
			properties.put("hibernate.search.enabled", "false");
			return properties;
		}
		properties.put("hibernate.search.enabled", "true");
		properties.put("hibernate.search.backend.type", "lucene");
		properties.put("hibernate.search.backend.analysis.configurer", HapiLuceneAnalysisConfigurer.class.getName());
		properties.put("hibernate.search.backend.directory.type", "local-filesystem");
		properties.put("hibernate.search.backend.directory.root",
				fulltext.directory().toAbsolutePath().normalize().toString());
		properties.put("hibernate.search.backend.lucene_version", "LUCENE_CURRENT");
		// sync: a write is answered only after its index changes are committed to disk (fsync), like the
		// database row, and visible to the next search. The default commits once a second, so a kill lost
		// the index entries of writes already answered, and _content never found them again. What the
		// index could not take goes to the backlog.
		properties.put("hibernate.search.indexing.plan.synchronization.strategy",
				new BacklogOnFailureSynchronization(backlog));
		return properties;
	}
}
