// Signs in-toto statements with Sigstore: a Fulcio certificate for the workflow's OIDC identity, a DSSE
// envelope, and a Rekor entry or an RFC 3161 timestamp as witness (@sigstore/sign, as @actions/attest
// uses it). One certificate serves every statement of a call, as sigstore-python's cached signer does
// for pypa/gh-action-pypi-publish: one OIDC token and one Fulcio round trip per run, not per file.
import { generateKeyPairSync, sign as cryptoSign, type KeyObject } from 'node:crypto'
import { bundleToJSON, type SerializedBundle } from '@sigstore/bundle'
import { DSSEBundleBuilder, FulcioSigner, InternalError, RekorWitness, TSAWitness, type Signature, type Signer, type Witness } from '@sigstore/sign'
import { IN_TOTO_PAYLOAD_TYPE, statementBytes, type InTotoStatement } from './statements.js'

/** The public-good instance, and GitHub's own for private repositories (@actions/attest src/endpoints.ts). */
export const PUBLIC_GOOD_FULCIO_URL = 'https://fulcio.sigstore.dev'
export const PUBLIC_GOOD_REKOR_URL = 'https://rekor.sigstore.dev'
export const GITHUB_FULCIO_URL = 'https://fulcio.githubapp.com'
export const GITHUB_TSA_URL = 'https://timestamp.githubapp.com'

export interface SigstoreEndpoints {
  fulcioURL: string
  /** A Rekor witness: the entry goes to this transparency log. */
  rekorURL?: string
  /** A timestamp-authority witness (GitHub's instance has no public log). */
  tsaURL?: string
}

export interface SigstoreSettings {
  /** For GitHub artifact attestations: by repository visibility, as @actions/attest chooses. */
  github: SigstoreEndpoints
  /**
   * For PEP 740 attestations: the public-good instance whatever the visibility, because an index
   * attestation must carry a transparency log entry and PyPI verifies against the public-good root.
   */
  index: SigstoreEndpoints
  /** 'public-good' / 'github' (by visibility) or 'environment' (SIGSTORE_* URLs set). */
  source: 'public-good' | 'github' | 'environment'
  /** SIGSTORE_TRUSTED_ROOT: a trusted_root.json path for verification; undefined means the public roots. */
  trustedRootPath?: string
}

export type RepositoryVisibility = 'public' | 'private' | 'internal' | undefined

function serviceURL(env: Record<string, string | undefined>, name: string): string | undefined {
  const value = env[name]?.trim()
  if (!value) return undefined
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new Error(`${name} '${value}' is not a URL; set it to the service's base URL, e.g. https://fulcio.example.com`)
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new Error(`${name} '${value}' must be an http(s) URL`)
  }
  return value.replace(/\/+$/, '')
}

/**
 * Which Sigstore services sign, from the environment object (src/env.ts passes it) and the repository's
 * visibility. Any SIGSTORE_FULCIO_URL / SIGSTORE_REKOR_URL / SIGSTORE_TSA_URL replaces the defaults as a
 * whole (a private deployment or a test instance), so a run never mixes its Fulcio with public Rekor.
 */
export function sigstoreSettings(env: Record<string, string | undefined>, repositoryVisibility: RepositoryVisibility): SigstoreSettings {
  const fulcioURL = serviceURL(env, 'SIGSTORE_FULCIO_URL')
  const rekorURL = serviceURL(env, 'SIGSTORE_REKOR_URL')
  const tsaURL = serviceURL(env, 'SIGSTORE_TSA_URL')
  const trustedRootPath = env['SIGSTORE_TRUSTED_ROOT']?.trim() || undefined
  if (fulcioURL || rekorURL || tsaURL) {
    if (!fulcioURL) {
      throw new Error('SIGSTORE_REKOR_URL or SIGSTORE_TSA_URL is set without SIGSTORE_FULCIO_URL; a private Sigstore deployment needs its Fulcio too')
    }
    if (!rekorURL && !tsaURL) {
      throw new Error('SIGSTORE_FULCIO_URL is set without SIGSTORE_REKOR_URL or SIGSTORE_TSA_URL; a signature needs a witness')
    }
    const endpoints: SigstoreEndpoints = { fulcioURL, rekorURL, tsaURL }
    return { github: endpoints, index: endpoints, source: 'environment', trustedRootPath }
  }
  const publicGood: SigstoreEndpoints = { fulcioURL: PUBLIC_GOOD_FULCIO_URL, rekorURL: PUBLIC_GOOD_REKOR_URL }
  if (repositoryVisibility === 'public') {
    return { github: publicGood, index: publicGood, source: 'public-good', trustedRootPath }
  }
  return {
    github: { fulcioURL: GITHUB_FULCIO_URL, tsaURL: GITHUB_TSA_URL },
    index: publicGood,
    source: 'github',
    trustedRootPath
  }
}

export interface SignOptions extends SigstoreEndpoints {
  /** The runner's OIDC token for audience 'sigstore' (core.getIDToken('sigstore')); asked for once. */
  identityToken: () => Promise<string>
  /** Per request to Fulcio, Rekor or the TSA (default 10 s, as @actions/attest). */
  timeoutMs?: number
  /** Retries of a failed request, for 5xx, 408, 429 and network errors (default 3, as @actions/attest). */
  retry?: number
  /**
   * At most this many statements in flight after the first (default 8). Signing is a round trip to Rekor (or the
   * TSA) per statement: on two cores width makes no difference over loopback (2 to 21: within noise), and over
   * a 30 ms round trip 8 signs 21 statements in 460 ms where 4 took 530 ms and 1 took 990 ms (bench/link.mjs).
   */
  concurrency?: number
}

export interface SignedStatement<S extends InTotoStatement<unknown> = InTotoStatement<unknown>> {
  statement: S
  /** The Sigstore bundle (v0.3, DSSE envelope), in its JSON form. */
  bundle: SerializedBundle
}

/** Why signing failed, without the token: what the user can fix (permission or service) is in the message. */
export class SigningError extends Error {
  constructor(
    message: string,
    readonly service: 'oidc' | 'fulcio' | 'rekor' | 'tsa' | 'statement'
  ) {
    super(message)
    this.name = 'SigningError'
  }
}

// Fulcio certificates live 10 minutes; a fresh one is asked for before the last minute
const CERTIFICATE_REUSE_MS = 8 * 60 * 1000

/**
 * A Signer that holds one ephemeral P-256 key and one Fulcio certificate for it, renewed when old.
 * (@sigstore/sign's FulcioSigner asks for a new token and certificate on every signature.)
 */
class ReusedCertificateSigner implements Signer {
  private readonly key: { privateKey: KeyObject; publicKeyPEM: string }
  private readonly keyHolder: Signer
  private certificate?: Promise<{ pem: string; issuedAt: number }>

  constructor(private readonly fulcio: (keyHolder: Signer) => FulcioSigner) {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    this.key = { privateKey, publicKeyPEM: publicKey.export({ format: 'pem', type: 'spki' }).toString('ascii') }
    this.keyHolder = {
      sign: async (data: Buffer): Promise<Signature> => ({
        signature: cryptoSign('sha256', data, this.key.privateKey),
        key: { $case: 'publicKey', publicKey: this.key.publicKeyPEM }
      })
    }
  }

  async sign(data: Buffer): Promise<Signature> {
    const current = this.certificate && (await this.certificate.catch(() => undefined))
    if (!current || Date.now() - current.issuedAt > CERTIFICATE_REUSE_MS) {
      const issuedAt = Date.now()
      // the first signature comes with the certificate; later ones reuse it with the same key
      const first = this.fulcio(this.keyHolder).sign(data)
      this.certificate = first.then(signature => {
        if (signature.key.$case !== 'x509Certificate') throw new Error('Fulcio returned no certificate')
        return { pem: signature.key.certificate, issuedAt }
      })
      // a refusal is reported through `first`; the next call asks again. (Two statements in flight when
      // the certificate ages may both renew it: one certificate too many, never a wrong one.)
      this.certificate.catch(() => undefined)
      return first
    }
    const signature = await this.keyHolder.sign(data)
    return { signature: signature.signature, key: { $case: 'x509Certificate', certificate: current.pem } }
  }
}

function redact(text: string, secret: string | undefined): string {
  return secret ? text.split(secret).join('***') : text
}

function describeCause(error: InternalError): string {
  const cause = error.cause as { message?: unknown } | undefined
  return typeof cause?.message === 'string' && cause.message ? cause.message : error.message
}

/** The status and message @sigstore/sign's HTTPError carries, or the network error's own message. */
function causeOf(error: InternalError): string {
  const cause = error.cause as { statusCode?: unknown; message?: unknown } | undefined
  if (cause && typeof cause.statusCode === 'number') {
    // HTTPError's message reads "(503) <the service's message>"
    const said = String(cause.message ?? '').replace(/^\(\d+\)\s*/, '')
    return `HTTP ${cause.statusCode}${said ? ` (${said})` : ''}`
  }
  if (cause && typeof cause.message === 'string') return `unreachable: ${cause.message}`
  return error.message
}

function signingError(error: unknown, options: SignOptions, token: string | undefined): SigningError {
  if (error instanceof SigningError) return error
  if (error instanceof InternalError) {
    const because = redact(causeOf(error), token)
    switch (error.code) {
      case 'IDENTITY_TOKEN_READ_ERROR':
        return new SigningError(
          `Could not get the workflow's OIDC token for Sigstore (audience 'sigstore'): ${redact(describeCause(error), token)}. ` +
            "The job needs 'permissions: id-token: write'.",
          'oidc'
        )
      case 'IDENTITY_TOKEN_PARSE_ERROR':
        // @sigstore/sign's own message for this code quotes the token: never shown
        return new SigningError("The workflow's OIDC token is not a JWT with a 'sub' claim; Fulcio cannot certify it", 'oidc')
      case 'CA_CREATE_SIGNING_CERTIFICATE_ERROR':
        return new SigningError(`Fulcio at ${options.fulcioURL} did not issue a signing certificate: ${because}`, 'fulcio')
      case 'TLOG_CREATE_ENTRY_ERROR':
      case 'TLOG_FETCH_ENTRY_ERROR':
        return new SigningError(`Rekor at ${options.rekorURL} did not record the signature: ${because}`, 'rekor')
      case 'TSA_CREATE_TIMESTAMP_ERROR':
        return new SigningError(`The timestamp authority at ${options.tsaURL} did not timestamp the signature: ${because}`, 'tsa')
    }
  }
  const message = error instanceof Error ? error.message : String(error)
  return new SigningError(`Signing failed: ${redact(message, token)}`, 'statement')
}

/**
 * Signs each statement once and returns its Sigstore bundle, in the statements' order. The first
 * failure stops the rest (nothing is published unsigned) and names the service or permission.
 */
export async function signStatements<S extends InTotoStatement<unknown>>(statements: readonly S[], options: SignOptions): Promise<SignedStatement<S>[]> {
  if (statements.length === 0) return []
  if (!options.rekorURL && !options.tsaURL) {
    throw new SigningError('Sigstore signing needs a Rekor or timestamp-authority URL as witness', 'statement')
  }
  const timeout = options.timeoutMs ?? 10_000
  const retry = options.retry ?? 3

  // one token per call; kept only to take it out of error messages
  let token: string | undefined
  let tokenRequest: Promise<string> | undefined
  const identityProvider = {
    getToken: (): Promise<string> => {
      tokenRequest ??= options.identityToken().then(value => {
        token = value
        return value
      })
      return tokenRequest
    }
  }
  const signer = new ReusedCertificateSigner(keyHolder => new FulcioSigner({ identityProvider, keyHolder, fulcioBaseURL: options.fulcioURL, timeout, retry }))
  const witnesses: Witness[] = []
  if (options.rekorURL) {
    witnesses.push(new RekorWitness({ rekorBaseURL: options.rekorURL, entryType: 'dsse', timeout, retry }))
  }
  if (options.tsaURL) witnesses.push(new TSAWitness({ tsaBaseURL: options.tsaURL, timeout, retry }))
  const builder = new DSSEBundleBuilder({ signer, witnesses })

  const signOne = async (statement: S): Promise<SignedStatement<S>> => {
    try {
      const bundle = await builder.create({ data: statementBytes(statement), type: IN_TOTO_PAYLOAD_TYPE })
      return { statement, bundle: bundleToJSON(bundle) }
    } catch (error) {
      throw signingError(error, options, token)
    }
  }

  // the first statement alone: it fetches the token and the certificate the others reuse
  const results: SignedStatement<S>[] = [await signOne(statements[0] as S)]
  const rest = statements.slice(1)
  const width = Math.max(1, options.concurrency ?? 8)
  const signed: SignedStatement<S>[] = new Array(rest.length)
  let next = 0
  let failure: unknown
  const worker = async (): Promise<void> => {
    while (failure === undefined && next < rest.length) {
      const index = next++
      try {
        signed[index] = await signOne(rest[index] as S)
      } catch (error) {
        failure ??= error
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(width, rest.length) }, worker))
  if (failure !== undefined) throw failure
  return results.concat(signed)
}
