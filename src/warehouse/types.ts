// PyPI's upload rules, as pypi/warehouse enforces them: what each check reports.
// Every rule in this folder is taken from warehouse's code (warehouse/forklift/legacy.py, forklift/metadata.py,
// forklift/forms.py, utils/zipfiles.py, utils/wheel.py, utils/scanner.py) or from the `packaging` library it
// validates with; `source` names the file and line, so a reader can check the rule against its origin.

/** One reason PyPI's upload endpoint would refuse a file (HTTP 400), in PyPI's own words. */
export interface Breach {
  /** A short, stable name of the rule (tests and annotations use it): 'classifier', 'zip-framing', 'sdist-filename'… */
  rule: string
  /** The core-metadata field or the part of the file concerned: 'Classifier', 'Project-URL', 'filename', 'archive'. */
  field: string
  /** What PyPI answers (the reason of its HTTP 400), as warehouse words it. */
  message: string
  /** Where warehouse (or packaging) decides it: 'warehouse/forklift/metadata.py:171'. */
  source: string
  /** 500 where warehouse lets an exception escape (the upload fails all the same); absent: its HTTP 400. */
  status?: 500
}

/** What a check found: breaches PyPI refuses; warnings are stricter than PyPI (it accepts the file). */
export interface RuleReport {
  breaches: Breach[]
  warnings: string[]
}
