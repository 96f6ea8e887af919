// Preflight's judgement of each file as PyPI's upload endpoint would judge it (src/warehouse/: warehouse's own
// rules), on what is actually sent: the upload form built from the file's own metadata (upload.ts uploadFields),
// the file's name and its bytes. A breach is an error naming the file, the field and PyPI's words, with what
// to change; nothing is uploaded to any target while one stands.
import { readArchive } from '../build/archive.js'
import { parseCoreMetadata, type CoreMetadata } from '../build/metadata.js'
import type { Annotation, BuildArtifact, DescriptionVerdict } from '../types.js'
import { checkArchiveForIndex } from '../warehouse/archive.js'
import { descriptionRefusal, renderDescriptions, rendersAsRst } from '../warehouse/description.js'
import { checkFilename } from '../warehouse/filename.js'
import { checkFormMetadata } from '../warehouse/metadata.js'
import type { Breach } from '../warehouse/types.js'
import { mapConcurrently } from '../concurrency.js'
import { uploadFields } from './upload.js'

export interface IndexRulesOptions {
  /** The index's name in messages ('pypi.org', 'test.pypi.org', a host). */
  indexName: string
  /** An interpreter that may render reST descriptions (readme_renderer, else docutils); undefined: none here. */
  python?: string
}

export interface IndexJudgement {
  /** One error annotation per breach; empty when the index would take every file. */
  errors: Annotation[]
  /** Stricter than PyPI, or not checked: the files are still uploaded. */
  warnings: Annotation[]
}

/** What a maintainer changes, by the rule broken; PyPI's own words say what is wrong. */
const REMEDIES: Record<string, string> = {
  'platform-tag':
    "Build manylinux or musllinux wheels (cibuildwheel, or 'auditwheel repair'), and a macOS 11+ tag with minor version 0 (MACOSX_DEPLOYMENT_TARGET=11.0).",
  'sdist-filename': 'Build the sdist with a backend that writes PEP 625 names (setuptools ≥ 69.3, hatchling, flit-core ≥ 3.9, pdm-backend, poetry-core ≥ 2).',
  'wheel-filename': 'Rebuild the wheel: its name must be the normalized project name and the version its METADATA states.',
  classifier: 'Fix [project].classifiers: the valid list is at https://pypi.org/classifiers/.',
  'deprecated-classifier': 'Replace it in [project].classifiers (PyPI names the replacement, when there is one).',
  'license-with-expression':
    "Keep one: a PEP 639 'license' expression (License-Expression) replaces the License text; remove the old License field (e.g. setuptools' license_files + license text).",
  'license-expression': 'Use an SPDX expression (https://spdx.org/licenses/), or LicenseRef-<name> for a license SPDX does not list.',
  'local-version':
    'Publish a public version (setuptools-scm and hatch-vcs drop \'+…\' with local_scheme = "no-local-version"), or publish this local build to the local or github target only.',
  description: 'Fix the readme (run `python -m readme_renderer README.rst` to see the problem), or set its content type to text/markdown if it is Markdown.',
  'zip-framing': 'Rebuild the wheel with a standard zip writer (the build backend); tools that append to or patch wheels break their framing.',
  'filename-length': 'Shorten the project name, version or tags.'
}

function annotation(indexName: string, filename: string, breach: Breach): Annotation {
  const remedy = REMEDIES[breach.rule]
  return {
    level: 'error',
    title: `${indexName} would refuse ${filename}`,
    message: `${filename}: ${breach.field}: ${indexName} would refuse it (HTTP ${breach.status ?? 400}): ${breach.message}${remedy ? ` ${remedy}` : ''} [rule from ${breach.source}]`
  }
}

/** The file's core metadata: what describing it read, else its METADATA or PKG-INFO read again (the upload form is built from it). */
export async function coreMetadataOf(artifact: BuildArtifact): Promise<CoreMetadata> {
  if (artifact.coreMetadata) return artifact.coreMetadata
  const isMetadata = (name: string): boolean => (artifact.format === 'wheel' ? /^[^/]+\.dist-info\/METADATA$/.test(name) : /^[^/]+\/PKG-INFO$/.test(name))
  const content = [...(await readArchive(artifact.path, isMetadata)).kept.values()][0]
  if (!content) throw new Error(`${artifact.filename} has no core metadata file`)
  return parseCoreMetadata(content.toString('utf8'))
}

/** Files judged at once: each holds a small window and one member's buffer, so memory stays flat. */
const FILES_AT_ONCE = 3

/** One file against the form, filename and archive rules; its reST description, when one needs rendering. */
async function judgeFile(
  artifact: BuildArtifact
): Promise<{ breaches: Breach[]; warnings: string[]; description?: { text: string; contentType: string | undefined } }> {
  const metadata = await coreMetadataOf(artifact)
  const fields = uploadFields(artifact, metadata)
  const breaches: Breach[] = checkFormMetadata(fields)
  const name = formValue(fields, 'name')
  const version = formValue(fields, 'version')
  // the filename rules compare with a Name and Version PyPI would have taken
  if (!breaches.some(breach => /^(name|version|metadata-version)$/i.test(breach.field)) && name && version) {
    breaches.push(...checkFilename({ filename: artifact.filename, filetype: artifact.format === 'wheel' ? 'bdist_wheel' : 'sdist', name, version }))
  }
  // the License-File entries PyPI checks are the form's (meta.license_files, legacy.py:1396-1424): none under Metadata-Version < 2.4
  const licenseFiles = fields.filter(([key]) => key === 'license_file').map(([, value]) => value)
  const archive = await checkArchiveForIndex(artifact.path, artifact.filename, licenseFiles)
  breaches.push(...archive.breaches)
  const text = formValue(fields, 'description')
  const contentType = formValue(fields, 'description_content_type')
  return { breaches, warnings: archive.warnings, ...(text && rendersAsRst(contentType) ? { description: { text, contentType } } : {}) }
}

/** The first value of a form field. */
const formValue = (fields: ReadonlyArray<readonly [string, string]>, name: string): string | undefined => fields.find(([key]) => key === name)?.[1]

/**
 * Every file against PyPI's rules, a few at a time (each archive is read once more, streamed: memory stays flat
 * with size). reST descriptions are rendered in one Python run for all files, unless a verdict came with the file.
 */
export async function judgeForIndex(artifacts: readonly BuildArtifact[], options: IndexRulesOptions): Promise<IndexJudgement> {
  const errors: Annotation[] = []
  const warnings: Annotation[] = []
  const unrendered: Array<{ artifact: BuildArtifact; text: string; contentType: string | undefined }> = []
  // a few files at once: one file's reads overlap another's inflating (bench:rules: about a quarter less); reported in order
  const judged = await mapConcurrently(artifacts, FILES_AT_ONCE, judgeFile)
  judged.forEach(({ breaches, warnings: stricter, description }, i) => {
    const artifact = artifacts[i]!
    errors.push(...breaches.map(breach => annotation(options.indexName, artifact.filename, breach)))
    warnings.push(...stricter.map(message => ({ level: 'warning' as const, title: `${artifact.filename}: stricter than ${options.indexName}`, message })))
    if (description) {
      if (artifact.description) judgeDescription(artifact, description.contentType, artifact.description, options, errors)
      else unrendered.push({ artifact, ...description })
    }
  })
  if (unrendered.length > 0) {
    const verdicts = options.python
      ? await renderDescriptions(
          options.python,
          unrendered.map(u => u.text)
        )
      : unrendered.map(() => undefined)
    unrendered.forEach(({ artifact, contentType }, i) => {
      const verdict = verdicts[i]
      if (verdict) judgeDescription(artifact, contentType, verdict, options, errors)
      else {
        warnings.push({
          level: 'warning',
          title: `Description of ${artifact.filename} not checked`,
          message:
            `${artifact.filename}'s long description is reStructuredText, which ${options.indexName} refuses when it does not render, and it could not be rendered here ` +
            `(${options.python ? `neither readme_renderer nor docutils imports in '${options.python}'` : 'no Python in this job, and no verdict in a verified release manifest'}). ` +
            'Install readme_renderer where the action runs (or in the build job, whose manifest then carries the verdict).'
        })
      }
    })
  }
  return { errors, warnings }
}

function judgeDescription(
  artifact: BuildArtifact,
  contentType: string | undefined,
  verdict: DescriptionVerdict,
  options: IndexRulesOptions,
  errors: Annotation[]
): void {
  const refusal = descriptionRefusal(contentType, verdict)
  if (refusal === undefined) return
  const breach: Breach = { rule: 'description', field: 'Description', message: refusal, source: 'warehouse/forklift/legacy.py:911' }
  const found = annotation(options.indexName, artifact.filename, breach)
  errors.push({ ...found, message: `${found.message} (${verdict.renderer}: ${verdict.message.replace(/\s+/g, ' ').slice(0, 300)})` })
}
