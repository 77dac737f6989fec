package no.fjord.terminology.load;

import org.hl7.fhir.r4.model.Enumerations.ConceptMapEquivalence;

/** One row of a mapping file: a source code, the target code it maps to, and how they relate. */
public record Mapping(String source, String target, ConceptMapEquivalence equivalence, long line) {}
