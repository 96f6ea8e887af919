// PEP 740 attestations for the index targets, signed once per run: after every preflight passed and
// before the first upload, one publish statement per file that some index target will upload with
// trusted publishing, each attestation then sent by every such target. (pypa's action signs per upload
// step and leaves the signatures beside the dist files, so a second index in the same job fails.)
import type { SerializedBundle } from '@sigstore/bundle'
import { attestationFromBundle, type Pep740Attestation } from '../attest/pep740.js'
import { SigningError, sigstoreSettings, signStatements, type RepositoryVisibility, type SigstoreEndpoints } from '../attest/sign.js'
import { provenanceStatement, publishStatement, PYPI_PUBLISH_V1, workflowRunFromClaims, type InTotoStatement } from '../attest/statements.js'
import type { Annotation, Logger, PreflightResult } from '../types.js'
import { DistributionTarget } from '../types.js'
import type { IdTokenSource } from './trusted.js'

export interface AttestationSettings {
  /** The SIGSTORE_* variables (RunnerEnvironment.sigstore): read only when there is something to sign, so a wrong one stops only a run that signs. */
  sigstoreEnv: Record<string, string | undefined>
  /** GITHUB_SERVER_URL (default https://github.com): the provenance's builder and workflow URLs. */
  serverUrl?: string
  /**
   * The repository's visibility from the event payload: picks the Sigstore instance of the GitHub Release
   * assets' provenance as actions/attest does (public-good when public, GitHub's own otherwise, unknown included).
   */
  repositoryVisibility?: RepositoryVisibility
  /**
   * Why this run did not build the files it publishes (a promotion of another run's artifacts, a dist-dir without
   * manifests). Build provenance describes the run that signs it as the builder, so the GitHub Release assets then
   * get none (a notice says why); PEP 740 publish attestations describe the upload and are signed as ever.
   */
  builtElsewhere?: string
  /** GITHUB_REPOSITORY and GITHUB_WORKFLOW_REF: the workflow a re-run expects on the files an earlier run uploaded and attested. */
  repository?: string
  workflowRef?: string
}

/** What signing decided for the run: the attestation per file name, and what the summary says. */
export interface AttestationOutcome {
  /** File name → its publish attestation, for every index target that uploads with trusted publishing. */
  attestations: Map<string, Pep740Attestation>
  /** The index targets that send them. */
  targets: DistributionTarget[]
  /** A notice per index target that uploads with an API token, and so without attestations. */
  annotations: Annotation[]
  /** One line for the publish stage's message; undefined when there is nothing to say. */
  summary: string | undefined
  /** Asset name → the Sigstore bundle of its SLSA build provenance, for the github target's new assets. */
  provenance?: Map<string, SerializedBundle>
  /** Why the GitHub Release assets get no provenance this run (no OIDC token); undefined otherwise. */
  provenanceSkipped?: string
}

const INDEX_TARGETS: ReadonlySet<DistributionTarget> = new Set([DistributionTarget.PYPI, DistributionTarget.TEST_PYPI])

const PASSWORD_INPUT: Partial<Record<DistributionTarget, string>> = {
  [DistributionTarget.PYPI]: 'password',
  [DistributionTarget.TEST_PYPI]: 'testpypi-password'
}

/**
 * Signs the publish attestations the index targets need. `usesToken(target)` is whether the target
 * uploads with an API token. Throws SigningError (service and URL in its message) when signing fails:
 * the caller then publishes nothing.
 */
export async function signIndexAttestations(
  preflights: readonly PreflightResult[],
  usesToken: (target: DistributionTarget) => boolean,
  settings: AttestationSettings,
  idToken: IdTokenSource | undefined,
  logger: Logger
): Promise<AttestationOutcome> {
  const indexes = preflights.filter(preflight => preflight.ready && INDEX_TARGETS.has(preflight.target))
  const trusted = indexes.filter(preflight => !usesToken(preflight.target))
  const withToken = indexes.filter(preflight => usesToken(preflight.target))
  const annotations: Annotation[] = withToken.map(preflight => ({
    level: 'notice',
    title: `Attestations skipped for ${preflight.target}`,
    message:
      `${preflight.target} uploads with an API token ('${PASSWORD_INPUT[preflight.target]}'), so its files carry no PEP 740 attestations: ` +
      'PyPI accepts attestations only from trusted publishing uploads. Leave the token empty and register a trusted publisher to publish with provenance.'
  }))

  // Each file once, whichever targets upload it: the attestation names the file and its sha256, not the index.
  const files = new Map<string, string>()
  for (const preflight of trusted) {
    for (const planned of preflight.files) {
      if (planned.action === 'upload') files.set(planned.artifact.filename, planned.artifact.sha256)
    }
  }
  const skippedLine =
    withToken.length > 0
      ? `attestations skipped for ${withToken.map(p => p.target).join(', ')}: PyPI accepts them only from trusted publishing uploads, and an API token was given`
      : undefined
  // GitHub Release assets: build provenance for each distribution file this run uploads, and for each one already
  // on the release with this build's sha256 that GitHub holds no provenance for (a run that uploaded it but could
  // not store its provenance) or would not say (the github target's preflight asked). SHA256SUMS is not attested,
  // as actions/attest-build-provenance attests the files a checksums file lists, not the list itself.
  const assets = new Map<string, string>()
  let existing = 0
  for (const preflight of preflights) {
    if (!preflight.ready || preflight.target !== DistributionTarget.GITHUB) continue
    for (const planned of preflight.files) {
      const unattested = planned.action === 'skip-identical' && (planned.provenance === 'absent' || planned.provenance === 'unknown')
      if (planned.action === 'upload' || unattested) assets.set(planned.artifact.filename, planned.artifact.sha256)
      if (unattested) existing++
    }
  }
  if (files.size === 0 && assets.size === 0) return { attestations: new Map(), targets: [], annotations, summary: skippedLine }

  // One OIDC token for the run: the provenance is built from its claims (as @actions/attest does) and Fulcio certifies it.
  let token: Promise<string> | undefined
  const identityToken = (): Promise<string> => {
    token ??= (async () => {
      if (!idToken)
        throw new SigningError("There is no OIDC token outside GitHub Actions; Sigstore signing needs a job with 'permissions: id-token: write'", 'oidc')
      return idToken('sigstore')
    })()
    return token
  }
  const claimsToken = async (): Promise<string> => {
    try {
      return await identityToken()
    } catch (error) {
      if (error instanceof SigningError) throw error
      const said = error instanceof Error ? error.message : String(error)
      throw new SigningError(
        `Could not get the workflow's OIDC token for Sigstore (audience 'sigstore'): ${said}. The job needs 'permissions: id-token: write'.`,
        'oidc'
      )
    }
  }

  const indexStatements = [...files].map(([filename, sha256]) => publishStatement({ filename, sha256 }))
  let releaseStatements: InTotoStatement<unknown>[] = []
  let visibility = settings.repositoryVisibility
  let releaseSkipped: string | undefined
  let notBuiltHere: string | undefined
  if (assets.size > 0 && settings.builtElsewhere) {
    annotations.push({
      level: 'notice',
      title: 'Build provenance skipped (built elsewhere)',
      message:
        `The GitHub Release assets are published without build provenance: ${settings.builtElsewhere}. ` +
        'Build provenance signed here would name this run as their builder; attest them in the run that builds them ' +
        '(for example a build job with actions/attest-build-provenance), or publish them from that run.'
    })
    notBuiltHere = `not built by this run (${settings.builtElsewhere})`
    assets.clear()
  } else if (assets.size > 0) {
    // Without the job's OIDC token the release goes out without provenance (a notice says why); an index
    // that needs the same token still fails its signing below, as before.
    const jwt = await claimsToken().catch((error: unknown) => {
      if (!(error instanceof SigningError)) throw error
      releaseSkipped = error.message
      return undefined
    })
    if (jwt !== undefined) {
      const built = releaseProvenance(jwt)
      releaseStatements = built.statements
      if (!visibility) visibility = built.visibility
    }
  }
  function releaseProvenance(jwt: string): { statements: InTotoStatement<unknown>[]; visibility: RepositoryVisibility } {
    const claims = claimsOf(jwt)
    const run = workflowRunFromClaims(claims, (settings.serverUrl || 'https://github.com').replace(/\/+$/, ''))
    const statements = [...assets].map(([filename, sha256]) => provenanceStatement({ filename, sha256 }, run))
    // the event payload's word first; else the token's own claim (GitHub's ID tokens carry repository_visibility)
    return { statements, visibility: visibilityClaim(claims) }
  }
  // PyPI verifies PEP 740 attestations only against the public-good instance, so a private or internal repository's
  // identity goes into its public log with them: said once, with the way out. (The payload names it first; else the token's claim.)
  if (files.size > 0 && !visibility) {
    const jwt = await identityToken().catch(() => undefined) // a missing token fails the signing below, with its own message
    if (jwt !== undefined) visibility = visibilityClaim(claimsOrNothing(jwt))
  }
  if (releaseSkipped) {
    annotations.push({
      level: 'notice',
      title: 'Build provenance skipped (id-token: write)',
      message:
        `The GitHub Release assets are published without build provenance: ${releaseSkipped} ` +
        'Give the job `permissions: id-token: write` and `attestations: write` to attest them, or set `attestations: false`.'
    })
  }
  if (files.size === 0 && releaseStatements.length === 0) {
    return { attestations: new Map(), targets: [], annotations, summary: skippedLine, provenanceSkipped: releaseSkipped ?? notBuiltHere }
  }
  const sigstore = sigstoreSettings(settings.sigstoreEnv, visibility)
  // (said also when SIGSTORE_* name the instance: the notice names the log it goes to, and PyPI itself accepts only the public-good one)
  if (files.size > 0 && (visibility === 'private' || visibility === 'internal') && sigstore.index.rekorURL) {
    annotations.push(
      publicLogNotice(
        visibility,
        trusted.map(preflight => preflight.target),
        sigstore.index.rekorURL
      )
    )
  }
  // Each instance signs its statements in one pass (one certificate); both kinds share one pass when the instance is the same.
  const passes: Array<{ endpoints: SigstoreEndpoints; statements: InTotoStatement<unknown>[] }> = []
  const pass = (endpoints: SigstoreEndpoints, statements: InTotoStatement<unknown>[]): void => {
    if (statements.length === 0) return
    const same = passes.find(p => sameEndpoints(p.endpoints, endpoints))
    if (same) same.statements.push(...statements)
    else passes.push({ endpoints, statements: [...statements] })
  }
  // The index instance: public-good whatever the repository's visibility (PyPI verifies against its root), unless SIGSTORE_* name another
  pass(sigstore.index, indexStatements)
  pass(sigstore.github, releaseStatements)
  const bundles = new Map<InTotoStatement<unknown>, SerializedBundle>()
  for (const { endpoints, statements } of passes) {
    const { fulcioURL, rekorURL, tsaURL } = endpoints
    logger.info(
      `Signing ${describePass(statements)} with Sigstore (Fulcio ${fulcioURL}${rekorURL ? `, Rekor ${rekorURL}` : ''}${tsaURL ? `, TSA ${tsaURL}` : ''})`
    )
    for (const { statement, bundle } of await signStatements(statements, { fulcioURL, rekorURL, tsaURL, identityToken })) bundles.set(statement, bundle)
  }
  const nameOf = (statement: InTotoStatement<unknown>): string => (statement.subject[0] as { name: string }).name
  const attestations = new Map<string, Pep740Attestation>()
  for (const statement of indexStatements) attestations.set(nameOf(statement), attestationFromBundle(bundles.get(statement)!))
  const provenance = new Map<string, SerializedBundle>()
  for (const statement of releaseStatements) provenance.set(nameOf(statement), bundles.get(statement)!)
  const targets = attestations.size > 0 ? trusted.map(preflight => preflight.target) : []
  const lines: string[] = []
  if (attestations.size > 0) {
    logger.info(`Signed ${attestations.size} attestations once, for ${targets.join(' and ')}`)
    // 'for', not 'sent to': the message stays when an upload fails after signing
    lines.push(`PEP 740 attestations: ${attestations.size} files signed once for ${targets.join(', ')}`)
  }
  if (provenance.size > 0) {
    const before = existing > 0 ? ` (${existing} of them already on the release without it)` : ''
    logger.info(`Signed build provenance for ${provenance.size} GitHub Release assets${before}`)
    lines.push(`build provenance: ${provenance.size} GitHub Release assets signed${before}`)
  }
  if (skippedLine) lines.push(skippedLine)
  return { attestations, targets, annotations, summary: lines.join('; ') || undefined, provenance, provenanceSkipped: releaseSkipped ?? notBuiltHere }
}

/** What a signing pass signs, for the log: 'PEP 740 attestations for 2 files', 'build provenance for 2 GitHub Release assets', or both. */
function describePass(statements: readonly InTotoStatement<unknown>[]): string {
  const index = statements.filter(statement => statement.predicateType === PYPI_PUBLISH_V1).length
  const release = statements.length - index
  const parts: string[] = []
  if (index > 0) parts.push(`PEP 740 attestations for ${index} files`)
  if (release > 0) parts.push(`build provenance for ${release} GitHub Release assets`)
  return parts.join(' and ')
}

function sameEndpoints(a: SigstoreEndpoints, b: SigstoreEndpoints): boolean {
  return a.fulcioURL === b.fulcioURL && a.rekorURL === b.rekorURL && a.tsaURL === b.tsaURL
}

/** The repository's visibility as GitHub's ID tokens state it (repository_visibility); undefined when absent or unknown. */
function visibilityClaim(claims: Record<string, unknown> | undefined): RepositoryVisibility {
  const claimed = claims?.['repository_visibility']
  return claimed === 'public' || claimed === 'private' || claimed === 'internal' ? claimed : undefined
}

function claimsOrNothing(jwt: string): Record<string, unknown> | undefined {
  try {
    return claimsOf(jwt)
  } catch {
    return undefined
  }
}

/**
 * The notice for a private or internal repository whose files get PEP 740 attestations: PyPI verifies them only
 * against Sigstore's public-good instance (pypa/gh-action-pypi-publish signs the same way), so the signing
 * certificate, which names the repository and its workflow, is recorded in a public transparency log.
 */
function publicLogNotice(visibility: 'private' | 'internal', targets: DistributionTarget[], rekorURL: string): Annotation {
  return {
    level: 'notice',
    title: `PEP 740 attestations make this ${visibility} repository's name public`,
    message:
      `This repository is ${visibility}, and its files for ${targets.join(' and ')} are published with PEP 740 attestations, which PyPI verifies only against Sigstore's public-good instance. ` +
      `Each attestation's signing certificate names the repository (owner/name), the workflow file and its ref, the commit and the run, and it is recorded in the public transparency log (Rekor at ${rekorURL}) ` +
      'and shown with the file on the index, where anyone can read it, for good (pypa/gh-action-pypi-publish does the same). ' +
      'To keep them out of the public log, set the input `attestations: false`: nothing is signed then, and the files (and any GitHub Release assets) are published without provenance.'
  }
}

/** The claims of a JWT (the OIDC token Fulcio verifies; read here only to describe the workflow run). */
function claimsOf(jwt: string): Record<string, unknown> {
  const payload = jwt.split('.')[1]
  try {
    const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8')) as unknown
    if (claims && typeof claims === 'object') return claims as Record<string, unknown>
  } catch {
    // reported below, without the token
  }
  throw new SigningError("The workflow's OIDC token is not a JWT with claims; build provenance cannot be described", 'oidc')
}
