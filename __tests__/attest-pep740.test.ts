// PEP 740 attestation objects and Sigstore bundles, converted as pypi-attestations converts them. The
// bundle here is assembled by @sigstore/bundle (the same code @sigstore/sign packages with) around a
// certificate from @sigstore/mock's CA and a transparency entry in the protobuf-specs JSON form; that a
// really signed bundle survives the round trip and still verifies is in attest-sign.test.ts.
import { beforeAll, describe, expect, it } from '@jest/globals'
import { createHash, generateKeyPairSync, sign } from 'node:crypto'
import { bundleToJSON, toDSSEBundle, type SerializedBundle } from '@sigstore/bundle'
import { initializeCA } from '@sigstore/mock'
import {
  AttestationFormatError,
  attestationFromBundle,
  attestationStatement,
  attestationsFormValue,
  bundleFromAttestation,
  parseProvenance,
  type TransparencyLogEntryJSON
} from '../src/attest/pep740.js'
import { publishStatement, statementBytes } from '../src/attest/statements.js'

const FILE = { filename: 'demo-1.0.0-py3-none-any.whl', sha256: createHash('sha256').update('wheel').digest('hex') }

const ENTRY: TransparencyLogEntryJSON = {
  logIndex: '153454663',
  logId: { keyId: Buffer.alloc(32, 7).toString('base64') },
  kindVersion: { kind: 'dsse', version: '0.0.1' },
  integratedTime: '1733354041',
  inclusionPromise: { signedEntryTimestamp: Buffer.from('set').toString('base64') },
  inclusionProof: {
    logIndex: '31550401',
    rootHash: Buffer.alloc(32, 1).toString('base64'),
    treeSize: '31550402',
    hashes: [Buffer.alloc(32, 2).toString('base64')],
    checkpoint: { envelope: 'rekor.local - 1\n31550402\nroot\n\n— rekor.local sig\n' }
  },
  canonicalizedBody: Buffer.from('{"kind":"dsse"}').toString('base64')
}

let bundle: SerializedBundle
let certificateDER: Buffer

beforeAll(async () => {
  const keys = generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
  const ca = await initializeCA(generateKeyPairSync('ec', { namedCurve: 'prime256v1' }))
  const issued = await ca.issueCertificate({
    publicKey: keys.publicKey.export({ format: 'der', type: 'spki' }),
    subjectAltName: 'https://github.com/octo/demo/.github/workflows/release.yml@refs/tags/v1.0.0'
  })
  certificateDER = Buffer.from(issued.buffer, issued.byteOffset, issued.byteLength)
  const payload = statementBytes(publishStatement(FILE))
  const pae = Buffer.concat([Buffer.from(`DSSEv1 28 application/vnd.in-toto+json ${payload.length} `), payload])
  const built = toDSSEBundle({
    artifact: payload,
    artifactType: 'application/vnd.in-toto+json',
    signature: sign('sha256', pae, keys.privateKey),
    certificate: certificateDER
  })
  bundle = bundleToJSON(built)
  bundle.verificationMaterial.tlogEntries = [ENTRY]
})

describe('attestationFromBundle', () => {
  it("gives pypi-attestations' object: version 1, base64 DER certificate, the Rekor entries, base64 statement and signature", () => {
    const attestation = attestationFromBundle(bundle)
    expect(Object.keys(attestation)).toEqual(['version', 'verification_material', 'envelope'])
    expect(attestation.version).toBe(1)
    expect(Object.keys(attestation.verification_material)).toEqual(['certificate', 'transparency_entries'])
    expect(Buffer.from(attestation.verification_material.certificate, 'base64')).toEqual(certificateDER)
    expect(attestation.verification_material.transparency_entries).toEqual([ENTRY])
    expect(Object.keys(attestation.envelope)).toEqual(['statement', 'signature'])
    expect(Buffer.from(attestation.envelope.statement, 'base64')).toEqual(statementBytes(publishStatement(FILE)))
    expect(attestation.envelope.signature).toBe(bundle.dsseEnvelope?.signatures[0]?.sig)
    expect(attestationStatement(attestation)).toEqual(publishStatement(FILE))
  })

  it('takes the leaf of a certificate chain (bundle v0.1/v0.2 style)', () => {
    const chained = structuredClone(bundle) as any
    const leaf = chained.verificationMaterial.certificate
    delete chained.verificationMaterial.certificate
    chained.verificationMaterial.x509CertificateChain = { certificates: [leaf, { rawBytes: 'AAAA' }] }
    expect(attestationFromBundle(chained).verification_material.certificate).toBe(leaf.rawBytes)
  })

  it('refuses bundles PyPI would refuse: no Rekor entry, two signatures, another payload type, a message signature', () => {
    const noEntry = structuredClone(bundle)
    noEntry.verificationMaterial.tlogEntries = []
    expect(() => attestationFromBundle(noEntry)).toThrow(/no transparency log entry/)
    const twoSignatures = structuredClone(bundle)
    twoSignatures.dsseEnvelope!.signatures.push({ sig: 'AAAA', keyid: '' })
    expect(() => attestationFromBundle(twoSignatures)).toThrow(/2 signatures/)
    const otherType = structuredClone(bundle)
    otherType.dsseEnvelope!.payloadType = 'text/plain'
    expect(() => attestationFromBundle(otherType)).toThrow(/payload type/)
    const message = structuredClone(bundle) as any
    message.messageSignature = { messageDigest: { algorithm: 'SHA2_256', digest: 'AAAA' }, signature: 'AAAA' }
    delete message.dsseEnvelope
    expect(() => attestationFromBundle(message)).toThrow(AttestationFormatError)
  })
})

describe('bundleFromAttestation', () => {
  it('round-trips bundle -> attestation -> bundle to the same bundle, through JSON', () => {
    const wire = JSON.parse(attestationsFormValue([attestationFromBundle(bundle)])) as unknown[]
    expect(wire).toHaveLength(1)
    expect(bundleFromAttestation(wire[0])).toEqual(bundle)
  })

  it('refuses two attestations of one predicate type for one file, as warehouse would', () => {
    const attestation = attestationFromBundle(bundle)
    expect(() => attestationsFormValue([attestation, attestation])).toThrow(/Two attestations of predicate type/)
    expect(JSON.parse(attestationsFormValue([]))).toEqual([])
  })

  it("accepts pydantic's line-wrapped base64 and gives the bundle's unwrapped form", () => {
    const attestation = attestationFromBundle(bundle)
    const certificate = attestation.verification_material.certificate
    const wrapped = certificate.replace(/(.{76})/g, '$1\n')
    expect(wrapped).not.toBe(certificate)
    const again = bundleFromAttestation({
      ...attestation,
      verification_material: { ...attestation.verification_material, certificate: wrapped }
    })
    expect(again.verificationMaterial.certificate?.rawBytes).toBe(certificate)
  })

  it('names the field that is wrong', () => {
    const attestation = attestationFromBundle(bundle)
    expect(() => bundleFromAttestation({ ...attestation, version: 2 })).toThrow(/version is 2/)
    expect(() =>
      bundleFromAttestation({
        ...attestation,
        verification_material: { ...attestation.verification_material, transparency_entries: [] }
      })
    ).toThrow(/transparency_entries/)
    expect(() =>
      bundleFromAttestation({
        ...attestation,
        verification_material: { ...attestation.verification_material, certificate: Buffer.from('x').toString('base64') }
      })
    ).toThrow(/not a DER X.509 certificate/)
    expect(() => bundleFromAttestation({ ...attestation, envelope: { statement: '%%%', signature: 'AAAA' } })).toThrow(/envelope.statement is not base64/)
    const { inclusionPromise: _promise, ...withoutPromise } = ENTRY
    void _promise
    const { logId: _logId, ...withoutLogId } = withoutPromise
    void _logId
    expect(() =>
      bundleFromAttestation({
        ...attestation,
        verification_material: { ...attestation.verification_material, transparency_entries: [withoutLogId] }
      })
    ).toThrow(/not a valid Sigstore bundle/)
  })
})

describe('parseProvenance (the Integrity API answer)', () => {
  it('reads the attestation bundles with their publisher', () => {
    const attestation = attestationFromBundle(bundle)
    const answer = {
      version: 1,
      attestation_bundles: [
        {
          publisher: { kind: 'GitHub', repository: 'octo/demo', workflow: 'release.yml', environment: 'pypi' },
          attestations: [attestation]
        }
      ]
    }
    const provenance = parseProvenance(JSON.parse(JSON.stringify(answer)))
    expect(provenance.attestation_bundles[0]?.publisher).toEqual(answer.attestation_bundles[0]?.publisher)
    expect(provenance.attestation_bundles[0]?.attestations).toEqual([attestation])
    expect(bundleFromAttestation(provenance.attestation_bundles[0]?.attestations[0])).toEqual(bundle)
  })

  it('refuses an answer that is not a provenance object', () => {
    expect(() => parseProvenance({ version: 1 })).toThrow(/attestation_bundles/)
    expect(() => parseProvenance({ version: 1, attestation_bundles: [{ attestations: [] }] })).toThrow(/publisher/)
    expect(() => parseProvenance([])).toThrow(AttestationFormatError)
  })
})
