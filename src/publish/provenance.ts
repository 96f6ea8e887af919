// The provenance read-back after an index publish (PEP 740's Integrity API): what the index serves for a file
// must be an attestation of this file's sha256, signed (verified here with @sigstore/verify when a trusted
// root is given) by a certificate for this run's workflow, under a publisher that is this run's repository and
// workflow file. "This run's workflow" is what Fulcio certified for this run's own OIDC token: the certificate
// of the attestation this run signed for the file. Loaded with `await import()` by the index target, and only
// in a run that signed attestations, so Sigstore's verifier stays out of the bundle's start-up.
import { readFile } from 'node:fs/promises'
import type { Verifier } from '@sigstore/verify'
import { attestationStatement, bundleFromAttestation, type Pep740Attestation, type Pep740Provenance, type Pep740Publisher } from '../attest/pep740.js'
import { PYPI_PUBLISH_V1 } from '../attest/statements.js'
import { attestationVerifier, certifiedWorkflow, trustMaterialFromJSON, verifyAttestationBundle, type CertifiedWorkflow } from '../attest/verify.js'
import { plain } from '../build/manifest.js'
import { describeError } from '../errors.js'
import { describeOrigin, type ReleaseOrigin } from './origin.js'
export { mapConcurrently } from '../concurrency.js'

/** At most this many Integrity API reads (and verifications) at once. */
export const PROVENANCE_READS = 8

/**
 * How the read-back checks signatures this run: a verifier for the trusted root SIGSTORE_TRUSTED_ROOT names
 * (made once per run), or none and why (the public-good instance's root is not available offline).
 */
export type ProvenanceTrust =
  | {
      verifier: Verifier
      source: string
      /**
       * What verifying an attestation gave (the certificate's workflow, or why it does not verify), by its content:
       * pypi and testpypi serve the same attestation, and verifying it is a pure function of it and the root.
       */
      verified?: Map<string, CertifiedWorkflow | { failed: string }>
    }
  | { verifier: undefined; reason: string }

/** The trust for the read-back from the SIGSTORE_* variables (RunnerEnvironment.sigstore); never throws. */
export async function provenanceTrust(sigstoreEnv: Record<string, string | undefined>): Promise<ProvenanceTrust> {
  // read as attest/sign.ts sigstoreSettings reads it
  const path = sigstoreEnv['SIGSTORE_TRUSTED_ROOT']?.trim()
  if (!path) return { verifier: undefined, reason: 'no trusted root was given (SIGSTORE_TRUSTED_ROOT)' }
  try {
    const trust = trustMaterialFromJSON(JSON.parse(await readFile(path, 'utf8')) as unknown)
    // a root that trusts nothing would turn every file into a warning; say once what is wrong with it
    if (trust.certificateAuthorities.length === 0 || trust.tlogs.length === 0) {
      return { verifier: undefined, reason: 'the trusted root in SIGSTORE_TRUSTED_ROOT names no certificate authority or no transparency log' }
    }
    return { verifier: attestationVerifier(trust), source: 'the trusted root in SIGSTORE_TRUSTED_ROOT', verified: new Map() }
  } catch (error) {
    return { verifier: undefined, reason: `the trusted root in SIGSTORE_TRUSTED_ROOT could not be used: ${plain(describeError(error), 200)}` }
  }
}

/** This run's workflow, as Fulcio certified it for the run's OIDC token, and the publisher PyPI names for it. */
export interface ThisWorkflow {
  /** owner/repo (the certificate's Source Repository URI). */
  repository: string
  /** The top-level workflow's file name (the Build Config URI's): what PyPI's trusted publisher names, also for a reusable workflow. */
  workflow: string
  /** For an earlier run's files: the Source Repository URI their certificate must name (the server's URL and the repository). */
  sourceRepositoryUri?: string
  /**
   * The certificate this run's own attestations carry: an attestation of a file this run uploaded must match it
   * in every field. Undefined for a file an earlier run uploaded (a re-run finds it there): its certificate
   * must then name this repository and workflow file, at whatever ref and run it had.
   */
  certified?: CertifiedWorkflow
}

/**
 * The workflow a re-run expects on files an earlier run uploaded, from the runner's GITHUB_REPOSITORY and
 * GITHUB_WORKFLOW_REF (owner/repo/.github/workflows/<file>@<ref>: the top-level workflow, which is what PyPI's
 * trusted publisher and the certificate's Build Config URI name); undefined when they do not say.
 */
export function workflowOfRun(run: { serverUrl?: string; repository?: string; workflowRef?: string }): ThisWorkflow | undefined {
  const { repository, workflowRef } = run
  if (!repository || !workflowRef) return undefined
  const prefix = `${repository}/.github/workflows/`
  // the file name ends at the first '@' after the prefix: a ref may hold one (refs/heads/release@2)
  const at = workflowRef.indexOf('@', prefix.length)
  if (!workflowRef.startsWith(prefix) || at <= prefix.length) return undefined
  const server = (run.serverUrl || 'https://github.com').replace(/\/+$/, '')
  return { repository, workflow: workflowRef.slice(prefix.length, at), sourceRepositoryUri: `${server}/${repository}` }
}

/** The Build Config URI of `workflow` without its ref, as a certificate for any run of it has it before the '@'. */
function workflowUri(sourceRepositoryUri: string, workflow: string): string {
  return `${sourceRepositoryUri}/.github/workflows/${workflow}`
}

/** This run's workflow from the certificate of an attestation this run signed; throws when it names no GitHub workflow. */
export function thisWorkflow(ours: Pep740Attestation): ThisWorkflow {
  const certified = certifiedWorkflow(ours.verification_material.certificate)
  const { sourceRepositoryUri, buildConfigUri } = certified
  const prefix = sourceRepositoryUri && `${sourceRepositoryUri}/.github/workflows/`
  if (!sourceRepositoryUri || !prefix || !buildConfigUri?.startsWith(prefix) || !buildConfigUri.includes('@', prefix.length)) {
    throw new Error("this run's signing certificate names no GitHub Actions workflow (no Source Repository URI and Build Config URI)")
  }
  return {
    repository: new URL(sourceRepositoryUri).pathname.replace(/^\/+|\/+$/g, ''),
    workflow: buildConfigUri.slice(prefix.length, buildConfigUri.indexOf('@', prefix.length)),
    certified
  }
}

/** A publisher as the Integrity API names it, for a message: each key and string value escaped and cut short. */
export function describePublisher(publisher: Pep740Publisher): string {
  return Object.entries(publisher)
    .filter(([, value]) => typeof value === 'string' && value !== '')
    .map(([key, value]) => (key === 'kind' ? plain(value as string) : `${plain(key)} ${plain(value as string)}`))
    .join(', ')
}

/** The one subject of an attestation's statement and its predicate type, or undefined when it is not one. */
function statementOf(attestation: Pep740Attestation): { name: string; sha256: string; predicateType: string } | undefined {
  try {
    const statement = attestationStatement(attestation) as { subject?: unknown; predicateType?: unknown }
    const subject = Array.isArray(statement?.subject) && statement.subject.length === 1 ? (statement.subject[0] as Record<string, unknown>) : undefined
    const digest = subject?.['digest'] as Record<string, unknown> | undefined
    if (typeof subject?.['name'] !== 'string' || typeof digest?.['sha256'] !== 'string' || typeof statement.predicateType !== 'string') return undefined
    return { name: subject['name'], sha256: digest['sha256'], predicateType: statement.predicateType }
  } catch {
    return undefined
  }
}

const CERTIFIED_FIELDS: Array<[keyof CertifiedWorkflow, string]> = [
  ['subjectAlternativeName', 'subject alternative name'],
  ['buildConfigUri', 'Build Config URI'],
  ['sourceRepositoryUri', 'Source Repository URI'],
  ['issuer', 'OIDC issuer']
]

export type FileProvenance = { verified: true; publisher: Pep740Publisher } | { verified: false; warning: string }

/**
 * One file's provenance as the index served it, against this run's workflow. Verified when one of its publish
 * attestations names the file's name and sha256, verifies against the trusted root (when there is one), was
 * signed with a certificate for this run's workflow, and sits under the publisher for this run's repository
 * and workflow file; otherwise the warning says what does not hold, naming what the index shows and what
 * this run expected.
 */
export function checkFileProvenance(
  indexName: string,
  file: { filename: string; sha256: string },
  provenance: Pep740Provenance,
  expected: ThisWorkflow,
  trust: ProvenanceTrust
): FileProvenance {
  const all = provenance.attestation_bundles.flatMap(bundle => bundle.attestations.map(attestation => ({ publisher: bundle.publisher, attestation })))
  const ofFile = all.filter(({ attestation }) => {
    const statement = statementOf(attestation)
    return statement?.predicateType === PYPI_PUBLISH_V1 && statement.name === file.filename && statement.sha256 === file.sha256
  })
  if (ofFile.length === 0) {
    const held = all
      .map(({ attestation }) => statementOf(attestation))
      .map(s => (s ? `${plain(s.name)} sha256 ${plain(s.sha256, 64)}` : 'an unreadable statement'))
    return {
      verified: false,
      warning:
        `${indexName} shows ${file.filename} without an attestation of its sha256 ${file.sha256}` +
        (held.length > 0
          ? `: its provenance attests ${held.slice(0, 3).join('; ')}${held.length > 3 ? ` and ${held.length - 3} more` : ''}`
          : ': its provenance holds none')
    }
  }
  let problem: string | undefined
  for (const { publisher, attestation } of ofFile) {
    const found = checkAttestation(indexName, file, publisher, attestation, expected, trust)
    if (found === undefined) return { verified: true, publisher }
    problem ??= found
  }
  return { verified: false, warning: problem as string }
}

/** The content of an attestation for a cache key: its JSON with every object's keys sorted (an index may order them otherwise). */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
  if (value && typeof value === 'object') {
    const object = value as Record<string, unknown>
    return `{${Object.keys(object)
      .sort()
      .map(key => `${JSON.stringify(key)}:${canonical(object[key])}`)
      .join(',')}}`
  }
  return JSON.stringify(value) ?? 'null'
}

/** Verifies one attestation of `file` against the trusted root, once per run for the same content (pypi and testpypi serve the same one). */
function verifyOnce(
  trust: Extract<ProvenanceTrust, { verifier: Verifier }>,
  file: { filename: string; sha256: string },
  attestation: Pep740Attestation
): CertifiedWorkflow | { failed: string } {
  const key = canonical([file.filename, file.sha256, attestation])
  let outcome = trust.verified?.get(key)
  if (!outcome) {
    try {
      outcome = verifyAttestationBundle(bundleFromAttestation(attestation), trust.verifier, {
        filename: file.filename,
        sha256: file.sha256,
        predicateType: PYPI_PUBLISH_V1,
        identity: undefined
      }).certified
    } catch (error) {
      // the verifier's words name what failed (signature, certificate chain, log entry); they quote nothing of ours
      outcome = { failed: describeError(error).replace(/^The attestation for \S+ (does not verify: )?/, '') }
    }
    trust.verified?.set(key, outcome)
  }
  return outcome
}

/**
 * Verifies the attestations this run signed while the uploads go out (one at a time, yielding between them, so
 * the uploads' I/O keeps flowing): the read-back then finds each one that the index serves unchanged already
 * verified, and verifies only what differs. The work is the same; it leaves the publish stage's critical path.
 */
export async function verifyAhead(
  trust: ProvenanceTrust,
  files: ReadonlyArray<{ filename: string; sha256: string; attestation: Pep740Attestation }>
): Promise<void> {
  if (!trust.verifier) return
  for (const { filename, sha256, attestation } of files) {
    await new Promise(resolve => setImmediate(resolve))
    verifyOnce(trust, { filename, sha256 }, attestation)
  }
}

/** What does not hold for one attestation of the file, or undefined. */
function checkAttestation(
  indexName: string,
  file: { filename: string; sha256: string },
  publisher: Pep740Publisher,
  attestation: Pep740Attestation,
  expected: ThisWorkflow,
  trust: ProvenanceTrust
): string | undefined {
  const where = `${file.filename}'s attestation on ${indexName}`
  let certified: CertifiedWorkflow
  if (trust.verifier) {
    const outcome = verifyOnce(trust, file, attestation)
    if ('failed' in outcome) return `${where} does not verify: ${plain(outcome.failed, 300)}`
    certified = outcome
  } else {
    // no trusted root: what the certificate claims, unverified (the note says the signatures were not re-verified)
    try {
      certified = certifiedWorkflow(attestation.verification_material.certificate)
    } catch (error) {
      return `${where} does not verify: ${plain(describeError(error), 300)}`
    }
  }
  if (expected.certified) {
    for (const [field, label] of CERTIFIED_FIELDS) {
      const shown = certified[field]
      const ours = expected.certified[field]
      if (shown !== ours) {
        return `${where} is signed with a certificate whose ${label} is ${shown === undefined ? 'missing' : plain(shown, 200)}, not this workflow's ${ours ?? 'none'}`
      }
    }
  } else {
    // an earlier run's upload: this repository's workflow file, at the ref and run that uploaded it
    const repository = certified.sourceRepositoryUri
    const uri = repository && workflowUri(repository, expected.workflow)
    // the workflow file's URI, then '@' and whatever ref that run had
    const named = uri !== undefined && certified.buildConfigUri?.startsWith(`${uri}@`) === true
    if (!repository || repository.toLowerCase() !== expected.sourceRepositoryUri?.toLowerCase() || !named) {
      const shown = certified.buildConfigUri ?? certified.sourceRepositoryUri
      return `${where} is signed with a certificate for ${shown === undefined ? 'no workflow' : plain(shown, 200)}, not this repository's workflow ${expected.repository} ${expected.workflow}`
    }
  }
  // GitHub's owner and repository names are case-insensitive (PyPI matches its publishers so too)
  const repository = typeof publisher['repository'] === 'string' ? publisher['repository'].toLowerCase() : undefined
  if (publisher['kind'] !== 'GitHub' || repository !== expected.repository.toLowerCase() || publisher['workflow'] !== expected.workflow) {
    return `${indexName} shows ${file.filename} under the publisher ${describePublisher(publisher) || 'with no name'}, not this workflow (GitHub, repository ${expected.repository}, workflow ${expected.workflow})`
  }
  return undefined
}

/**
 * Whether the index's provenance for a file it already holds shows it to be this release's own earlier upload
 * (origin.ts): a publish attestation of the file's name and sha256 that verifies against the trusted root (an
 * unverified claim is no evidence: anyone can write a certificate), signed with a certificate whose Source
 * Repository URI is this repository and whose Source Repository Digest is this commit (Fulcio's extensions
 * 1.3.6.1.4.1.57264.1.12 and .13, sigstore/fulcio docs/oid-info.md; GitHub's `repository` and `sha` claims),
 * under a GitHub publisher for this repository. The evidence in words, or undefined.
 */
export function attestedOrigin(
  indexName: string,
  file: { filename: string; sha256: string },
  provenance: Pep740Provenance,
  origin: ReleaseOrigin,
  serverUrl: string,
  trust: ProvenanceTrust
): string | undefined {
  if (!trust.verifier || origin.repository === null) return undefined
  const repositoryUri = `${serverUrl.replace(/\/+$/, '')}/${origin.repository}`.toLowerCase()
  for (const bundle of provenance.attestation_bundles) {
    const publisher = bundle.publisher
    const named = typeof publisher['repository'] === 'string' && publisher['repository'].toLowerCase() === origin.repository.toLowerCase()
    if (publisher['kind'] !== 'GitHub' || !named) continue
    for (const attestation of bundle.attestations) {
      const statement = statementOf(attestation)
      if (statement?.predicateType !== PYPI_PUBLISH_V1 || statement.name !== file.filename || statement.sha256 !== file.sha256) continue
      const certified = verifyOnce(trust, file, attestation)
      if ('failed' in certified) continue
      if (certified.sourceRepositoryUri?.toLowerCase() !== repositoryUri || certified.sourceRepositoryDigest?.toLowerCase() !== origin.sha.toLowerCase())
        continue
      return (
        `its PEP 740 provenance on ${indexName}, verified against ${trust.source}, is signed for ${describeOrigin(origin)} ` +
        `(Source Repository URI and Digest) under the publisher ${describePublisher(publisher)}`
      )
    }
  }
  return undefined
}
