// PEP 740 attestations as warehouse checks them on upload (warehouse/attestations/services.py, which calls
// pypi-attestations' Attestation.verify): the `attestations` form field parsed as pydantic's
// list[Attestation], each attestation turned into a Sigstore bundle (pypi-attestations' to_bundle: a DSSE
// envelope of type application/vnd.in-toto+json, the certificate, the first transparency entry) and verified
// by the real verifier (@sigstore/verify) against the trusted root handed in, then the certificate's identity
// checked against the trusted publisher (pypi-attestations' _GitHubTrustedPublisherPolicy), then the
// statement's one subject against the uploaded file. Each refusal carries warehouse's message.
import { bundleFromJSON } from '@sigstore/bundle'
import { X509Certificate } from '@sigstore/core'
import { TrustedRoot } from '@sigstore/protobuf-specs'
import { Verifier, toSignedEntity, toTrustMaterial, type TrustMaterial, type VerifierOptions } from '@sigstore/verify'
import { compare as compareVersions, valid as validVersion } from '@renovatebot/pep440'
import { pyRepr, pyType, pyValue } from './python-repr.js'

export const PUBLISH_V1 = 'https://docs.pypi.org/attestations/publish/v1'
export const SLSA_PROVENANCE_V1 = 'https://slsa.dev/provenance/v1'
/** pypi-attestations' AttestationType: the predicate types warehouse's SUPPORTED_ATTESTATION_TYPES accepts (both). */
const ATTESTATION_TYPES = [SLSA_PROVENANCE_V1, PUBLISH_V1]
const IN_TOTO = 'application/vnd.in-toto+json'
const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com'
const OID = {
  issuerV2: '1.3.6.1.4.1.57264.1.8',
  sourceRepositoryUri: '1.3.6.1.4.1.57264.1.12',
  sourceRepositoryDigest: '1.3.6.1.4.1.57264.1.13',
  sourceRepositoryRef: '1.3.6.1.4.1.57264.1.14',
  buildConfigUri: '1.3.6.1.4.1.57264.1.18'
}

/** How the index verifies attestations: the trusted root (or trust material built from one), and the verifier's thresholds. */
export interface AttestationOptions {
  /** A trusted_root.json's content (Sigstore's TrustedRoot, in its JSON form). */
  trustedRoot?: unknown
  /** Trust material already built (@sigstore/verify's toTrustMaterial); used instead of trustedRoot. */
  trustMaterial?: TrustMaterial
  /** The verifier's thresholds (@sigstore/verify's defaults: one SCT, one tlog entry, one timestamp, as public-good Sigstore requires). */
  verifier?: VerifierOptions
}

/** pypi-attestations' GitHubPublisher, as warehouse's attestation_identity gives it and the Integrity API shows it. */
export interface GitHubIdentity {
  kind: 'GitHub'
  repository: string
  workflow: string
  environment: string | null
}

/** A PEP 740 attestation object (pypi-attestations' Attestation, as model_dump(mode="json") writes it). */
export interface Attestation {
  version: 1
  verification_material: { certificate: string; transparency_entries: Array<Record<string, unknown>> }
  envelope: { statement: string; signature: string }
}

export interface Provenance {
  version: 1
  attestation_bundles: Array<{ publisher: GitHubIdentity; attestations: Attestation[] }>
}

/** Warehouse's AttestationUploadError: the text after "Invalid attestations supplied during upload: ". */
export class AttestationUploadError extends Error {}

/** pypi-attestations' VerificationError (its text starts "Verification failed: "). */
class VerificationError extends Error {
  constructor(message: string) {
    super(`Verification failed: ${message}`)
  }
}

export function trustMaterialFrom(options: AttestationOptions): TrustMaterial {
  if (options.trustMaterial) return options.trustMaterial
  if (!options.trustedRoot) throw new Error('attestations need a trustedRoot or trustMaterial')
  return toTrustMaterial(TrustedRoot.fromJSON(options.trustedRoot))
}

/**
 * Warehouse's IntegrityService.parse_attestations: the attestations, verified against the file, or an
 * AttestationUploadError with warehouse's text. `identity` is undefined for an upload not made with a
 * token minted by trusted publishing.
 */
export function parseAttestations(
  field: string,
  identity: GitHubIdentity | undefined,
  dist: { name: string; digest: string },
  verifier: Verifier
): Attestation[] {
  if (!identity) throw new AttestationUploadError('Attestations are only supported when using Trusted Publishing')
  const attestations = validateAttestations(field)
  if (typeof attestations === 'string') throw new AttestationUploadError(`Malformed attestations: ${attestations}`)
  if (attestations.length === 0) throw new AttestationUploadError('Malformed attestations: an empty attestation set is not permitted')
  if (attestations.length > ATTESTATION_TYPES.length) {
    throw new AttestationUploadError(`A maximum of ${ATTESTATION_TYPES.length} attestations per file are supported`)
  }
  const seen = new Set<string>()
  for (const attestation of attestations) {
    let predicateType: string
    try {
      predicateType = verifyAttestation(attestation, identity, dist, verifier)
    } catch (error) {
      if (error instanceof VerificationError) {
        throw new AttestationUploadError(`Could not verify the uploaded artifact using the included attestation: ${error.message}`)
      }
      throw new AttestationUploadError(`Unknown error while trying to verify included attestations: ${(error as Error).message}`)
    }
    // (Warehouse's "unsupported predicate type" refusal cannot fire: verify() already refused any type
    // outside AttestationType, and warehouse supports both.)
    if (seen.has(predicateType)) {
      throw new AttestationUploadError(`Multiple attestations for the same file with the same predicate type (${predicateType}) are not supported`)
    }
    seen.add(predicateType)
  }
  return attestations
}

/** pypi-attestations' Attestation.verify(identity, dist): the predicate type, or a VerificationError / another error. */
function verifyAttestation(attestation: Attestation, identity: GitHubIdentity, dist: { name: string; digest: string }, verifier: Verifier): string {
  const statementBytes = Buffer.from(attestation.envelope.statement, 'base64')
  const certificateBytes = Buffer.from(attestation.verification_material.certificate, 'base64')
  // to_bundle: the certificate must parse (ConversionError, which warehouse reports as an unknown error).
  let certificate: X509Certificate
  try {
    certificate = X509Certificate.parse(certificateBytes)
    void certificate.extensions
  } catch {
    throw new Error('invalid X.509 certificate')
  }
  let bundle
  try {
    bundle = bundleFromJSON({
      mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
      verificationMaterial: {
        certificate: { rawBytes: certificateBytes.toString('base64') },
        tlogEntries: [attestation.verification_material.transparency_entries[0]],
        timestampVerificationData: { rfc3161Timestamps: [] }
      },
      dsseEnvelope: {
        payload: statementBytes.toString('base64'),
        payloadType: IN_TOTO,
        signatures: [{ sig: Buffer.from(attestation.envelope.signature, 'base64').toString('base64'), keyid: '' }]
      }
    })
  } catch {
    throw new Error('invalid transparency log entry')
  }

  // verify_dsse: the certificate chain to the trusted root, the transparency entry (signed entry timestamp or
  // inclusion proof, and that its body is this envelope and certificate), the signature; then the policy.
  try {
    verifier.verify(toSignedEntity(bundle))
  } catch (error) {
    throw new VerificationError((error as Error).message)
  }
  githubPublisherPolicy(certificate, identity)

  let statement: unknown
  try {
    statement = JSON.parse(statementBytes.toString('utf8'))
  } catch (error) {
    throw new VerificationError(`invalid statement: ${(error as Error).message}`)
  }
  const subjects = isObject(statement) ? statement['subject'] : undefined
  if (
    !isObject(statement) ||
    statement['_type'] !== 'https://in-toto.io/Statement/v1' ||
    !Array.isArray(subjects) ||
    typeof statement['predicateType'] !== 'string'
  ) {
    throw new VerificationError('invalid statement: not an in-toto v1 Statement with subject and predicateType')
  }
  if (subjects.length !== 1) throw new VerificationError('too many subjects in statement (must be exactly one)')
  const subject = subjects[0] as Record<string, unknown>
  const name = isObject(subject) && typeof subject['name'] === 'string' ? subject['name'] : ''
  if (!name) throw new VerificationError('invalid subject: missing name')
  const parsedSubject = parseDistFilename(name)
  if (typeof parsedSubject === 'string') throw new VerificationError(`invalid subject: ${parsedSubject}`)
  const parsedDist = parseDistFilename(dist.name)
  if (typeof parsedDist === 'string' || !sameDist(parsedSubject, parsedDist)) {
    throw new VerificationError(`subject does not match distribution name: ${name} != ${dist.name}`)
  }
  const digest = isObject(subject['digest']) ? subject['digest']['sha256'] : undefined
  if (digest === undefined || digest !== dist.digest) throw new VerificationError('subject does not match distribution digest')
  const predicateType = statement['predicateType']
  if (!ATTESTATION_TYPES.includes(predicateType)) throw new VerificationError(`unknown attestation type: ${predicateType}`)
  return predicateType
}

/**
 * pypi-attestations' _GitHubTrustedPublisherPolicy: issuer (V2) GitHub's, source repository URI the
 * publisher's repository, and the Build Config URI the publisher's workflow at the certificate's own
 * digest or ref. (The environment is not in the certificate and is not checked, as there.)
 */
function githubPublisherPolicy(certificate: X509Certificate, identity: GitHubIdentity): void {
  const single = (name: string, oid: string, expected: string): void => {
    const value = extensionString(certificate, oid)
    if (value === undefined) throw new VerificationError(`Certificate does not contain ${name} (${oid}) extension`)
    if (value !== expected) throw new VerificationError(`Certificate's ${name} does not match (got ${value}, expected ${expected})`)
  }
  single('OIDCIssuerV2', OID.issuerV2, GITHUB_ISSUER)
  single('OIDCSourceRepositoryURI', OID.sourceRepositoryUri, `https://github.com/${identity.repository}`)
  const extension = certificate.extension(OID.buildConfigUri)
  // cryptography's ExtensionNotFound, which is no VerificationError: warehouse reports it as an unknown error.
  if (!extension) throw new Error(`No <ObjectIdentifier(oid=${OID.buildConfigUri}, name=Unknown OID)> extension was found`)
  const buildConfigUri = derUtf8String(extension.value)
  const suffixes = [OID.sourceRepositoryDigest, OID.sourceRepositoryRef].map(oid => extensionString(certificate, oid)).filter(v => v !== undefined)
  if (suffixes.length === 0) throw new VerificationError('Certificate must contain either Source Repository Digest or Source Repository Ref')
  for (const suffix of suffixes) {
    if (buildConfigUri === `https://github.com/${identity.repository}/.github/workflows/${identity.workflow}@${suffix}`) return
  }
  // Sic: warehouse formats the extension object itself (cryptography's repr), not its value.
  const repr = `<Extension(oid=<ObjectIdentifier(oid=${OID.buildConfigUri}, name=Unknown OID)>, critical=${extension.critical ? 'True' : 'False'}, value=<UnrecognizedExtension(oid=<ObjectIdentifier(oid=${OID.buildConfigUri}, name=Unknown OID)>, value=${pyBytes(extension.value)})>)>`
  throw new VerificationError(
    `Certificate's Build Config URI (${repr}) does not match expected Trusted Publisher (${identity.workflow} @ ${identity.repository})`
  )
}

function extensionString(certificate: X509Certificate, oid: string): string | undefined {
  const extension = certificate.extension(oid)
  return extension ? derUtf8String(extension.value) : undefined
}

/** A DER UTF8String's text (pyasn1's decode as UTF8String, as pypi-attestations and sigstore-python do). */
function derUtf8String(der: Buffer): string {
  if (der[0] !== 0x0c) throw new Error('extension value is not a DER UTF8String')
  let length = der[1] ?? 0
  let offset = 2
  if (length & 0x80) {
    const bytes = length & 0x7f
    length = 0
    for (let i = 0; i < bytes; i++) length = length * 256 + (der[2 + i] ?? 0)
    offset = 2 + bytes
  }
  return der.subarray(offset, offset + length).toString('utf8')
}

/** Python's repr of bytes. */
function pyBytes(bytes: Buffer): string {
  let out = ''
  for (const byte of bytes) {
    if (byte === 0x5c) out += '\\\\'
    else if (byte === 0x27) out += "\\'"
    else if (byte === 0x09) out += '\\t'
    else if (byte === 0x0a) out += '\\n'
    else if (byte === 0x0d) out += '\\r'
    else if (byte >= 0x20 && byte < 0x7f) out += String.fromCharCode(byte)
    else out += `\\x${byte.toString(16).padStart(2, '0')}`
  }
  return `b'${out}'`
}

type DistName = { name: string; version: string; build?: string; tags?: string }

/**
 * packaging's parse_wheel_filename / parse_sdist_filename as pypi-attestations' _check_dist_filename calls
 * them: the canonical name, the version (compared as PEP 440 versions), the build tag and the expanded tag
 * set; or the error's text.
 */
function parseDistFilename(filename: string): DistName | string {
  const canonical = (name: string): string => name.replace(/[-_.]+/g, '-').toLowerCase()
  if (filename.endsWith('.whl')) {
    const parts = filename.slice(0, -4).split('-')
    if (parts.length !== 5 && parts.length !== 6) return `Invalid wheel filename (wrong number of parts): ${pyRepr(filename)}`
    const [name, version] = parts as [string, string]
    if (name.includes('__') || !/^[\w.]*$/u.test(name)) return `Invalid project name: ${pyRepr(filename)}`
    if (!validVersion(version)) return `Invalid wheel filename (invalid version): ${pyRepr(filename)}`
    let build: string | undefined
    if (parts.length === 6) {
      build = parts[2] as string
      const match = /^(\d+)(.*)$/.exec(build)
      if (!match) return `Invalid build number: ${build} in ${pyRepr(filename)}`
      build = `${Number(match[1])}${match[2]}`
    }
    const [python, abi, platform] = parts.slice(-3) as [string, string, string]
    const tags = new Set<string>()
    for (const p of python.split('.')) for (const a of abi.split('.')) for (const pl of platform.split('.')) tags.add(`${p}-${a}-${pl}`.toLowerCase())
    return { name: canonical(name), version, build, tags: [...tags].sort().join(' ') }
  }
  if (filename.endsWith('.tar.gz') || filename.endsWith('.zip')) {
    const stem = filename.endsWith('.zip') ? filename.slice(0, -4) : filename.slice(0, -7)
    const dash = stem.lastIndexOf('-')
    if (dash < 0) return `Invalid sdist filename (invalid version): ${pyRepr(filename)}`
    const [name, version] = [stem.slice(0, dash), stem.slice(dash + 1)]
    if (!validVersion(version)) return `Invalid sdist filename (invalid version): ${pyRepr(filename)}`
    return { name: canonical(name), version }
  }
  return `unknown distribution format: ${filename}`
}

const sameDist = (a: DistName, b: DistName): boolean =>
  a.name === b.name && compareVersions(a.version, b.version) === 0 && a.build === b.build && a.tags === b.tags

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)

export function makeVerifier(options: AttestationOptions): Verifier {
  return new Verifier(trustMaterialFrom(options), options.verifier)
}

// ---- pydantic's TypeAdapter(list[Attestation]).validate_json ------------------------------------

/** Python's base64.b64decode (non-strict: characters outside the alphabet are dropped first): the error text, if any. */
function base64Error(text: string): string | undefined {
  const data = text.replace(/[^A-Za-z0-9+/=]/g, '')
  const stripped = data.replace(/=+$/, '')
  if (stripped.includes('=')) return 'Incorrect padding'
  const chars = stripped.length
  if (chars % 4 === 1) return `Invalid base64-encoded string: number of data characters (${chars}) cannot be 1 more than a multiple of 4`
  if ((chars + (data.length - stripped.length)) % 4 !== 0) return 'Incorrect padding'
  return undefined
}

/**
 * The attestations, or pydantic's ValidationError text for list[Attestation] (its layout and wording; left
 * out are the trailing "For further information visit …" links, the JSON parser's account of where invalid
 * JSON stopped, and pydantic's shortening of long input values).
 */
export function validateAttestations(text: string): Attestation[] | string {
  const errors: string[] = []
  const error = (loc: string, message: string, type: string, input: unknown): void => {
    errors.push(`${loc ? `${loc}\n` : ''}  ${message} [type=${type}, input_value=${pyValue(input)}, input_type=${pyType(input)}]`)
  }
  const report = (): string => `${errors.length} validation error${errors.length === 1 ? '' : 's'} for list[Attestation]\n${errors.join('\n')}`
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    error('', 'Invalid JSON', 'json_invalid', text)
    return report()
  }
  if (!Array.isArray(value)) {
    error('', 'Input should be a valid list', 'list_type', value)
    return report()
  }
  const model = (loc: string, input: unknown, name: string): input is Record<string, unknown> => {
    if (isObject(input)) return true
    error(loc, `Input should be a valid dictionary or instance of ${name}`, 'model_type', input)
    return false
  }
  const bytes = (loc: string, parent: Record<string, unknown>, key: string): void => {
    const input = parent[key]
    if (input === undefined) return error(`${loc}.${key}`, 'Field required', 'missing', parent)
    if (typeof input !== 'string') return error(`${loc}.${key}`, 'Input should be a valid bytes', 'bytes_type', input)
    const why = base64Error(input)
    if (why) error(`${loc}.${key}`, `Base64 decoding error: ${pyRepr(why)}`, 'base64_decode', input)
  }
  value.forEach((item, index) => {
    const loc = String(index)
    if (!model(loc, item, 'Attestation')) return
    if (item['version'] === undefined) error(`${loc}.version`, 'Field required', 'missing', item)
    else if (item['version'] !== 1) error(`${loc}.version`, 'Input should be 1', 'literal_error', item['version'])
    const material = item['verification_material']
    if (material === undefined) error(`${loc}.verification_material`, 'Field required', 'missing', item)
    else if (model(`${loc}.verification_material`, material, 'VerificationMaterial')) {
      bytes(`${loc}.verification_material`, material, 'certificate')
      const entries = material['transparency_entries']
      const at = `${loc}.verification_material.transparency_entries`
      if (entries === undefined) error(at, 'Field required', 'missing', material)
      else if (!Array.isArray(entries)) error(at, 'Input should be a valid list', 'list_type', entries)
      else {
        entries.forEach((entry, i) => {
          if (!isObject(entry)) error(`${at}.${i}`, 'Input should be a valid dictionary', 'dict_type', entry)
        })
        if (entries.length === 0) error(at, 'List should have at least 1 item after validation, not 0', 'too_short', entries)
      }
    }
    const envelope = item['envelope']
    if (envelope === undefined) error(`${loc}.envelope`, 'Field required', 'missing', item)
    else if (model(`${loc}.envelope`, envelope, 'Envelope')) {
      bytes(`${loc}.envelope`, envelope, 'statement')
      bytes(`${loc}.envelope`, envelope, 'signature')
    }
  })
  if (errors.length > 0) return report()
  // model_dump(mode="json"): the fields pydantic keeps (extra keys are ignored), the bytes base64 again.
  return (value as Array<Record<string, any>>).map(item => ({
    version: 1,
    verification_material: {
      certificate: Buffer.from(item['verification_material']['certificate'], 'base64').toString('base64'),
      transparency_entries: item['verification_material']['transparency_entries']
    },
    envelope: {
      statement: Buffer.from(item['envelope']['statement'], 'base64').toString('base64'),
      signature: Buffer.from(item['envelope']['signature'], 'base64').toString('base64')
    }
  }))
}
