// Trusted publishing: the runner's OIDC token (core.getIDToken, for the audience the index names at
// /_/oidc/audience) exchanged at /_/oidc/mint-token for a short-lived API token. Every failure is
// explained with what the maintainer can change: the workflow's permissions, or the publisher
// registered on the index (shown with the claims this run presented).
import type { Logger } from '../types.js'
import type { IndexJson, PackageIndex } from './index-api.js'
import { getWithRetries, isJson, request, responseText } from './http.js'

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

/** The claims of a JWT, read without verifying it (they are only shown, to explain a refusal). */
function claimsOf(jwt: string): Record<string, unknown> {
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
  const workflow = /\.github\/workflows\/([^@]+)@/.exec(String(claims['job_workflow_ref'] ?? ''))?.[1] ?? '?'
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
  /** Expiry, seconds since the epoch, when the index said. */
  expires: number | undefined
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
  idTokenTimeoutMs = ID_TOKEN_TIMEOUT_MS
): Promise<MintedToken> {
  if (!idToken) {
    throw new CredentialError(
      `No credentials for ${index.name}: 'password' is empty, and trusted publishing needs a GitHub Actions job with 'permissions: id-token: write'. ` +
        `Give an API token in 'password' (from the command line: the TWINE_PASSWORD environment variable).`,
      `No credentials for ${index.name}`
    )
  }
  const audienceUrl = `${index.oidcOrigin}/_/oidc/audience`
  const audienceResponse = await getWithRetries(audienceUrl, { headers: { Accept: 'application/json' }, timeoutMs: 30_000 }, logger)
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

  let oidc: string
  try {
    oidc = await idTokenWithin(idToken, audience, idTokenTimeoutMs)
  } catch (error) {
    throw new CredentialError(
      `Trusted publishing needs this run's OIDC token, and GitHub did not give one (${(error as Error).message.replace(/\s+/g, ' ').trim()}). ` +
        "Check that the workflow or job has 'permissions: id-token: write' and that the run is not from a fork's pull request; or give an API token in 'password'.",
      'No OIDC token'
    )
  }

  const mintUrl = `${index.oidcOrigin}/_/oidc/mint-token`
  // Not retried: the OIDC token is single-use, and a second try after a lost answer would be refused as reused.
  const response = await request(mintUrl, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: Buffer.from(JSON.stringify({ token: oidc })),
    timeoutMs: 60_000
  })
  const body = isJson(response) ? (JSON.parse(response.body) as Record<string, IndexJson>) : undefined
  if (response.status === 200 && body?.['success'] === true && typeof body['token'] === 'string') {
    logger.info(`${index.name}: trusted publishing token minted for ${project}`)
    return { token: body['token'], expires: typeof body['expires'] === 'number' ? body['expires'] : undefined }
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
