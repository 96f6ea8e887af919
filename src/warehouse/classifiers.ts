// The trove classifiers PyPI knows, and those it refuses as deprecated: warehouse checks every Classifier
// against trove_classifiers' all_classifiers and deprecated_classifiers (warehouse/forklift/metadata.py:162-190).
// The lists are generated into data/classifiers.json from the trove-classifiers package by
// scripts/refresh-pypi-data.mjs, which records the release they came from.
import trove from './data/classifiers.json' with { type: 'json' }

/** The trove-classifiers release the data was generated from (warehouse pins its own in requirements/main.txt). */
export const CLASSIFIERS_SOURCE: { package: string; version: string } = {
  package: trove.source.package,
  version: trove.source.version
}

// Built on first use, not at import: trove_classifiers.all_classifiers (the current ones and the deprecated
// ones) and deprecated_classifiers.
let known: Set<string> | undefined
let deprecated: Map<string, readonly string[]> | undefined

/** Whether PyPI knows the classifier (deprecated ones included): warehouse/forklift/metadata.py:163-166. */
export function isKnownClassifier(c: string): boolean {
  known ??= new Set([...trove.classifiers, ...Object.keys(trove.deprecated)])
  return known.has(c)
}

/**
 * The classifiers that replace a deprecated one, in trove_classifiers' order (warehouse prints them:
 * "use one of [...] instead", warehouse/forklift/metadata.py:175-182); [] when it is deprecated with no
 * replacement (metadata.py:184-189); undefined when it is not deprecated.
 */
export function deprecatedClassifier(c: string): string[] | undefined {
  deprecated ??= new Map(Object.entries(trove.deprecated as Record<string, string[]>))
  const replacements = deprecated.get(c)
  return replacements === undefined ? undefined : [...replacements]
}
