package no.fjord.terminology.load;

/**
 * What a load stored.
 *
 * @param resource the CodeSystem or ConceptMap it stored, as {@code Type/id}
 * @param count concepts (or mappings) stored
 */
public record LoadResult(String url, String version, long count, String resource) {}
