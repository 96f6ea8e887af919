// PEP 740 attestations for the index targets, signed once per run: after every preflight passed and
// before the first upload, one publish statement per file that some index target will upload with
// trusted publishing, each attestation then sent by every such target. (pypa's action signs per upload
// step and leaves the signatures beside the dist files, so a second index in the same job fails.)
import { attestationFromBundle, type Pep740Attestation } from '../attest/pep740.js'
import { SigningError, sigstoreSettings, signStatements } from '../attest/sign.js'
import { publishStatement } from '../attest/statements.js'
import type { Annotation, Logger, PreflightResult } from '../types.js'
import { DistributionTarget } from '../types.js'
import type { IdTokenSource } from './trusted.js'

export interface AttestationSettings {
  /** The SIGSTORE_* variables (RunnerEnvironment.sigstore): read only when there is something to sign, so a wrong one stops only a run that signs. */
  sigstoreEnv: Record<string, string | undefined>
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
  if (files.size === 0) return { attestations: new Map(), targets: [], annotations, summary: skippedLine }

  const statements = [...files].map(([filename, sha256]) => publishStatement({ filename, sha256 }))
  // The index instance: public-good whatever the repository's visibility (PyPI verifies against its root), unless SIGSTORE_* name another
  const { fulcioURL, rekorURL, tsaURL } = sigstoreSettings(settings.sigstoreEnv, undefined).index
  logger.info(
    `Signing PEP 740 attestations for ${files.size} files with Sigstore (Fulcio ${fulcioURL}${rekorURL ? `, Rekor ${rekorURL}` : ''}${tsaURL ? `, TSA ${tsaURL}` : ''})`
  )
  const signed = await signStatements(statements, {
    fulcioURL,
    rekorURL,
    tsaURL,
    identityToken: async () => {
      if (!idToken)
        throw new SigningError("There is no OIDC token outside GitHub Actions; Sigstore signing needs a job with 'permissions: id-token: write'", 'oidc')
      return idToken('sigstore')
    }
  })
  const attestations = new Map<string, Pep740Attestation>()
  for (const { statement, bundle } of signed) attestations.set((statement.subject[0] as { name: string }).name, attestationFromBundle(bundle))
  const targets = trusted.map(preflight => preflight.target)
  logger.info(`Signed ${attestations.size} attestations once, for ${targets.join(' and ')}`)
  // 'for', not 'sent to': the message stays when an upload fails after signing
  const attached = `PEP 740 attestations: ${attestations.size} files signed once for ${targets.join(', ')}`
  return { attestations, targets, annotations, summary: skippedLine ? `${attached}; ${skippedLine}` : attached }
}
