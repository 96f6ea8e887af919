// Verifies an attestation as its consumer would: the Sigstore bundle by @sigstore/verify against a
// trusted root (signature, certificate chain, transparency log or timestamp, signer identity), then the
// statement inside it against the file it claims to describe (one subject, its name and sha256, the
// predicate type), as warehouse checks an uploaded attestation and as we check what an index recorded.
import { bundleFromJSON, type SerializedBundle } from '@sigstore/bundle'
import { X509Certificate } from '@sigstore/core'
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
  /** Who must have signed; undefined: any identity the trusted root's CA certified (the caller compares `certified`). */
  identity: SignerIdentity | undefined
}

export interface VerifiedStatement {
  statement: { _type: string; subject: { name: string; digest: Record<string, string> }[]; predicateType: string; predicate: unknown }
  /** The certificate's subject alternative name, e.g. https://github.com/o/r/.github/workflows/x.yml@refs/tags/v1. */
  signer: string | undefined
  /** What the verified certificate says about the workflow that signed. */
  certified: CertifiedWorkflow
}

/** Fulcio's certificate extensions for a CI identity (sigstore/fulcio docs/oid-info.md), each a DER UTF8String. */
const FULCIO_OID = {
  issuerV1: '1.3.6.1.4.1.57264.1.1',
  issuerV2: '1.3.6.1.4.1.57264.1.8',
  sourceRepositoryUri: '1.3.6.1.4.1.57264.1.12',
  /** Source Repository Digest: "an immutable reference to a specific version of the source code" (GitHub: the `sha` claim). */
  sourceRepositoryDigest: '1.3.6.1.4.1.57264.1.13',
  buildConfigUri: '1.3.6.1.4.1.57264.1.18'
}

/**
 * What a Fulcio certificate says about the workflow it was issued to: the subject alternative name (the job's
 * workflow file at its ref, a reusable workflow's own), the OIDC issuer, the Source Repository URI and the
 * Build Config URI (the top-level workflow file at its ref, which PyPI compares with its trusted publisher).
 */
export interface CertifiedWorkflow {
  subjectAlternativeName: string | undefined
  issuer: string | undefined
  sourceRepositoryUri: string | undefined
  /** The commit the certified run built (Source Repository Digest): what says an attested file is a given commit's (publish/origin.ts). */
  sourceRepositoryDigest?: string
  buildConfigUri: string | undefined
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

/** A DER UTF8String's text (the value of Fulcio's v2 extensions). */
function derUtf8String(der: Buffer): string | undefined {
  if (der[0] !== 0x0c || der.length < 2) return undefined
  let length = der[1] as number
  let offset = 2
  if (length & 0x80) {
    const bytes = length & 0x7f
    length = 0
    for (let i = 0; i < bytes; i++) length = length * 256 + (der[2 + i] ?? 0)
    offset = 2 + bytes
  }
  return offset + length > der.length ? undefined : der.subarray(offset, offset + length).toString('utf8')
}

/**
 * The workflow a certificate (base64 of its DER, as bundles and PEP 740 carry it) names. Not a verification:
 * read a certificate the verifier accepted, or one this run received from Fulcio itself. Throws
 * AttestationVerificationError when it is not an X.509 certificate.
 */
export function certifiedWorkflow(certificate: string): CertifiedWorkflow {
  // one certificate signs every file of a run: the last one read is kept (parsing one takes about a millisecond)
  if (lastCertified?.certificate === certificate) return lastCertified.workflow
  const workflow = Object.freeze(readCertifiedWorkflow(certificate))
  lastCertified = { certificate, workflow }
  return workflow
}

let lastCertified: { certificate: string; workflow: CertifiedWorkflow } | undefined

function readCertifiedWorkflow(certificate: string): CertifiedWorkflow {
  let parsed: X509Certificate
  try {
    parsed = X509Certificate.parse(Buffer.from(certificate, 'base64'))
    const text = (oid: string): string | undefined => {
      const extension = parsed.extension(oid)
      return extension ? derUtf8String(extension.value) : undefined
    }
    return {
      subjectAlternativeName: parsed.subjectAltName,
      issuer: text(FULCIO_OID.issuerV2) ?? parsed.extension(FULCIO_OID.issuerV1)?.value.toString('utf8'),
      sourceRepositoryUri: text(FULCIO_OID.sourceRepositoryUri),
      sourceRepositoryDigest: text(FULCIO_OID.sourceRepositoryDigest),
      buildConfigUri: text(FULCIO_OID.buildConfigUri)
    }
  } catch (error) {
    throw new AttestationVerificationError(`The signing certificate cannot be read: ${messageOf(error)}`)
  }
}

/** An exact subject alternative name as a policy: @sigstore/verify reads a string as an unanchored regular expression. */
function exactly(name: string | RegExp): RegExp {
  return typeof name === 'string' ? new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) : name
}

/**
 * A verifier for a trusted root's trust material, made once and used for every bundle (its construction
 * is the costly part). The thresholds are PEP 740's: one transparency log entry, one timestamp.
 */
export function attestationVerifier(trust: TrustMaterial, options: VerifyOptions = {}): Verifier {
  return new Verifier(trust, { tlogThreshold: options.tlogThreshold ?? 1, timestampThreshold: options.timestampThreshold ?? 1 })
}

/**
 * Verifies one bundle and its statement; throws AttestationVerificationError saying what does not hold.
 * `trust` is trust material (a verifier is made for this call) or a verifier from attestationVerifier().
 * A string subject alternative name must match exactly.
 */
export function verifyAttestationBundle(
  bundle: SerializedBundle,
  trust: TrustMaterial | Verifier,
  expected: ExpectedStatement,
  options: VerifyOptions = {}
): VerifiedStatement {
  let signer: string | undefined
  let certified: CertifiedWorkflow
  try {
    const verifier = trust instanceof Verifier ? trust : attestationVerifier(trust, options)
    const identity = verifier.verify(
      toSignedEntity(bundleFromJSON(bundle)),
      expected.identity && {
        subjectAlternativeName: exactly(expected.identity.subjectAlternativeName),
        extensions: expected.identity.issuer ? { issuer: expected.identity.issuer } : undefined
      }
    )
    signer = identity.identity?.subjectAlternativeName
    // the leaf the verifier just accepted (a PEP 740 bundle carries the certificate alone)
    const material = bundle.verificationMaterial
    const leaf = material.certificate?.rawBytes ?? material.x509CertificateChain?.certificates[0]?.rawBytes
    certified = leaf
      ? certifiedWorkflow(leaf)
      : { subjectAlternativeName: signer, issuer: undefined, sourceRepositoryUri: undefined, buildConfigUri: undefined }
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
  return { statement, signer, certified }
}
