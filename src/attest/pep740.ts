// PEP 740 attestation objects <-> Sigstore bundles, as pypi-attestations converts them
// (`Attestation.from_bundle` / `to_bundle`): the index takes and serves the attestation object, the
// Sigstore verifier takes the bundle.
import { X509Certificate } from 'node:crypto'
import { BUNDLE_V03_MEDIA_TYPE, bundleFromJSON, bundleToJSON, type SerializedBundle } from '@sigstore/bundle'
import { IN_TOTO_PAYLOAD_TYPE } from './statements.js'

/** A Rekor entry in the protobuf-specs JSON form (dev.sigstore.rekor.v1.TransparencyLogEntry), as in a bundle. */
export type TransparencyLogEntryJSON = SerializedBundle['verificationMaterial']['tlogEntries'][number]

/** PEP 740's attestation object: what PyPI's upload takes (`attestations` field) and its Integrity API serves. */
export interface Pep740Attestation {
  version: 1
  verification_material: {
    /** base64(DER(signing certificate)). */
    certificate: string
    /** At least one Rekor entry for the signature and certificate. */
    transparency_entries: TransparencyLogEntryJSON[]
  }
  envelope: {
    /** base64 of the in-toto statement's bytes (the DSSE payload). */
    statement: string
    /** base64 of the DSSE signature. */
    signature: string
  }
}

/** A Trusted Publisher as the Integrity API names it, e.g. {kind: 'GitHub', repository, workflow, environment}. */
export interface Pep740Publisher {
  kind: string
  [claim: string]: unknown
}

/** PEP 740's provenance object (GET /integrity/<project>/<version>/<filename>/provenance). */
export interface Pep740Provenance {
  version: 1
  attestation_bundles: { publisher: Pep740Publisher; attestations: Pep740Attestation[] }[]
}

export class AttestationFormatError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'AttestationFormatError'
  }
}

/** The leaf certificate's DER, whichever way the bundle carries it. */
function certificateOf(bundle: SerializedBundle): string {
  const material = bundle.verificationMaterial
  if (material.certificate) return material.certificate.rawBytes
  const leaf = material.x509CertificateChain?.certificates[0]
  if (leaf) return leaf.rawBytes
  throw new AttestationFormatError('The Sigstore bundle has no signing certificate (signed with a key, not by Fulcio)')
}

/**
 * A Sigstore bundle (DSSE envelope, Fulcio certificate, Rekor entry) as a PEP 740 attestation object.
 * Refuses what the index would refuse: no envelope, not exactly one signature, no transparency entry.
 */
export function attestationFromBundle(bundle: SerializedBundle): Pep740Attestation {
  const envelope = bundle.dsseEnvelope
  if (!envelope) throw new AttestationFormatError('The Sigstore bundle holds a message signature, not a DSSE envelope')
  if (envelope.payloadType !== IN_TOTO_PAYLOAD_TYPE) {
    throw new AttestationFormatError(`The DSSE payload type is '${envelope.payloadType}', not ${IN_TOTO_PAYLOAD_TYPE}`)
  }
  if (envelope.signatures.length !== 1) {
    throw new AttestationFormatError(`The DSSE envelope has ${envelope.signatures.length} signatures; PEP 740 takes exactly one`)
  }
  // bundleToJSON leaves an empty list out
  const tlogEntries = bundle.verificationMaterial.tlogEntries ?? []
  if (tlogEntries.length === 0) {
    throw new AttestationFormatError(
      'The Sigstore bundle has no transparency log entry (signed with a timestamp authority only); PEP 740 requires a Rekor entry'
    )
  }
  return {
    version: 1,
    verification_material: {
      certificate: certificateOf(bundle),
      // pypi-attestations keeps the bundle's one entry; we keep all (the spec allows "one or more")
      transparency_entries: tlogEntries.map(entry => structuredClone(entry))
    },
    envelope: { statement: envelope.payload, signature: (envelope.signatures[0] as { sig: string }).sig }
  }
}

/**
 * The `attestations` form field of one file's upload: a JSON array of attestation objects. Warehouse
 * takes at most one attestation per predicate type per file, so a second one is refused here first.
 */
export function attestationsFormValue(attestations: readonly Pep740Attestation[]): string {
  const seen = new Set<string>()
  for (const attestation of attestations) {
    const { predicateType } = (attestationStatement(attestation) ?? {}) as { predicateType?: unknown }
    const type = String(predicateType)
    if (seen.has(type)) throw new AttestationFormatError(`Two attestations of predicate type ${type} for one file; PyPI takes one`)
    seen.add(type)
  }
  return JSON.stringify(attestations)
}

const BASE64 = /^[A-Za-z0-9+/\s]*={0,2}\s*$/

function base64Field(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '' || !BASE64.test(value)) {
    throw new AttestationFormatError(`Attestation field ${field} is not base64`)
  }
  // pydantic's Base64Bytes may wrap lines; the bundle's JSON form does not
  return Buffer.from(value, 'base64').toString('base64')
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Checks an attestation object's shape (as pypi-attestations' models do) and returns it typed. */
export function parseAttestation(value: unknown): Pep740Attestation {
  if (!isObject(value)) throw new AttestationFormatError('An attestation must be a JSON object')
  if (value['version'] !== 1) throw new AttestationFormatError(`Attestation version is ${JSON.stringify(value['version'])}, not 1`)
  const material = value['verification_material']
  const envelope = value['envelope']
  if (!isObject(material)) throw new AttestationFormatError('Attestation has no verification_material object')
  if (!isObject(envelope)) throw new AttestationFormatError('Attestation has no envelope object')
  const entries = material['transparency_entries']
  if (!Array.isArray(entries) || entries.length === 0 || !entries.every(isObject)) {
    throw new AttestationFormatError('Attestation verification_material.transparency_entries must be a non-empty list of objects')
  }
  const certificate = base64Field(material['certificate'], 'verification_material.certificate')
  try {
    new X509Certificate(Buffer.from(certificate, 'base64'))
  } catch {
    throw new AttestationFormatError('Attestation verification_material.certificate is not a DER X.509 certificate')
  }
  return {
    version: 1,
    verification_material: { certificate, transparency_entries: entries as TransparencyLogEntryJSON[] },
    envelope: {
      statement: base64Field(envelope['statement'], 'envelope.statement'),
      signature: base64Field(envelope['signature'], 'envelope.signature')
    }
  }
}

/**
 * The Sigstore bundle an attestation object stands for (v0.3, the certificate alone, the DSSE envelope
 * with the in-toto payload type), for @sigstore/verify. Throws AttestationFormatError on a malformed one.
 */
export function bundleFromAttestation(attestation: unknown): SerializedBundle {
  const parsed = parseAttestation(attestation)
  const candidate = {
    mediaType: BUNDLE_V03_MEDIA_TYPE,
    verificationMaterial: {
      certificate: { rawBytes: parsed.verification_material.certificate },
      tlogEntries: parsed.verification_material.transparency_entries,
      timestampVerificationData: { rfc3161Timestamps: [] }
    },
    dsseEnvelope: {
      payload: parsed.envelope.statement,
      payloadType: IN_TOTO_PAYLOAD_TYPE,
      signatures: [{ sig: parsed.envelope.signature, keyid: '' }]
    }
  }
  try {
    // @sigstore/bundle checks the transparency entries' fields on the way in
    return bundleToJSON(bundleFromJSON(candidate))
  } catch (error) {
    throw new AttestationFormatError(`Attestation is not a valid Sigstore bundle: ${error instanceof Error ? error.message : String(error)}`)
  }
}

/** The statement inside an attestation, parsed (not verified: verify the bundle first). */
export function attestationStatement(attestation: Pep740Attestation): unknown {
  return JSON.parse(Buffer.from(attestation.envelope.statement, 'base64').toString('utf8'))
}

/** Checks the Integrity API's provenance object and returns it typed. */
export function parseProvenance(value: unknown): Pep740Provenance {
  if (!isObject(value)) throw new AttestationFormatError('The provenance must be a JSON object')
  if (value['version'] !== 1) throw new AttestationFormatError(`Provenance version is ${JSON.stringify(value['version'])}, not 1`)
  const bundles = value['attestation_bundles']
  if (!Array.isArray(bundles)) throw new AttestationFormatError('Provenance has no attestation_bundles list')
  return {
    version: 1,
    attestation_bundles: bundles.map((bundle, index) => {
      if (!isObject(bundle) || !isObject(bundle['publisher']) || typeof bundle['publisher']['kind'] !== 'string') {
        throw new AttestationFormatError(`Provenance attestation_bundles[${index}] has no publisher with a kind`)
      }
      const attestations = bundle['attestations']
      if (!Array.isArray(attestations)) {
        throw new AttestationFormatError(`Provenance attestation_bundles[${index}] has no attestations list`)
      }
      return { publisher: bundle['publisher'] as Pep740Publisher, attestations: attestations.map(parseAttestation) }
    })
  }
}
