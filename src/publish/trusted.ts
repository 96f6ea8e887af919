// Trusted publishing: the runner's OIDC token (core.getIDToken, for the audience the index names at
// /_/oidc/audience) exchanged at /_/oidc/mint-token for a short-lived API token. Every failure is
// explained with what the maintainer can change: the workflow's permissions, or the publisher
// registered on the index (shown with the claims this run presented). A minted token expires (PyPI's
// after 15 minutes): TrustedToken mints again before an upload that could outlast it.
import type { Logger } from '../types.js'
import type { IndexJson, PackageIndex } from './index-api.js'
import { getWithRetries, isJson, request, responseText, type Deadline } from './http.js'
import { workflowFileOf } from './github-publisher.js'

/** Fetches the runner's OIDC token for an audience (core.getIDToken on a runner). */
export type IdTokenSource = (audience: string) => Promise<string>

export class CredentialError extends Error {
  constructor(
    message: string,
    readonly title: string
  ) {
    super(message)
    this.name = 'CredentialError'
  }
}

/** The claims of a JWT, read without verifying it (they only explain a refusal, or foretell one: the index verifies them). */
export function claimsOf(jwt: string): Record<string, unknown> {
  try {
    return JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>
  } catch {
    return {}
  }
}

/** What a publisher on the index must match, from the token this run presented. */
function publisherFields(claims: Record<string, unknown>): string {
  const repository = String(claims['repository'] ?? '?')
  const [owner, name] = repository.split('/')
  const workflow = workflowFileOf(String(claims['job_workflow_ref'] ?? '')) ?? '?'
  const environment = claims['environment'] ? `'${String(claims['environment'])}'` : '(none: this job names no environment)'
  return `owner '${owner ?? '?'}', repository '${name ?? '?'}', workflow '${workflow}', environment ${environment} (ref ${String(claims['ref'] ?? '?')})`
}

const EXPLANATIONS: Record<string, (index: PackageIndex, project: string, claims: Record<string, unknown>) => string> = {
  'not-enabled': index => `${index.name} has trusted publishing turned off; give an API token in 'password' instead.`,
  'invalid-payload': index => `${index.name} did not understand the token request; this is a bug in python-release-action or the index.`,
  'invalid-token': index =>
    `${index.name} did not accept this run's OIDC token (expired, not yet valid, for another audience, or not signed by GitHub). Re-run the job; if it persists, check the runner's clock.`,
  'invalid-publisher': (index, project, claims) =>
    `No trusted publisher on ${index.name} matches this workflow. Register one for '${project}' (${index.projectPages ? `${index.projectPages.replace(/project\/$/, '')}manage/project/${project}/settings/publishing/` : "in the project's publishing settings"}) with ${publisherFields(claims)}, or give an API token in 'password'.`,
  'invalid-pending-publisher': (index, project, claims) =>
    `A pending trusted publisher on ${index.name} matched this run, but it cannot create '${project}' (the name may be taken, or the pending publisher was registered by another account). The run presented ${publisherFields(claims)}.`,
  'invalid-reuse-token': index => `${index.name} has already seen this OIDC token (each is single-use). Re-run the job to get a fresh one.`
}

export interface MintedToken {
  token: string
  /** Expiry, seconds since the epoch on the index's clock, when the index said. */
  expires: number | undefined
  /** The same moment on this machine's clock (ms), through the answer's Date header; undefined when the index named no expiry. */
  validUntil?: number
}

/** How long the runner's OIDC endpoint (core.getIDToken: no timeout of its own) is waited on for a token. */
export const ID_TOKEN_TIMEOUT_MS = 60_000

/** The id token, or a rejection when the runner has not given it within `ms`. */
async function idTokenWithin(idToken: IdTokenSource, audience: string, ms: number): Promise<string> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the runner's OIDC endpoint gave no token within ${Math.round(ms / 1000)} s`)), ms)
  })
  try {
    return await Promise.race([idToken(audience), late])
  } finally {
    clearTimeout(timer)
  }
}

/** Exchanges this run's OIDC identity for an API token for `project` on `index`. */
export async function mintToken(
  index: PackageIndex,
  project: string,
  idToken: IdTokenSource | undefined,
  logger: Logger,
  idTokenTimeoutMs = ID_TOKEN_TIMEOUT_MS,
  deadline?: Deadline
): Promise<MintedToken> {
  return exchangeToken(index, project, await oidcToken(index, idToken, logger, idTokenTimeoutMs, deadline), logger, deadline)
}

/** This run's OIDC token (single-use) for the audience the index names: what exchangeToken sends, whose claims say what the index will match. */
export async function oidcToken(
  index: PackageIndex,
  idToken: IdTokenSource | undefined,
  logger: Logger,
  idTokenTimeoutMs = ID_TOKEN_TIMEOUT_MS,
  deadline?: Deadline
): Promise<string> {
  if (!idToken) {
    throw new CredentialError(
      `No credentials for ${index.name}: 'password' is empty, and trusted publishing needs a GitHub Actions job with 'permissions: id-token: write'. ` +
        `Give an API token in 'password' (from the command line: the TWINE_PASSWORD environment variable).`,
      `No credentials for ${index.name}`
    )
  }
  const audienceUrl = `${index.oidcOrigin}/_/oidc/audience`
  const audienceResponse = await getWithRetries(audienceUrl, { headers: { Accept: 'application/json' }, timeoutMs: 30_000, deadline }, logger)
  if (audienceResponse.status !== 200 || !isJson(audienceResponse)) {
    throw new CredentialError(
      `${index.name} does not offer trusted publishing (${audienceUrl} answered HTTP ${audienceResponse.status}${audienceResponse.status === 200 ? ' without JSON' : ''}); give an API token in 'password'.`,
      'Trusted publishing unavailable'
    )
  }
  const audience = (JSON.parse(audienceResponse.body) as { audience?: unknown }).audience
  if (typeof audience !== 'string' || audience === '') {
    throw new CredentialError(`${audienceUrl} named no audience; give an API token in 'password'.`, 'Trusted publishing unavailable')
  }
  try {
    return await idTokenWithin(idToken, audience, idTokenTimeoutMs)
  } catch (error) {
    throw new CredentialError(
      `Trusted publishing needs this run's OIDC token, and GitHub did not give one (${(error as Error).message.replace(/\s+/g, ' ').trim()}). ` +
        "Check that the workflow or job has 'permissions: id-token: write' and that the run is not from a fork's pull request; or give an API token in 'password'.",
      'No OIDC token'
    )
  }
}

/** Exchanges an OIDC token from oidcToken at the index's /_/oidc/mint-token for an API token for `project`. */
export async function exchangeToken(index: PackageIndex, project: string, oidc: string, logger: Logger, deadline?: Deadline): Promise<MintedToken> {
  const mintUrl = `${index.oidcOrigin}/_/oidc/mint-token`
  // Not retried: the OIDC token is single-use, and a second try after a lost answer would be refused as reused.
  const response = await request(mintUrl, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: Buffer.from(JSON.stringify({ token: oidc })),
    timeoutMs: 60_000,
    deadline
  })
  const receivedAt = Date.now()
  const body = isJson(response) ? (JSON.parse(response.body) as Record<string, IndexJson>) : undefined
  if (response.status === 200 && body?.['success'] === true && typeof body['token'] === 'string') {
    logger.info(`${index.name}: trusted publishing token minted for ${project}`)
    const expires = typeof body['expires'] === 'number' ? body['expires'] : undefined
    return { token: body['token'], expires, validUntil: validUntil(expires, response.headers.date, receivedAt) }
  }
  const errors: Array<{ code?: string; description?: string }> = Array.isArray(body?.['errors']) ? body['errors'] : []
  const claims = claimsOf(oidc)
  const explained = errors.map(error => {
    const explain = EXPLANATIONS[error.code ?? '']
    const said = error.description ? ` ${index.name} said: ${error.description}` : ''
    return `${explain ? explain(index, project, claims) : `The token exchange failed (${error.code ?? 'no code'}).`}${said}`
  })
  throw new CredentialError(
    explained.length > 0
      ? explained.join('\n')
      : `${mintUrl} answered HTTP ${response.status}: ${responseText(response, 200) || 'no message'}; give an API token in 'password' instead.`,
    `Trusted publishing to ${index.name} failed`
  )
}

/**
 * When the index will count a token with this `expires` (its clock, whole seconds: warehouse/oidc/views.py:329-330
 * and :400, checked as `now >= expires_at` by warehouse/macaroons/caveats/__init__.py:60) expired, on this machine's
 * clock: the answer's Date header says the index's time then, so a runner whose clock is off does not misjudge it.
 * The header counts whole seconds, so one second is taken off. No Date header: the clocks are taken to agree.
 */
export function validUntil(expires: number | undefined, date: string | undefined, receivedAt: number): number | undefined {
  if (expires === undefined) return undefined
  const indexNow = date ? Date.parse(date) : NaN
  return Number.isNaN(indexNow) ? expires * 1000 : receivedAt + expires * 1000 - indexNow - 1000
}

/**
 * Validity a token must have left when an upload starts, besides the time to send it: warehouse checks the token
 * only once the whole request has arrived and its form has been read and validated (the permission check at
 * warehouse/forklift/legacy.py:813 comes after the metadata checks), and the answer's Date and `expires` are whole
 * seconds. A minute covers that with room to spare; minting early costs one OIDC token and one request.
 */
export const RENEWAL_MARGIN_MS = 60_000
/**
 * The sending rate assumed for an upload: 1 MiB/s (8 Mbit/s), slower than the uplink of a GitHub-hosted runner and of
 * nearly any self-hosted one. Too slow a guess mints a little early; too fast a guess lets a token expire mid-upload,
 * and the whole file is sent again. PyPI's 100 MiB default limit then needs 160 s of a token's 900.
 */
export const ASSUMED_UPLOAD_BYTES_PER_S = 1024 * 1024

/** Whether a token valid until `validUntil` (ms, this machine's clock) should be replaced before sending `bytes` at `now`. */
export function renewalDue(validUntil: number | undefined, now: number, bytes: number): boolean {
  if (validUntil === undefined) return false
  return validUntil - now < RENEWAL_MARGIN_MS + (bytes / ASSUMED_UPLOAD_BYTES_PER_S) * 1000
}

/**
 * A token minted through trusted publishing, for a publish that may outlast it (many or large files, several
 * targets, a slow index): minted again, with a fresh OIDC token from the runner (each is single-use), when it
 * may expire before the next upload has arrived. `mint` masks each token the moment it exists.
 */
export class TrustedToken {
  private current: MintedToken
  /** When the current token was minted (this machine's clock). */
  private mintedAt: number

  constructor(
    first: MintedToken,
    private readonly mint: () => Promise<MintedToken>,
    private readonly now: () => number = Date.now
  ) {
    this.current = first
    this.mintedAt = now()
  }

  get token(): string {
    return this.current.token
  }

  /** Seconds the token has left (undefined: the index named no expiry), for the log. */
  secondsLeft(): number | undefined {
    return this.current.validUntil === undefined ? undefined : Math.round((this.current.validUntil - this.now()) / 1000)
  }

  /**
   * Whether the token should be replaced before sending `bytes`. Not when it was minted less than a second ago: the
   * index counts expiry in whole seconds, so another would expire no later (a token shorter-lived than an upload
   * needs is then used as it is, rather than minted again before every try).
   */
  dueFor(bytes: number): boolean {
    const now = this.now()
    return now - this.mintedAt >= 1000 && renewalDue(this.current.validUntil, now, bytes)
  }

  /** Mints a new token now (an index said the last one expired, or dueFor said it soon may). */
  async renew(): Promise<string> {
    this.current = await this.mint()
    this.mintedAt = this.now()
    return this.current.token
  }
}
