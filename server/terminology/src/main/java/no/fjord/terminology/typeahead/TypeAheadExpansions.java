package no.fjord.terminology.typeahead;

import ca.uhn.fhir.context.support.ValueSetExpansionOptions;
import ca.uhn.fhir.jpa.term.ex.ExpansionTooCostlyException;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import no.fjord.terminology.CodeSystemDesignations;
import org.hl7.fhir.r4.model.CodeSystem.ConceptDefinitionDesignationComponent;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.ValueSet.ValueSetExpansionComponent;
import org.hl7.fhir.r4.model.ValueSet.ValueSetExpansionContainsComponent;
import org.hl7.fhir.r4.model.ValueSet;

/**
 * Answers {@code ValueSet/$expand?url=...} (with or without {@code filter}) from in-memory indexes of whole expansions, one per
 * value set version, built from HAPI's expansion on first use and dropped when terminology changes (and
 * after a time limit, for changes made by other servers sharing the database). Value sets larger than the
 * limit are left to HAPI.
 */
public class TypeAheadExpansions {

	/** All indexes together hold at most this many concepts (a few hundred MB at worst). */
	private static final long MAX_INDEXED_CONCEPTS = 1_000_000;

	/** HAPI's expansion of a value set by canonical ({@code url|version}), e.g. the ValueSet DAO's. */
	@FunctionalInterface
	public interface ExpansionSource {
		ValueSet expandByIdentifier(String canonical, ValueSetExpansionOptions options);
	}

	private final ExpansionSource valueSets;
	private final int maxConcepts;
	private final Clock clock;
	private final CodeSystemDesignations designationsOf;
	private final Cache<String, Optional<TypeAheadIndex>> indexes;
	/** Part of every cache key: an index whose build started before a change is never read after it. */
	private final AtomicLong generation = new AtomicLong();

	public TypeAheadExpansions(ExpansionSource valueSets, CodeSystemDesignations designationsOf,
			int maxConcepts, Duration timeToLive, Clock clock) {
		this.designationsOf = designationsOf;
		this.valueSets = valueSets;
		this.maxConcepts = maxConcepts;
		this.clock = clock;
		this.indexes = Caffeine.newBuilder()
				.maximumWeight(MAX_INDEXED_CONCEPTS)
				.weigher((String key, Optional<TypeAheadIndex> index) -> 1 + index.map(TypeAheadIndex::size).orElse(0))
				.expireAfterWrite(timeToLive)
				.build();
	}

	/**
	 * @return the expansion, or empty when the value set is too large to index (HAPI expands it instead)
	 */
	public Optional<ValueSet> expand(String url, String version, String filter, int offset, int count) {
		String key = generation.get() + "|" + url + "|" + (version == null ? "" : version);
		Optional<TypeAheadIndex> index = indexes.get(key, ignored -> build(url, version));
		return index.map(found -> expansion(found, filter, offset, count));
	}

	/** Forgets every index; called whenever a CodeSystem, ValueSet or ConceptMap changes. */
	public void invalidate() {
		generation.incrementAndGet();
		indexes.invalidateAll();
	}

	private Optional<TypeAheadIndex> build(String url, String version) {
		// straight to the expansion: the REST path caps count at the pre-expansion page size
		ValueSet expansion;
		try {
			expansion = valueSets.expandByIdentifier(version == null ? url : url + "|" + version,
					ValueSetExpansionOptions.forOffsetAndCount(0, maxConcepts + 1));
		} catch (ExpansionTooCostlyException e) {
			return Optional.empty();
		}
		ValueSetExpansionComponent contents = expansion.getExpansion();
		boolean complete = contents.getContains().size() <= maxConcepts
				&& (!contents.hasTotal() || contents.getTotal() <= contents.getContains().size());
		boolean flat = contents.getContains().stream().noneMatch(ValueSetExpansionContainsComponent::hasContains);
		if (!complete || !flat) {
			return Optional.empty();
		}
		addMissingDesignations(contents);
		return Optional.of(new TypeAheadIndex(expansion));
	}

	private void addMissingDesignations(ValueSetExpansionComponent contents) {
		Map<String, Map<String, List<ConceptDefinitionDesignationComponent>>> bySystem = new HashMap<>();
		for (ValueSetExpansionContainsComponent concept : contents.getContains()) {
			if (concept.hasDesignation()) {
				continue;
			}
			List<ConceptDefinitionDesignationComponent> designations =
					bySystem.computeIfAbsent(concept.getSystem(), designationsOf::of).get(concept.getCode());
			if (designations != null) {
				designations.forEach(designation -> concept.addDesignation()
						.setLanguage(designation.getLanguage()).setUse(designation.getUse()).setValue(designation.getValue()));
			}
		}
	}

	private ValueSet expansion(TypeAheadIndex index, String filter, int offset, int count) {
		TypeAheadIndex.Page matches = index.page(filter, offset, count);
		ValueSet source = index.source();
		ValueSet result = new ValueSet();
		result.setId(source.getIdElement().toUnqualifiedVersionless());
		result.setUrl(source.getUrl()).setVersion(source.getVersion()).setName(source.getName())
				.setTitle(source.getTitle()).setStatus(source.getStatus());
		ValueSetExpansionComponent expansion = result.getExpansion()
				.setIdentifier("urn:uuid:" + UUID.randomUUID())
				.setTimestamp(Date.from(clock.instant()))
				.setTotal(matches.total())
				.setOffset(offset);
		if (!filter.isBlank()) {
			expansion.addParameter().setName("filter").setValue(new StringType(filter));
		}
		expansion.addParameter().setName("offset").setValue(new IntegerType(offset));
		expansion.addParameter().setName("count").setValue(new IntegerType(count));
		for (ValueSetExpansionContainsComponent concept : matches.concepts()) {
			// copies: the response is relabelled per request (displayLanguage) and must not change the index
			expansion.addContains(concept.copy());
		}
		return result;
	}
}
