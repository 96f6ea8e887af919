// Verifies an attestation as its consumer would: the Sigstore bundle by @sigstore/verify against a
// trusted root (signature, certificate chain, transparency log or timestamp, signer identity), then the
// statement inside it against the file it claims to describe (one subject, its name and sha256, the
// predicate type), as warehouse checks an uploaded attestation and as we check what an index recorded.
import { bundleFromJSON, type SerializedBundle } from '@sigstore/bundle'
// not in package.json yet: @sigstore/verify's own dependency, the only parser of trusted_root.json
import { TrustedRoot } from '@sigstore/protobuf-specs'
import { toSignedEntity, toTrustMaterial, Verifier, type TrustMaterial } from '@sigstore/verify'
import { IN_TOTO_PAYLOAD_TYPE, IN_TOTO_STATEMENT_V1, type WorkflowRun } from './statements.js'

export const GITHUB_ACTIONS_ISSUER = 'https://token.actions.githubusercontent.com'

/** Who must have signed: the certificate's subject alternative name and OIDC issuer. */
export interface SignerIdentity {
  subjectAlternativeName: string | RegExp
  issuer?: string
}

export interface ExpectedStatement {
  filename: string
  sha256: string
  predicateType: string
  identity: SignerIdentity
}

export interface VerifiedStatement {
  statement: { _type: string; subject: { name: string; digest: Record<string, string> }[]; predicateType: string; predicate: unknown }
  /** The certificate's subject alternative name, e.g. https://github.com/o/r/.github/workflows/x.yml@refs/tags/v1. */
  signer: string | undefined
}

export class AttestationVerificationError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'AttestationVerificationError'
  }
}

/** The trust material of a trusted_root.json (SIGSTORE_TRUSTED_ROOT's file, already parsed). */
export function trustMaterialFromJSON(json: unknown): TrustMaterial {
  try {
    return toTrustMaterial(TrustedRoot.fromJSON(json))
  } catch (error) {
    throw new AttestationVerificationError(`The trusted root is not a Sigstore trusted_root.json: ${error instanceof Error ? error.message : String(error)}`)
  }
}

/** The identity Fulcio certifies for a GitHub Actions job: the job's workflow file at its ref. */
export function workflowIdentity(run: WorkflowRun, issuer = GITHUB_ACTIONS_ISSUER): SignerIdentity {
  const server = run.serverUrl.replace(/\/+$/, '')
  return { subjectAlternativeName: `${server}/${run.jobWorkflowRef ?? run.workflowRef}`, issuer }
}

export interface VerifyOptions {
  /** Rekor entries required (default 1: what PEP 740 requires). */
  tlogThreshold?: number
  /** Timestamps required, from the log or a TSA (default 1). */
  timestampThreshold?: number
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/** Verifies one bundle and its statement; throws AttestationVerificationError saying what does not hold. */
export function verifyAttestationBundle(
  bundle: SerializedBundle,
  trust: TrustMaterial,
  expected: ExpectedStatement,
  options: VerifyOptions = {}
): VerifiedStatement {
  let signer: string | undefined
  try {
    const verifier = new Verifier(trust, {
      tlogThreshold: options.tlogThreshold ?? 1,
      timestampThreshold: options.timestampThreshold ?? 1
    })
    const identity = verifier.verify(toSignedEntity(bundleFromJSON(bundle)), {
      subjectAlternativeName: expected.identity.subjectAlternativeName,
      extensions: expected.identity.issuer ? { issuer: expected.identity.issuer } : undefined
    })
    signer = identity.identity?.subjectAlternativeName
  } catch (error) {
    throw new AttestationVerificationError(`The attestation for ${expected.filename} does not verify: ${messageOf(error)}`)
  }

  const envelope = bundle.dsseEnvelope
  if (!envelope || envelope.payloadType !== IN_TOTO_PAYLOAD_TYPE) {
    throw new AttestationVerificationError(`The attestation for ${expected.filename} does not hold an in-toto statement`)
  }
  let statement: VerifiedStatement['statement']
  try {
    statement = JSON.parse(Buffer.from(envelope.payload, 'base64').toString('utf8')) as VerifiedStatement['statement']
  } catch {
    throw new AttestationVerificationError(`The attestation for ${expected.filename} holds a statement that is not JSON`)
  }
  const where = `The attestation for ${expected.filename}`
  if (statement?._type !== IN_TOTO_STATEMENT_V1) throw new AttestationVerificationError(`${where} is not an in-toto v1 statement`)
  if (!Array.isArray(statement.subject) || statement.subject.length !== 1) {
    throw new AttestationVerificationError(`${where} must have exactly one subject`)
  }
  const [subject] = statement.subject as [VerifiedStatement['statement']['subject'][number]]
  if (typeof subject !== 'object' || subject === null) throw new AttestationVerificationError(`${where} has a malformed subject`)
  if (subject.name !== expected.filename) {
    throw new AttestationVerificationError(`${where} names another file: '${subject.name}'`)
  }
  if (subject.digest?.['sha256'] !== expected.sha256) {
    throw new AttestationVerificationError(`${where} has another sha256: ${String(subject.digest?.['sha256'])}`)
  }
  if (statement.predicateType !== expected.predicateType) {
    throw new AttestationVerificationError(`${where} has predicate type ${statement.predicateType}, not ${expected.predicateType}`)
  }
  return { statement, signer }
}
