// A stand-in for the Actions runtime's OIDC token service, so that @actions/core's getIDToken works
// unmodified: GET <ACTIONS_ID_TOKEN_REQUEST_URL>&audience=<aud> with the job's bearer token answers
// {"value": "<JWT>"}, an RS256 token with the claims GitHub puts in a job's ID token. Each
// environment() is a job of its own (its own request token and claims).
import { createHash, generateKeyPairSync, randomBytes, randomUUID, sign, type KeyObject } from 'node:crypto'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import { close, listen, loopbackServer } from './loopback.js'

export type Claims = Record<string, unknown>

export interface IdTokenEnvironment {
  ACTIONS_ID_TOKEN_REQUEST_URL: string
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: string
}

export class OidcProvider {
  /** The `iss` of GitHub's tokens. */
  readonly issuer = 'https://token.actions.githubusercontent.com'
  readonly publicKey: KeyObject
  /** The claims of every token the endpoint gave out, in order. */
  readonly issued: Claims[] = []
  /** The tokens themselves, for tests that check none is ever shown. */
  readonly issuedTokens: string[] = []
  private readonly privateKey: KeyObject
  private readonly keyId: string
  /** Request token → the job's claims. */
  private readonly jobs = new Map<string, Claims>()
  private readonly server: Server
  origin = ''

  constructor() {
    ;({ publicKey: this.publicKey, privateKey: this.privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 }))
    this.keyId = createHash('sha256')
      .update(this.publicKey.export({ type: 'spki', format: 'der' }))
      .digest('hex')
      .slice(0, 40)
    this.server = loopbackServer((request, response) => this.handle(request, response))
  }

  async start(): Promise<this> {
    this.origin = await listen(this.server)
    return this
  }

  async stop(): Promise<void> {
    await close(this.server)
  }

  /** The variables the runner gives a job with `id-token: write`, for a job whose tokens carry these claims. */
  environment(claims: Claims = {}): IdTokenEnvironment {
    const requestToken = randomBytes(24).toString('base64url')
    this.jobs.set(requestToken, claims)
    return { ACTIONS_ID_TOKEN_REQUEST_URL: `${this.origin}/token?api-version=2.0`, ACTIONS_ID_TOKEN_REQUEST_TOKEN: requestToken }
  }

  /** A token as the endpoint issues it: GitHub's claims for a job, these claims overriding them. */
  token(claims: Claims = {}, audience = 'pypi'): string {
    return this.sign(this.claims(claims, audience))
  }

  /** Signs any claims (RS256; with another key for a token GitHub did not sign). */
  sign(claims: Claims, key: KeyObject = this.privateKey): string {
    const header = { typ: 'JWT', alg: 'RS256', kid: this.keyId }
    const input = `${base64url(header)}.${base64url(claims)}`
    return `${input}.${sign('sha256', Buffer.from(input), key).toString('base64url')}`
  }

  /**
   * A job's claims as GitHub writes them (its documented example's shape: a tag push of release.yml in
   * octo/greeter), derived from `repository`, `ref`, `sha` and `environment` where given; then `given`
   * itself. Valid from 10 minutes before issue to 5 minutes after, as GitHub's are.
   */
  claims(given: Claims = {}, audience = 'pypi'): Claims {
    const repository = String(given['repository'] ?? 'octo/greeter')
    const owner = repository.split('/')[0] as string
    const ref = String(given['ref'] ?? 'refs/tags/v0.3.1')
    const sha = String(given['sha'] ?? createHash('sha1').update(`${repository}@${ref}`).digest('hex'))
    const environment = given['environment'] === undefined ? undefined : String(given['environment'])
    const workflowRef = `${repository}/.github/workflows/release.yml@${ref}`
    const now = Math.floor(Date.now() / 1000)
    return {
      jti: randomUUID(),
      sub: environment ? `repo:${repository}:environment:${environment}` : `repo:${repository}:ref:${ref}`,
      aud: audience,
      ref,
      sha,
      repository,
      repository_owner: owner,
      repository_owner_id: '583231',
      run_id: '9876543210',
      run_number: '12',
      run_attempt: '1',
      repository_visibility: 'public',
      repository_id: '1296269',
      actor_id: '583231',
      actor: owner,
      workflow: 'Release',
      head_ref: '',
      base_ref: '',
      event_name: 'push',
      ref_protected: 'false',
      ref_type: ref.startsWith('refs/tags/') ? 'tag' : 'branch',
      workflow_ref: workflowRef,
      workflow_sha: sha,
      job_workflow_ref: workflowRef,
      job_workflow_sha: sha,
      runner_environment: 'github-hosted',
      ...(environment ? { environment } : {}),
      iss: this.issuer,
      nbf: now - 600,
      exp: now + 300,
      iat: now,
      ...given
    }
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', this.origin)
    if (request.method !== 'GET' || url.pathname !== '/token') {
      response.writeHead(404, { 'Content-Type': 'application/json' }).end(JSON.stringify({ message: 'Not Found' }))
      return
    }
    const job = this.jobs.get(/^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1] ?? '')
    if (!job) {
      response.writeHead(401, { 'Content-Type': 'application/json' }).end(JSON.stringify({ message: 'Unauthorized' }))
      return
    }
    // Without an audience, GitHub's tokens are for the repository owner's URL.
    const owner = String(job['repository'] ?? 'octo/greeter').split('/')[0]
    const claims = this.claims(job, url.searchParams.get('audience') ?? `https://github.com/${owner}`)
    this.issued.push(claims)
    const token = this.sign(claims)
    this.issuedTokens.push(token)
    response.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ value: token }))
  }
}

const base64url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url')
