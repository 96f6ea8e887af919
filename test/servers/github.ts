// A local GitHub REST API (api.github.com, version 2022-11-28) for what a release action does, strictly:
// releases (drafts, publishing, immutable releases, pagination with GitHub's Link headers), release
// assets uploaded to a second listener (the upload_url's origin, as uploads.github.com) and downloaded
// through a signed storage URL (as objects.githubusercontent.com, refusing a forwarded token), tags and
// refs (get, list, create, and update: a fast-forward, or any move with force; an immutable release's tag
// stays), generated release notes, and check runs with annotations. Installation tokens carry permissions
// (contents, checks, actions, attestations), answered with GitHub's 401/403/404 bodies.
// Artifact attestations: POST /repos/{owner}/{repo}/attestations stores a Sigstore bundle (a DSSE
// envelope carrying an in-toto statement) under each of its subjects' sha256 digests, as
// actions/attest's writeAttestation sends it ({ bundle } → 201 { id }); GET
// /repos/{owner}/{repo}/attestations/{subject_digest} serves them back (cursor pagination by
// before/after in the Link header, predicate_type filter), 404 for a digest with none.
// Workflow-run artifacts (list, get, download, delete), when linked to a local ArtifactService (the
// `artifacts` option): the REST side of the store its Twirp API fills, as @actions/artifact's `findBy` reads it.
// Workflow runs (GET /repos/{owner}/{repo}/actions/runs/{run_id}): the linked service's runs, each a push of
// the first commit that concluded successfully unless `setRun` says otherwise (another event, a fork's head
// repository, another conclusion or head commit, another repository), with every field the OpenAPI
// description requires of a workflow-run.
//
// Every request is checked against GitHub's own OpenAPI description (@octokit/openapi's
// api.github.com.json): the operation must exist, its path and query parameters and its JSON body must
// match the documented schemas (Ajv), and every JSON answer this server gives is checked against the
// documented response schema. What fails is answered as GitHub would and recorded in `violations`, so a
// client that passes here with no violation makes requests GitHub documents and accepts.
// Faults (5xx, rate limits, slow answers, uploads reset or left in state "starter") and a simulated
// wide-area link (latency, bandwidth per connection) can be injected.
// Checked against @actions/github's Octokit (a client nobody here wrote) in __tests__/github-server.test.ts.
import { createHash, createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { createRequire } from 'node:module'
import type { Socket } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import AjvModule, { type ErrorObject, type ValidateFunction } from 'ajv'
import addFormatsModule from 'ajv-formats'
import type { ArtifactService, StoredArtifact } from './artifact-service.js'
import { close, listen, loopbackServer } from './loopback.js'

const Ajv = AjvModule.default
const addFormats = addFormatsModule.default

// ---- the interface ----------------------------------------------------------------------------

export type Permission = 'read' | 'write'
export interface TokenPermissions {
  contents?: Permission
  checks?: Permission
  /** Workflow runs and their artifacts (GITHUB_TOKEN's `actions: read`; deleting an artifact needs write). */
  actions?: Permission
  /** Artifact attestations: `write` to create one (a workflow's `attestations: write`), `read` to list them. */
  attestations?: Permission
  /** Needed only by GET /repos/{owner}/{repo}/immutable-releases (GITHUB_TOKEN never has it). */
  administration?: Permission
  /** Changes to .github/workflows (an App or fine-grained token's "Workflows"; a workflow cannot grant it to GITHUB_TOKEN). */
  workflows?: Permission
}

export interface GitHubServerOptions {
  owner?: string
  repo?: string
  defaultBranch?: string
  /** Commit SHAs the repository has (40 hex); the first is the default branch's head. Default: one random SHA. */
  commits?: string[]
  /** Existing tags: name → commit SHA (lightweight) or { sha, annotated: true } (an annotated tag object pointing at sha). */
  tags?: Record<string, string | { sha: string; annotated: true }>
  /** Repository setting "immutable releases": a release becomes immutable when published. */
  immutableReleases?: boolean
  /**
   * GitHub refuses a token without the workflows permission a ref update that makes changes to .github/workflows
   * reachable (403, 'Resource not accessible by integration'). This server keeps no trees: when set, every commit
   * counts as bringing such changes, so creating or moving a ref needs `workflows: write` too.
   */
  commitsChangeWorkflows?: boolean
  /** The artifact service whose artifacts the workflow-run artifact endpoints list and serve (its runs by their REST ids). */
  artifacts?: ArtifactService
  /** Simulated wide-area link for benchmarks: added latency per request, and a bandwidth cap (bytes/s) per connection on request bodies. */
  latencyMs?: number
  bytesPerSecond?: number
}

/** What GET …/actions/runs/{run_id} says of a run (setRun); the rest of the workflow-run object follows from these. */
export interface WorkflowRunFacts {
  event: string
  status: string | null
  conclusion: string | null
  headSha: string
  /** full_name of the repository the head commit came from (a fork's, for a pull request from a fork). */
  headRepository: string
  /** full_name of the run's repository (a server that answers for another repository). */
  repository: string
}

export type FaultTarget = 'api' | 'upload' | 'download' | 'any'
export type Fault =
  | { on: FaultTarget; times?: number; status: 500 | 502 | 503 }
  | { on: FaultTarget; times?: number; status: 429; retryAfter: number }
  | { on: FaultTarget; times?: number; secondaryRateLimit: true; retryAfter: number }
  | { on: FaultTarget; times?: number; rateLimitReset: number }
  | { on: FaultTarget; times?: number; delayMs: number }
  | { on: 'upload'; times?: number; reset: 'mid-upload' }
  | { on: 'upload'; times?: number; starter: true }
  | { on: 'upload'; times?: number; storedThen502: true }
  /** The upload read whole and stored as uploaded, and then never answered (the connection held open until stop). */
  | { on: 'upload'; times?: number; hangAfterStore: true }
  /** A careless proxy that repeats the request's Authorization header: in the body, the reason phrase, or a redirect's URL. */
  | { on: FaultTarget; times?: number; status: 401 | 502; echo: 'body' | 'reason' | 'redirect' | 'encoded' }

export interface StoredAsset {
  id: number
  name: string
  label: string | null
  contentType: string
  size: number
  sha256: string
  state: 'uploaded' | 'starter'
  content: Buffer
  createdAt: string
}

export interface StoredRelease {
  id: number
  tagName: string
  targetCommitish: string
  name: string | null
  body: string | null
  draft: boolean
  prerelease: boolean
  immutable: boolean
  makeLatest: string | undefined
  createdAt: string
  publishedAt: string | null
  assets: StoredAsset[]
  generatedNotes: boolean
}

/** An artifact attestation stored by POST /repos/{owner}/{repo}/attestations. */
export interface StoredAttestation {
  id: number
  /** The Sigstore bundle as it was sent (parsed JSON). */
  bundle: unknown
  /** Its in-toto statement's subjects' digests, as `sha256:<hex>`. */
  digests: string[]
  predicateType: string
  createdAt: string
}

export interface CheckRunRecord {
  id: number
  name: string
  headSha: string
  status: string
  conclusion: string | null
  output: { title?: string; summary?: string; text?: string }
  /** Every annotation ever sent, in order. */
  annotations: unknown[]
}

export interface RequestRecord {
  method: string
  path: string
  query: string
  /** 0: the connection was reset (no answer). */
  status: number
  api: 'api' | 'upload' | 'download'
}

/** A request GitHub's OpenAPI description would reject (or an answer of this server it does not describe: "response: ..."). */
export interface Violation {
  method: string
  path: string
  problem: string
}

export interface FiredFault {
  fault: Fault
  method: string
  path: string
}

/** A release put in place directly (no request), for a test's starting state. */
export interface SeedRelease {
  tagName: string
  targetCommitish?: string
  name?: string | null
  body?: string | null
  draft?: boolean
  prerelease?: boolean
  makeLatest?: 'true' | 'false' | 'legacy'
  /** Default: the server's immutableReleases for a published release. */
  immutable?: boolean
  assets?: Array<{ name: string; content: Buffer | string; label?: string; contentType?: string; state?: 'uploaded' | 'starter' }>
}

// ---- constants --------------------------------------------------------------------------------

const DOCS = 'https://docs.github.com/rest'
const API_VERSION = '2022-11-28'
/** GitHub's limit on a release asset. */
const MAX_ASSET_SIZE = 2 * 1024 * 1024 * 1024
const RATE_LIMIT = 5000
/** How long a signed download URL stays valid (seconds), as GitHub's. */
const DOWNLOAD_EXPIRES = 300
const MAX_JSON_BODY = 25 * 1024 * 1024
const SECONDARY_RATE_LIMIT_DOCS = 'https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api#about-secondary-rate-limits'
const PRIMARY_RATE_LIMIT_DOCS = 'https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api'
const STORAGE_PREFIX = '/github-production-release-asset/'
/**
 * The documentation_url GitHub answers a refused attestation with (as seen in actions/attest-build-provenance
 * #761 and #762: "Invalid Argument - duplicate subject in statement - https://docs.github.com/rest/repos/repos#create-an-attestation").
 */
const ATTESTATION_DOCS = 'https://docs.github.com/rest/repos/repos#create-an-attestation'
/** The bundle media types the attestations API takes (Sigstore bundle v0.2 and v0.3, both spellings of v0.3). */
const BUNDLE_MEDIA_TYPES = new Set([
  'application/vnd.dev.sigstore.bundle+json;version=0.2',
  'application/vnd.dev.sigstore.bundle+json;version=0.3',
  'application/vnd.dev.sigstore.bundle.v0.3+json'
])
const IN_TOTO_PAYLOAD = 'application/vnd.in-toto+json'
const IN_TOTO_STATEMENTS = new Set(['https://in-toto.io/Statement/v1', 'https://in-toto.io/Statement/v0.1'])
/** predicate_type's documented short names. */
const PREDICATE_ALIASES: Record<string, (type: string) => boolean> = {
  provenance: type => type.startsWith('https://slsa.dev/provenance/'),
  sbom: type => type.startsWith('https://spdx.dev/Document') || type === 'https://cyclonedx.org/bom',
  release: type => type.startsWith('https://in-toto.io/attestation/release/')
}

/** The permission each implemented operation needs (an installation token's, as GITHUB_TOKEN's). */
const NEEDS: Record<string, [keyof TokenPermissions, Permission]> = {
  'repos/list-releases': ['contents', 'read'],
  'repos/get-release': ['contents', 'read'],
  'repos/get-latest-release': ['contents', 'read'],
  'repos/get-release-by-tag': ['contents', 'read'],
  'repos/list-release-assets': ['contents', 'read'],
  'repos/get-release-asset': ['contents', 'read'],
  'repos/create-release': ['contents', 'write'],
  'repos/update-release': ['contents', 'write'],
  'repos/delete-release': ['contents', 'write'],
  'repos/upload-release-asset': ['contents', 'write'],
  'repos/update-release-asset': ['contents', 'write'],
  'repos/delete-release-asset': ['contents', 'write'],
  'repos/generate-release-notes': ['contents', 'write'],
  'repos/check-immutable-releases': ['administration', 'read'],
  'git/get-ref': ['contents', 'read'],
  'git/list-matching-refs': ['contents', 'read'],
  'git/get-tag': ['contents', 'read'],
  'git/create-ref': ['contents', 'write'],
  'git/update-ref': ['contents', 'write'],
  'repos/get-commit': ['contents', 'read'],
  'checks/create': ['checks', 'write'],
  'checks/update': ['checks', 'write'],
  'checks/get': ['checks', 'read'],
  'checks/list-annotations': ['checks', 'read'],
  'actions/list-artifacts-for-repo': ['actions', 'read'],
  'actions/list-workflow-run-artifacts': ['actions', 'read'],
  'actions/get-artifact': ['actions', 'read'],
  'actions/get-workflow-run': ['actions', 'read'],
  'actions/download-artifact': ['actions', 'read'],
  'actions/delete-artifact': ['actions', 'write'],
  'repos/create-attestation': ['attestations', 'write'],
  'repos/list-attestations': ['attestations', 'read']
}

// ---- GitHub's OpenAPI description, loaded once per process -------------------------------------

type Json = any

interface Operation {
  key: string
  method: string
  template: string
  id: string
  docs: string
  /** Served from another origin (the `servers` override: uploads.github.com). */
  upload: boolean
  raw: Json
  parameters: Json[]
}

interface Route {
  regex: RegExp
  names: string[]
  literals: number
  operations: Map<string, Operation>
}

interface Description {
  document: Json
  routes: Route[]
}

let description: Promise<Description> | undefined

/** GitHub's OpenAPI description and its routes (a 13 MB file: parsed once per process). */
export function loadDescription(): Promise<Description> {
  description ??= (async () => {
    const path = createRequire(import.meta.url).resolve('@octokit/openapi/generated/api.github.com.json')
    const document = JSON.parse(await readFile(path, 'utf8')) as Json
    // The upload endpoint's description says a failed upload "may leave an empty asset with a state of
    // `starter`", and GitHub lists it so, but the release-asset schema's enum does not have the value.
    const state = document.components.schemas['release-asset'].properties.state
    state.enum = [...state.enum, 'starter']
    return { document, routes: buildRoutes(document) }
  })()
  return description
}

const METHODS = ['get', 'put', 'post', 'patch', 'delete', 'head', 'options']

function buildRoutes(document: Json): Route[] {
  const routes: Route[] = []
  for (const [template, item] of Object.entries<Json>(document.paths)) {
    const operations = new Map<string, Operation>()
    const multiSegment = new Set<string>()
    for (const method of METHODS) {
      const raw = item[method]
      if (!raw) continue
      const parameters = [...(item.parameters ?? []), ...(raw.parameters ?? [])].map((p: Json) => resolve(document, p))
      for (const parameter of parameters) if (parameter['x-multi-segment']) multiSegment.add(parameter.name)
      operations.set(method.toUpperCase(), {
        key: `${method.toUpperCase()} ${template}`,
        method: method.toUpperCase(),
        template,
        id: raw.operationId,
        docs: raw.externalDocs?.url ?? DOCS,
        upload: Array.isArray(raw.servers) && raw.servers.length > 0,
        raw,
        parameters
      })
    }
    const names: string[] = []
    const pattern = template
      .split(/(\{[^}]+\})/)
      .map(part => {
        const name = /^\{(.+)\}$/.exec(part)?.[1]
        if (name === undefined) return part.replace(/[.*+?^$()|[\]\\]/g, '\\$&')
        names.push(name)
        return multiSegment.has(name) ? '(.+)' : '([^/]+)'
      })
      .join('')
    const literals = template.split('/').filter(segment => segment && !segment.includes('{')).length
    routes.push({ regex: new RegExp(`^${pattern}$`), names, literals, operations })
  }
  // The most specific first: /releases/latest before /releases/{release_id}.
  return routes.sort((a, b) => b.literals - a.literals || a.names.length - b.names.length)
}

function resolve(document: Json, node: Json): Json {
  let current = node
  for (let depth = 0; current && typeof current.$ref === 'string' && depth < 10; depth++) current = pointer(document, current.$ref)
  return current
}

function pointer(document: Json, ref: string): Json {
  if (!ref.startsWith('#/')) throw new Error(`Unsupported $ref ${ref}`)
  return ref
    .slice(2)
    .split('/')
    .reduce((node: Json, key) => node?.[key.replace(/~1/g, '/').replace(/~0/g, '~')], document)
}

type Match = { op: Operation; params: Record<string, string> } | { op: undefined; problem: string }

function matchOperation(routes: Route[], method: string, path: string, upload: boolean): Match {
  let problem: string | undefined
  const origin = upload ? 'the upload origin (uploads.github.com)' : 'the API origin (api.github.com)'
  for (const route of routes) {
    const found = route.regex.exec(path)
    if (!found) continue
    const op = route.operations.get(method)
    if (!op || op.upload !== upload) {
      if (op) problem ??= `${op.id} (${op.key}) is not served by ${origin}`
      else if (route.operations.size) problem ??= `no operation ${method} for ${[...route.operations.values()][0]?.template} in GitHub's OpenAPI description`
      continue
    }
    const params: Record<string, string> = {}
    try {
      route.names.forEach((name, index) => (params[name] = decodeURIComponent(found[index + 1] as string)))
    } catch {
      continue
    }
    return { op, params }
  }
  return { op: undefined, problem: problem ?? `no operation ${method} ${path} in GitHub's OpenAPI description` }
}

// ---- schema validation (OpenAPI 3.0 schemas made JSON Schema for Ajv) ---------------------------

const ajv = new Ajv({ strict: false, allErrors: true, verbose: true, validateFormats: true })
addFormats(ajv)
for (const format of ['repo.nwo', 'timestamp']) ajv.addFormat(format, true)
const validators = new Map<string, ValidateFunction>()

/** Compiles `schema` (OpenAPI 3.0, with $refs into components) once per key. */
function validator(document: Json, key: string, schema: Json): ValidateFunction {
  let compiled = validators.get(key)
  if (!compiled) {
    const $defs: Record<string, Json> = {}
    const root = convertSchema(document, schema, $defs)
    compiled = ajv.compile({ ...root, $defs: { ...(root.$defs ?? {}), ...$defs } })
    validators.set(key, compiled)
  }
  return compiled
}

const SCHEMA_MAPS = new Set(['properties', 'patternProperties'])
const SCHEMA_LISTS = new Set(['allOf', 'anyOf', 'oneOf'])
const SCHEMA_ONE = new Set(['items', 'additionalProperties', 'not'])
const DROPPED = new Set([
  'nullable',
  'description',
  'example',
  'examples',
  'title',
  'discriminator',
  'readOnly',
  'writeOnly',
  'deprecated',
  'externalDocs',
  'xml'
])

/** An OpenAPI 3.0 schema as JSON Schema: `nullable` as a null type, `$ref`s to components as `#/$defs/...`. */
function convertSchema(document: Json, schema: Json, $defs: Record<string, Json>): Json {
  if (typeof schema !== 'object' || schema === null) return schema
  if (typeof schema.$ref === 'string') {
    const name = (schema.$ref as string).split('/').pop() as string
    if (!(name in $defs)) {
      $defs[name] = {}
      $defs[name] = convertSchema(document, pointer(document, schema.$ref), $defs)
    }
    return { $ref: `#/$defs/${name}` }
  }
  const out: Json = {}
  for (const [keyword, value] of Object.entries<Json>(schema)) {
    if (DROPPED.has(keyword) || keyword.startsWith('x-')) continue
    if (SCHEMA_MAPS.has(keyword)) out[keyword] = Object.fromEntries(Object.entries<Json>(value).map(([k, v]) => [k, convertSchema(document, v, $defs)]))
    else if (SCHEMA_LISTS.has(keyword)) out[keyword] = (value as Json[]).map(v => convertSchema(document, v, $defs))
    else if (SCHEMA_ONE.has(keyword)) out[keyword] = convertSchema(document, value, $defs)
    else out[keyword] = value
  }
  if (schema.nullable === true) {
    if (typeof out.type === 'string') {
      out.type = [out.type, 'null']
      if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null]
    } else return { anyOf: [{ type: 'null' }, out] }
  }
  return out
}

/** Ajv's errors as readable problems: `body/draft must be boolean`. */
function problems(where: string, errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map(error => `${where}${error.instancePath} ${error.message ?? error.keyword}`)
}

const shown = (value: unknown): string => {
  const text = JSON.stringify(value) ?? String(value)
  return text.length > 60 ? `${text.slice(0, 57)}...` : text
}

/** Ajv's errors as GitHub words its schema failures ("Invalid request.\n\n" + these lines). */
function githubMessages(errors: ErrorObject[] | null | undefined): string[] {
  const messages = new Set<string>()
  for (const error of errors ?? []) {
    // Only an anyOf's first branch is explained (GitHub names one way to satisfy it).
    if (error.keyword === 'anyOf' || error.keyword === 'oneOf' || /\/(anyOf|oneOf)\/[1-9]/.test(error.schemaPath)) continue
    const segments = error.instancePath.split('/').slice(1)
    const where = segments.map(s => (/^\d+$/.test(s) ? 'items' : `properties/${s}`)).join('/') || 'the request body'
    const quoted = where === 'the request body' ? where : `'${where}'`
    const params = error.params as Record<string, Json>
    const data = error.data as Json
    switch (error.keyword) {
      case 'required':
        messages.add(`"${params.missingProperty}" wasn't supplied.`)
        break
      case 'type': {
        const types = ([] as string[]).concat(params.type)
        const named = types.map(t => (t === 'null' ? 'null' : /^[aeiou]/.test(t) ? `an ${t}` : `a ${t}`)).join(' or ')
        messages.add(`For ${quoted}, ${shown(data)} is not ${named}.`)
        break
      }
      case 'enum':
        messages.add(`For ${quoted}, ${shown(data)} is not a member of [${(params.allowedValues as Json[]).map(v => JSON.stringify(v)).join(', ')}].`)
        break
      case 'maxItems':
        messages.add(`Only ${params.limit} ${segments.at(-1) ?? 'items'} are allowed per request; ${(data as Json[]).length} were supplied.`)
        break
      case 'maxLength':
        messages.add(`Only ${params.limit} characters are allowed; ${[...(data as string)].length} were supplied.`)
        break
      case 'format':
        messages.add(`For ${quoted}, ${shown(data)} is not a valid ${params.format}.`)
        break
      default:
        messages.add(`For ${quoted}, ${shown(data)} ${error.message}.`)
    }
  }
  return [...messages]
}

/**
 * What the description says is wrong with an answer of `op`: a status it does not document (a success;
 * any operation may answer GitHub's errors), or a JSON body that does not match the status's schema.
 */
function responseProblems(document: Json, op: Operation, status: number, body: Json): string[] {
  const documented = op.raw.responses?.[String(status)]
  let key: string
  let schema: Json
  if (documented) {
    schema = resolve(document, documented)?.content?.['application/json']?.schema
    key = `${op.key} response ${status}`
    if (!schema) return []
  } else if (status >= 400) {
    // Errors every operation can answer (401, 403, ...): GitHub's error bodies.
    key = status === 422 ? 'validation-error' : 'basic-error'
    schema = { $ref: `#/components/schemas/${key}` }
  } else return [`status ${status} is not documented for ${op.id}`]
  if (body === undefined) return [`${status} has no JSON body, documented with one`]
  const validate = validator(document, key, schema)
  return validate(body) ? [] : problems(`${status} body`, validate.errors)
}

/** The problems responseProblems finds with an answer of the operation `key` ('POST /repos/{owner}/{repo}/releases'). */
export async function describedResponseProblems(key: string, status: number, body: unknown): Promise<string[]> {
  const { document, routes } = await loadDescription()
  const [method, template] = key.split(' ') as [string, string]
  const op = routes.flatMap(route => [...route.operations.values()]).find(o => o.method === method && o.template === template)
  if (!op) throw new Error(`No operation ${key} in the description`)
  return responseProblems(document, op, status, body)
}

/** A query or path value as the type its schema names (they arrive as text). */
function coerce(value: string, schema: Json): unknown {
  const types = ([] as string[]).concat(schema?.type ?? [])
  if ((types.includes('integer') || types.includes('number')) && /^-?\d+(\.\d+)?$/.test(value)) return Number(value)
  if (types.includes('boolean') && (value === 'true' || value === 'false')) return value === 'true'
  return value
}

// ---- the server -------------------------------------------------------------------------------

interface AssetState extends StoredAsset {
  nodeId: string
  updatedAt: string
  downloadCount: number
}

interface ReleaseState extends StoredRelease {
  assets: AssetState[]
  nodeId: string
  updatedAt: string
  /** The hex of a draft's untagged-<hex> html_url. */
  untagged: string
}

interface RunState extends CheckRunRecord {
  nodeId: string
  externalId: string | null
  detailsUrl: string | null
  startedAt: string | null
  completedAt: string | null
  suiteId: number
}

interface TagRef {
  commit: string
  /** The annotated tag object's SHA (none: a lightweight tag). */
  object?: string
  message?: string
  createdAt: string
}

interface Exchange {
  request: IncomingMessage
  response: ServerResponse
  method: string
  url: URL
  api: RequestRecord['api']
  requestId: string
  op?: Operation
  token?: string
  /** A fault answered this exchange: its answer is not checked against the description. */
  faulted?: boolean
}

interface Context {
  params: Record<string, string>
  query: URLSearchParams
  body: Json
  permissions: TokenPermissions
}

class Answer extends Error {
  constructor(
    readonly status: number,
    readonly body: Json,
    readonly headers: Record<string, string> = {}
  ) {
    super(typeof body?.message === 'string' ? body.message : `HTTP ${status}`)
  }
}

const now = (): string => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z')
const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
const base62 = (length: number): string => Array.from({ length }, () => BASE62[randomInt(62)]).join('')
const hex = (bytes: number): string => randomBytes(bytes).toString('hex')
const nodeId = (prefix: string): string => `${prefix}_kwDO${base62(12)}`
const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex')

const isObject = (value: unknown): value is Record<string, Json> => typeof value === 'object' && value !== null && !Array.isArray(value)
const isBase64 = (value: unknown): value is string =>
  typeof value === 'string' && value !== '' && /^[A-Za-z0-9+/]*={0,2}$/.test(value) && value.length % 4 === 0

/**
 * What makes `bundle` an attestation the API refuses ("Invalid Argument - <problem>"), or its statement's
 * subject digests and predicate type: a Sigstore bundle (v0.2/v0.3) with verification material (a
 * certificate, chain or public key, and a transparency-log entry or an RFC 3161 timestamp) and a DSSE
 * envelope whose in-toto statement names each subject once with a sha256 digest. The signature is not
 * verified here (GitHub documents no such refusal: a consumer verifies what is served).
 */
export function checkAttestationBundle(bundle: Json): { problem: string } | { digests: string[]; predicateType: string } {
  if (!isObject(bundle)) return { problem: 'bundle is not an object' }
  if (typeof bundle.mediaType !== 'string' || !BUNDLE_MEDIA_TYPES.has(bundle.mediaType))
    return { problem: `unsupported bundle media type ${JSON.stringify(bundle.mediaType ?? null)}` }
  const material = bundle.verificationMaterial
  if (!isObject(material)) return { problem: 'bundle has no verification material' }
  const certificate = isObject(material.certificate) && isBase64(material.certificate.rawBytes)
  const chain =
    isObject(material.x509CertificateChain) &&
    Array.isArray(material.x509CertificateChain.certificates) &&
    material.x509CertificateChain.certificates.length > 0 &&
    (material.x509CertificateChain.certificates as Json[]).every(c => isObject(c) && isBase64(c.rawBytes))
  const publicKey = isObject(material.publicKey) && typeof material.publicKey.hint === 'string'
  if (!certificate && !chain && !publicKey) return { problem: 'bundle verification material has no certificate or public key' }
  const tlog = Array.isArray(material.tlogEntries) && material.tlogEntries.length > 0
  const timestamps =
    isObject(material.timestampVerificationData) &&
    Array.isArray(material.timestampVerificationData.rfc3161Timestamps) &&
    material.timestampVerificationData.rfc3161Timestamps.length > 0
  if (!tlog && !timestamps) return { problem: 'bundle verification material has no transparency log entry or timestamp' }
  const envelope = bundle.dsseEnvelope
  if (!isObject(envelope)) return { problem: 'bundle has no DSSE envelope' }
  if (envelope.payloadType !== IN_TOTO_PAYLOAD) return { problem: `unsupported DSSE payload type ${JSON.stringify(envelope.payloadType ?? null)}` }
  if (!isBase64(envelope.payload)) return { problem: 'DSSE envelope payload is not base64' }
  const signatures = envelope.signatures
  if (!Array.isArray(signatures) || signatures.length !== 1 || !isObject(signatures[0]) || !isBase64(signatures[0].sig))
    return { problem: 'DSSE envelope must have exactly one signature' }
  let statement: Json
  try {
    statement = JSON.parse(Buffer.from(envelope.payload, 'base64').toString('utf8'))
  } catch {
    return { problem: 'DSSE envelope payload is not an in-toto statement' }
  }
  if (!isObject(statement) || !IN_TOTO_STATEMENTS.has(statement._type)) return { problem: 'DSSE envelope payload is not an in-toto statement' }
  if (typeof statement.predicateType !== 'string' || statement.predicateType === '') return { problem: 'statement has no predicate type' }
  const subjects = statement.subject
  if (!Array.isArray(subjects) || subjects.length === 0) return { problem: 'statement has no subject' }
  const seen = new Set<string>()
  const digests: string[] = []
  for (const subject of subjects) {
    const sha256 = isObject(subject) && isObject(subject.digest) ? subject.digest.sha256 : undefined
    if (typeof sha256 !== 'string' || !/^[0-9a-fA-F]{64}$/.test(sha256)) return { problem: 'statement subject has no sha256 digest' }
    const key = `${String(subject.name)}\u0000${sha256.toLowerCase()}`
    if (seen.has(key)) return { problem: 'duplicate subject in statement' }
    seen.add(key)
    const digest = `sha256:${sha256.toLowerCase()}`
    if (!digests.includes(digest)) digests.push(digest)
  }
  return { digests, predicateType: statement.predicateType }
}

/** git check-ref-format's rules for a tag's name. */
export function validTagName(name: string): boolean {
  if (!name || name === '@' || name.length > 255) return false
  if (/[\x00-\x20\x7f~^:?*[\\]/.test(name)) return false
  if (name.includes('..') || name.includes('@{') || name.includes('//')) return false
  if (name.startsWith('/') || name.endsWith('/') || name.endsWith('.')) return false
  return name.split('/').every(part => !part.startsWith('.') && !part.endsWith('.lock'))
}

/** GitHub renames an asset whose name has special characters; the basic rule: anything else becomes '.'. */
export function assetName(name: string): string {
  return name.replace(/[^A-Za-z0-9._+-]/g, '.')
}

const encodePath = (path: string): string => path.split('/').map(encodeURIComponent).join('/')

export class GitHubServer {
  readonly owner: string
  readonly repo: string
  readonly commits: string[]
  readonly defaultBranch: string
  /** The repository's numeric id: Link headers name /repositories/{id}/..., as GitHub's do. */
  readonly repositoryId = randomInt(100_000_000, 999_999_999)
  /** Live state, in creation order (deleted ones removed). */
  readonly releases: StoredRelease[] = []
  readonly checkRuns: CheckRunRecord[] = []
  /** Artifact attestations, in creation order. */
  readonly attestations: StoredAttestation[] = []
  readonly requests: RequestRecord[] = []
  readonly violations: Violation[] = []
  /** The injected faults that fired, in order. */
  readonly faults: FiredFault[] = []
  hooks: { beforeCreateRelease?: () => Promise<void> } = {}

  /**
   * Holds every POST /releases until `runs` of them arrived, so racing clients have each listed the
   * releases before any draft exists, and each creates one. Returns how many arrived.
   */
  raceReleaseCreation(runs = 2): () => number {
    let arrived = 0
    let open: () => void = () => {}
    const gate = new Promise<void>(resolve => (open = resolve))
    this.hooks.beforeCreateRelease = async () => {
      if (++arrived === runs) open()
      await gate
    }
    return () => arrived
  }

  private readonly apiServer: Server
  private readonly uploadServer: Server
  private apiOrigin = ''
  private uploadsOrigin = ''
  private readonly tokens = new Map<string, TokenPermissions & { used: number }>()
  private readonly tagRefs = new Map<string, TagRef>()
  private readonly releaseIds = new Map<number, ReleaseState>()
  private readonly assetIds = new Map<number, { asset: AssetState; release: ReleaseState }>()
  private readonly runIds = new Map<number, RunState>()
  private readonly runFacts = new Map<number, Partial<WorkflowRunFacts>>()
  private readonly queuedFaults: Array<{ fault: Fault; left: number }> = []
  /** Tags an immutable release had: GitHub refuses to publish another release on them. */
  private readonly immutableTags = new Set<string>()
  private readonly secret = randomBytes(32)
  private readonly links = new WeakMap<Socket, { free: number }>()
  private readonly rateLimitReset = Math.floor(Date.now() / 1000) + 3600
  private description: Description | undefined
  private latestId: number | undefined
  private nextReleaseId = 180_000_000 + randomInt(1_000_000)
  private nextAssetId = 250_000_000 + randomInt(1_000_000)
  private nextRunId = 30_000_000_000 + randomInt(1_000_000)
  private nextAttestationId = 10_000_000 + randomInt(1_000_000)

  constructor(private readonly options: GitHubServerOptions = {}) {
    this.owner = options.owner ?? 'octo-org'
    this.repo = options.repo ?? 'sample-greeter'
    this.defaultBranch = options.defaultBranch ?? 'main'
    this.commits = [...(options.commits ?? [hex(20)])]
    for (const sha of this.commits) if (!/^[0-9a-f]{40}$/.test(sha)) throw new Error(`Not a commit SHA: ${sha}`)
    for (const [name, target] of Object.entries(options.tags ?? {})) {
      const commit = typeof target === 'string' ? target : target.sha
      if (!this.commits.includes(commit)) throw new Error(`Tag ${name} points at ${commit}, not one of the commits`)
      this.tagRefs.set(name, { commit, createdAt: now(), ...(typeof target === 'string' ? {} : { object: hex(20), message: `Release ${name}\n` }) })
    }
    this.apiServer = loopbackServer((request, response) => this.handleApi(request, response))
    this.uploadServer = loopbackServer((request, response) => this.handleUploads(request, response))
  }

  async start(): Promise<this> {
    this.description = await loadDescription()
    this.apiOrigin = await listen(this.apiServer)
    this.uploadsOrigin = await listen(this.uploadServer)
    return this
  }

  async stop(): Promise<void> {
    await Promise.all([close(this.apiServer), close(this.uploadServer)])
  }

  /** What GITHUB_API_URL is set to. */
  get apiUrl(): string {
    return this.apiOrigin
  }

  /** The upload listener's origin (uploads.github.com's part): upload_url and signed download URLs. */
  get uploadOrigin(): string {
    return this.uploadsOrigin
  }

  /** html_url's and browser_download_url's base (github.com's part). */
  get serverUrl(): string {
    return this.apiOrigin
  }

  /** A new installation token with these permissions (ghs_ + 36 base62 characters, as GitHub's). */
  token(permissions: TokenPermissions): string {
    const token = `ghs_${base62(36)}`
    this.tokens.set(token, { ...permissions, used: 0 })
    return token
  }

  /** Changes what GET …/actions/runs/{id} says of run `id` (a run of the linked artifact service). */
  setRun(id: number, facts: Partial<WorkflowRunFacts>): this {
    this.runFacts.set(id, { ...this.runFacts.get(id), ...facts })
    return this
  }

  /** GET …/actions/runs/{id} answers for run `id` as it did before any setRun. */
  resetRun(id: number): this {
    this.runFacts.delete(id)
    return this
  }

  /** Tag → the commit it points at. */
  tags(): Record<string, string> {
    return Object.fromEntries([...this.tagRefs].map(([name, ref]) => [name, ref.commit]))
  }

  /** Queues faults; each fires on the next `times` (default 1) requests it names, in the order queued. */
  inject(...faults: Fault[]): this {
    for (const fault of faults) this.queuedFaults.push({ fault, left: fault.times ?? 1 })
    return this
  }

  /** The violations so far, removed from `violations` (for a test that provoked them on purpose). */
  takeViolations(): Violation[] {
    return this.violations.splice(0)
  }

  publishedRelease(tag: string): StoredRelease | undefined {
    return this.state().find(r => !r.draft && r.tagName === tag)
  }

  /** The release GET /releases/latest answers with. */
  latestRelease(): StoredRelease | undefined {
    return this.latest()
  }

  /** Puts a release (and its assets) in place without a request; a published one gets its tag. */
  seedRelease(seed: SeedRelease): StoredRelease {
    const draft = seed.draft ?? false
    if (!draft && this.publishedRelease(seed.tagName)) throw new Error(`A published release has tag ${seed.tagName} already`)
    const commit = this.tagRefs.get(seed.tagName)?.commit ?? this.commitFor(seed.targetCommitish ?? this.defaultBranch)
    if (!commit) throw new Error(`Unknown target_commitish ${seed.targetCommitish}`)
    if (!validTagName(seed.tagName)) throw new Error(`Invalid tag name ${seed.tagName}`)
    const release = this.newRelease({
      tagName: seed.tagName,
      targetCommitish: seed.targetCommitish ?? this.defaultBranch,
      name: seed.name ?? null,
      body: seed.body ?? null,
      draft,
      prerelease: seed.prerelease ?? false,
      makeLatest: seed.makeLatest,
      generatedNotes: false
    })
    if (!draft) this.publish(release, commit, seed.immutable)
    for (const asset of seed.assets ?? []) {
      const content = Buffer.from(asset.content)
      this.addAsset(release, assetName(asset.name), asset.label ?? null, asset.contentType ?? 'application/octet-stream', content, asset.state ?? 'uploaded')
    }
    return release
  }

  // ---- the listeners --------------------------------------------------------------------------

  private async handleApi(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', this.apiOrigin)
    const site = this.siteRoute(url.pathname)
    const ex = this.exchange(request, response, url, site?.kind === 'download' ? 'download' : 'api')
    if ((await this.preamble(ex)) === 'answered') return
    if (site) return this.serveSite(ex, site)
    await this.serveOperation(ex, false, undefined)
  }

  private async handleUploads(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', this.uploadsOrigin)
    const storage = url.pathname.startsWith(STORAGE_PREFIX)
    const ex = this.exchange(request, response, url, storage ? 'download' : 'upload')
    const fault = await this.preamble(ex)
    if (fault === 'answered') return
    if (storage) return this.serveStorage(ex)
    await this.serveOperation(ex, true, fault)
  }

  private exchange(request: IncomingMessage, response: ServerResponse, url: URL, api: RequestRecord['api']): Exchange {
    const requestId = [4, 4, 6, 6, 8].map(n => hex(n).slice(0, n).toUpperCase()).join(':')
    return { request, response, method: request.method ?? 'GET', url, api, requestId }
  }

  /** The link's latency, then the fault this request meets: answered here, or one the upload acts on later. */
  private async preamble(ex: Exchange): Promise<Fault | 'answered' | undefined> {
    const fault = this.takeFault(ex)
    if (this.options.latencyMs) await sleep(this.options.latencyMs)
    if (!fault) return undefined
    if ('delayMs' in fault) {
      await sleep(fault.delayMs)
      return undefined
    }
    if ('starter' in fault || 'storedThen502' in fault || 'hangAfterStore' in fault) return fault
    if ('reset' in fault) {
      await this.resetMidUpload(ex)
      return 'answered'
    }
    ex.faulted = true
    await this.receive(ex.request, false)
    if ('echo' in fault) this.sendEcho(ex, fault)
    else this.sendFault(ex, fault)
    return 'answered'
  }

  private sendEcho(ex: Exchange, fault: Extract<Fault, { echo: string }>): void {
    const authorization = ex.request.headers.authorization ?? ''
    this.record(ex, fault.echo === 'redirect' ? 307 : fault.status)
    if (fault.echo === 'redirect') {
      const location = `${this.apiUrl}/login?return_to=${encodeURIComponent(ex.url.pathname)}&authorization=${encodeURIComponent(authorization)}`
      ex.response.writeHead(307, { location, 'content-length': 0, 'x-github-request-id': ex.requestId })
      ex.response.end()
      return
    }
    const reason = `${STATUS_CODES[fault.status] ?? ''}${fault.echo === 'reason' ? ` (${authorization})` : ''}`
    const body = JSON.stringify({
      message:
        fault.echo === 'body'
          ? `Bad credentials: ${authorization}`
          : fault.echo === 'encoded'
            ? `Bad credentials: ${encodedForms(authorization.replace(/^\S+\s+/, ''))}`
            : 'Bad credentials',
      documentation_url: DOCS,
      status: String(fault.status)
    })
    ex.response.writeHead(fault.status, reason, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(body),
      'x-github-request-id': ex.requestId
    })
    ex.response.end(body)
  }

  private takeFault(ex: Exchange): Fault | undefined {
    const uploadPost = ex.api === 'upload' && ex.method === 'POST'
    const at = this.queuedFaults.findIndex(({ fault }) => {
      if (fault.on === 'any') return true
      if (fault.on === 'upload') return uploadPost
      return fault.on === ex.api
    })
    const queued = this.queuedFaults[at]
    if (!queued) return undefined
    if (--queued.left === 0) this.queuedFaults.splice(at, 1)
    this.faults.push({ fault: queued.fault, method: ex.method, path: ex.url.pathname })
    return queued.fault
  }

  /** An injected error, as GitHub's front ends answer it. */
  private sendFault(ex: Exchange, fault: Fault): void {
    const headers: Record<string, string> = {}
    let status: number
    let body: Json
    if ('secondaryRateLimit' in fault) {
      status = 403
      headers['retry-after'] = String(fault.retryAfter)
      body = {
        message: `You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID ${ex.requestId}.`,
        documentation_url: SECONDARY_RATE_LIMIT_DOCS,
        status: '403'
      }
    } else if ('rateLimitReset' in fault) {
      status = 403
      const reset = Math.floor(Date.now() / 1000) + fault.rateLimitReset
      Object.assign(headers, {
        'x-ratelimit-limit': String(RATE_LIMIT),
        'x-ratelimit-remaining': '0',
        'x-ratelimit-used': String(RATE_LIMIT),
        'x-ratelimit-reset': String(reset),
        'x-ratelimit-resource': 'core'
      })
      body = {
        message: `API rate limit exceeded for installation ID ${this.repositoryId % 100_000_000}.`,
        documentation_url: PRIMARY_RATE_LIMIT_DOCS,
        status: '403'
      }
    } else if ('status' in fault && fault.status === 429) {
      status = 429
      headers['retry-after'] = String(fault.retryAfter)
      body = {
        message: `You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID ${ex.requestId}.`,
        documentation_url: SECONDARY_RATE_LIMIT_DOCS,
        status: '429'
      }
    } else if ('status' in fault) {
      status = fault.status
      if (ex.api === 'download')
        return this.sendXml(
          ex,
          status,
          status === 503 ? 'SlowDown' : 'InternalError',
          status === 503 ? 'Please reduce your request rate.' : 'We encountered an internal error. Please try again.'
        )
      if (status === 502 && ex.api === 'upload') return this.sendBadGateway(ex)
      const message =
        status === 500
          ? 'Server Error'
          : status === 502
            ? "We couldn't respond to your request in time. Sorry about that. Please try resubmitting your request and contact us if the problem persists."
            : 'Service Unavailable'
      body = { message, documentation_url: DOCS, status: String(status) }
    } else {
      // starter / storedThen502: the upload stored (or half-stored) the asset, then the gateway failed.
      return this.sendBadGateway(ex)
    }
    this.sendJson(ex, status, body, headers)
  }

  /** uploads.github.com's gateway failure: an HTML page, not JSON. */
  private sendBadGateway(ex: Exchange): void {
    const body =
      '<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1><p>The proxy server received an invalid response from an upstream server.</p></body></html>\n'
    this.record(ex, 502)
    ex.response.writeHead(502, { 'content-type': 'text/html', 'content-length': Buffer.byteLength(body), 'x-github-request-id': ex.requestId })
    ex.response.end(body)
  }

  /** Resets the connection once half the body (by its Content-Length) has arrived: nothing is stored. */
  private async resetMidUpload(ex: Exchange): Promise<void> {
    const half = Number(ex.request.headers['content-length'] ?? 0) / 2
    let received = 0
    await new Promise<void>(resolve => {
      ex.request.on('data', (chunk: Buffer) => {
        received += chunk.length
        if (received >= half) resolve()
      })
      ex.request.on('end', resolve)
      ex.request.on('error', () => resolve())
    })
    this.record(ex, 0)
    ex.request.socket.resetAndDestroy()
  }

  /**
   * Reads a request's body at the link's pace (bytesPerSecond per connection): the bytes when `keep`,
   * else only their count; undefined when the connection went away before the end.
   */
  private async receive(request: IncomingMessage, keep: boolean, limit = Infinity): Promise<{ data: Buffer; size: number } | undefined> {
    const chunks: Buffer[] = []
    let size = 0
    try {
      for await (const chunk of request as AsyncIterable<Buffer>) {
        size += chunk.length
        if (keep && size <= limit) chunks.push(chunk)
        await this.throttle(request.socket, chunk.length)
      }
    } catch {
      return undefined
    }
    if (!request.complete) return undefined
    return { data: keep ? Buffer.concat(chunks) : Buffer.alloc(0), size }
  }

  private async throttle(socket: Socket, bytes: number): Promise<void> {
    const rate = this.options.bytesPerSecond
    if (!rate) return
    let link = this.links.get(socket)
    if (!link) this.links.set(socket, (link = { free: Date.now() }))
    link.free = Math.max(link.free, Date.now()) + (bytes / rate) * 1000
    const wait = link.free - Date.now()
    if (wait >= 1) await sleep(wait)
  }

  // ---- answers --------------------------------------------------------------------------------

  private record(ex: Exchange, status: number): void {
    this.requests.push({ method: ex.method, path: ex.url.pathname, query: ex.url.search.slice(1), status, api: ex.api })
  }

  private violation(ex: Exchange, problem: string): void {
    this.violations.push({ method: ex.method, path: ex.url.pathname, problem })
  }

  private githubHeaders(ex: Exchange): Record<string, string> {
    const headers: Record<string, string> = {
      server: 'github.com',
      'x-github-api-version-selected': API_VERSION,
      'x-github-media-type': 'github.v3; format=json',
      'x-github-request-id': ex.requestId
    }
    const permission = ex.op && NEEDS[ex.op.id]
    if (permission) headers['x-accepted-github-permissions'] = `${permission[0]}=${permission[1]}`
    const token = ex.token && this.tokens.get(ex.token)
    if (token) {
      Object.assign(headers, {
        'x-ratelimit-limit': String(RATE_LIMIT),
        'x-ratelimit-remaining': String(Math.max(0, RATE_LIMIT - token.used)),
        'x-ratelimit-reset': String(this.rateLimitReset),
        'x-ratelimit-used': String(token.used),
        'x-ratelimit-resource': 'core'
      })
    }
    return headers
  }

  /** A JSON answer with GitHub's headers, checked against the operation's documented response. */
  private sendJson(ex: Exchange, status: number, body: Json, headers: Record<string, string> = {}): void {
    if (!ex.faulted) this.checkResponse(ex, status, body)
    const text = JSON.stringify(body)
    this.record(ex, status)
    ex.response.writeHead(status, {
      ...this.githubHeaders(ex),
      'content-type': 'application/json; charset=utf-8',
      'content-length': String(Buffer.byteLength(text)),
      ...headers
    })
    ex.response.end(text)
  }

  /** An answer without a body (204, 302). */
  private sendEmpty(ex: Exchange, status: number, headers: Record<string, string> = {}): void {
    if (!ex.faulted) this.checkResponse(ex, status, undefined)
    this.record(ex, status)
    ex.response.writeHead(status, { ...this.githubHeaders(ex), 'content-length': '0', ...headers })
    ex.response.end()
  }

  /** S3's error document (the storage behind the signed download URLs). */
  private sendXml(ex: Exchange, status: number, code: string, message: string): void {
    const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>${hex(8).toUpperCase()}</RequestId><HostId>${randomBytes(48).toString('base64')}</HostId></Error>`
    this.record(ex, status)
    ex.response.writeHead(status, { 'content-type': 'application/xml', 'content-length': String(Buffer.byteLength(body)), server: 'AmazonS3' })
    ex.response.end(body)
  }

  /** A ref update that would make workflow changes reachable, with a token that may not change workflows (commitsChangeWorkflows). */
  private needWorkflows(ex: Exchange, permissions: TokenPermissions): void {
    if (this.options.commitsChangeWorkflows && permissions.workflows !== 'write') {
      const refused = this.fail(403, 'Resource not accessible by integration', ex.op?.docs)
      throw new Answer(refused.status, refused.body, { 'x-accepted-github-permissions': 'contents=write; workflows=write' })
    }
  }

  private fail(status: number, message: string, docs = DOCS, extra: Json = {}): Answer {
    return new Answer(status, { message, documentation_url: docs, status: String(status), ...extra })
  }

  /** A ref change a repository rule refuses (an immutable release's tag), as GitHub's REST answer words it. */
  private ruleViolation(ex: Exchange, rule: string): Answer {
    return this.fail(422, `Repository rule violations found\n\n${rule}\n\n`, ex.op?.docs ?? DOCS)
  }

  private notFound(ex: Exchange): Answer {
    return this.fail(404, 'Not Found', ex.op?.docs ?? DOCS)
  }

  private validationFailed(ex: Exchange, errors: Json[]): Answer {
    return this.fail(422, 'Validation Failed', ex.op?.docs ?? DOCS, { errors })
  }

  private checkResponse(ex: Exchange, status: number, body: Json): void {
    if (!ex.op || !this.description) return
    for (const problem of responseProblems(this.description.document, ex.op, status, body)) this.violation(ex, `response: ${problem}`)
  }

  // ---- the API --------------------------------------------------------------------------------

  private async serveOperation(ex: Exchange, upload: boolean, fault: Fault | undefined): Promise<void> {
    const { routes } = this.description as Description
    let path = ex.url.pathname
    const alias = `/repositories/${this.repositoryId}`
    if (path === alias || path.startsWith(`${alias}/`)) path = `/repos/${this.owner}/${this.repo}${path.slice(alias.length)}`
    const match = matchOperation(routes, ex.method, path, upload)
    try {
      if (!match.op) {
        this.violation(ex, match.problem)
        throw this.fail(404, 'Not Found')
      }
      const op = (ex.op = match.op)
      const handler = this.handlers[op.id]
      if (!handler) {
        this.violation(ex, `${op.id} (${op.key}) is documented but not implemented by this test server`)
        throw this.notFound(ex)
      }
      // The version header: GitHub refuses one it does not know.
      const version = ex.request.headers['x-github-api-version']
      if (version !== undefined && version !== API_VERSION) {
        this.violation(ex, `header X-GitHub-Api-Version ${String(version)} is not a supported version`)
        throw this.fail(400, `API version ${String(version)} is not supported.`, DOCS)
      }
      let raw: Buffer | undefined
      if (!upload) {
        const received = await this.receive(ex.request, true, MAX_JSON_BODY)
        if (!received) return this.record(ex, 0)
        raw = received.data
      }
      const checked = this.checkRequest(ex, op, match.params, raw)
      const permissions = this.authenticate(ex)
      if (match.params.owner?.toLowerCase() !== this.owner.toLowerCase() || match.params.repo?.toLowerCase() !== this.repo.toLowerCase())
        throw this.notFound(ex)
      if (checked.pathInvalid) throw this.notFound(ex)
      const [scope, level] = NEEDS[op.id] as [keyof TokenPermissions, Permission]
      const granted = permissions[scope]
      if (!granted || (level === 'write' && granted !== 'write')) throw this.fail(403, 'Resource not accessible by integration', op.docs)
      if (checked.answer) throw checked.answer
      await handler.call(this, ex, { params: match.params, query: ex.url.searchParams, body: checked.body, permissions }, fault)
    } catch (error) {
      if (!(error instanceof Answer)) throw error
      // An upload is answered once its body has arrived (a client still sending would not read the answer).
      if (upload && !(await this.receive(ex.request, false))) return this.record(ex, 0)
      if (error.status === 204 || error.status === 302) this.sendEmpty(ex, error.status, error.headers)
      else this.sendJson(ex, error.status, error.body, error.headers)
    }
  }

  /** The token's permissions, or a 401 (counted against its rate limit, as GitHub counts every request). */
  private authenticate(ex: Exchange): TokenPermissions {
    const header = ex.request.headers.authorization
    if (!header) throw this.fail(401, 'Requires authentication', ex.op?.docs ?? DOCS)
    const token = /^(?:bearer|token)\s+(\S+)\s*$/i.exec(header)?.[1]
    const permissions = token === undefined ? undefined : this.tokens.get(token)
    if (!token || !permissions) throw this.fail(401, 'Bad credentials', DOCS)
    ex.token = token
    permissions.used++
    return permissions
  }

  /**
   * Checks path and query parameters and the JSON body against the operation's description; what
   * fails is recorded, and becomes the answer GitHub gives (a path parameter of the wrong type: 404, a
   * body: 400 or 422). Query parameters GitHub is lenient about (per_page above 100 is read as 100).
   */
  private checkRequest(
    ex: Exchange,
    op: Operation,
    params: Record<string, string>,
    raw: Buffer | undefined
  ): { pathInvalid: boolean; answer?: Answer; body: Json } {
    const document = (this.description as Description).document
    let pathInvalid = false
    let answer: Answer | undefined
    for (const parameter of op.parameters) {
      const where = parameter.in as string
      if (where !== 'path' && where !== 'query') continue
      const text = where === 'path' ? params[parameter.name] : ex.url.searchParams.get(parameter.name)
      if (text === null || text === undefined) {
        if (parameter.required) {
          this.violation(ex, `${where} must have required property '${parameter.name}'`)
          answer ??= this.validationFailed(ex, [{ resource: op.upload ? 'ReleaseAsset' : 'Request', code: 'missing_field', field: parameter.name }])
        }
        continue
      }
      const validate = validator(document, `${op.key} ${where} ${parameter.name}`, parameter.schema ?? {})
      if (!validate(coerce(text, parameter.schema))) {
        for (const problem of problems(`${where}/${parameter.name}`, validate.errors)) this.violation(ex, problem)
        if (where === 'path') pathInvalid = true
      }
      if (where === 'query' && parameter.name === 'per_page' && Number(text) > 100)
        this.violation(ex, `query/per_page must be <= 100 (GitHub answers 100 per page)`)
    }
    const schema = op.raw.requestBody?.content?.['application/json']?.schema
    if (!schema) return { pathInvalid, answer, body: undefined }
    const text = (raw ?? Buffer.alloc(0)).toString('utf8')
    let body: Json = {}
    if (text.trim() !== '') {
      try {
        body = JSON.parse(text)
      } catch {
        this.violation(ex, 'body is not valid JSON')
        return { pathInvalid, answer: answer ?? this.fail(400, 'Problems parsing JSON', op.docs), body: undefined }
      }
    } else if (op.raw.requestBody.required) this.violation(ex, 'body is required and was not sent')
    const validate = validator(document, `${op.key} body`, schema)
    if (!validate(body)) {
      for (const problem of problems('body', validate.errors)) this.violation(ex, problem)
      const message = ['Invalid request.', '', ...githubMessages(validate.errors)].join('\n')
      answer ??= this.fail(422, message, op.docs)
    }
    return { pathInvalid, answer, body }
  }

  private readonly handlers: Record<string, (ex: Exchange, ctx: Context, fault: Fault | undefined) => void | Promise<void>> = {
    'repos/list-releases': (ex, ctx) =>
      this.sendPage(
        ex,
        ctx,
        this.visibleReleases(ctx).map(r => this.releaseJson(r))
      ),
    'repos/get-release': (ex, ctx) => this.sendJson(ex, 200, this.releaseJson(this.visibleRelease(ex, ctx, ctx.params.release_id))),
    'repos/get-latest-release': ex => {
      const latest = this.latest()
      if (!latest) throw this.notFound(ex)
      this.sendJson(ex, 200, this.releaseJson(latest))
    },
    'repos/get-release-by-tag': (ex, ctx) => {
      // Only a published release is found by its tag: a draft has no tag yet.
      const release = this.publishedRelease(ctx.params.tag as string) as ReleaseState | undefined
      if (!release) throw this.notFound(ex)
      this.sendJson(ex, 200, this.releaseJson(release))
    },
    'repos/create-release': (ex, ctx) => this.createRelease(ex, ctx),
    'repos/update-release': (ex, ctx) => this.updateRelease(ex, ctx),
    'repos/delete-release': (ex, ctx) => {
      const release = this.visibleRelease(ex, ctx, ctx.params.release_id)
      this.releases.splice(this.releases.indexOf(release), 1)
      this.releaseIds.delete(release.id)
      for (const asset of release.assets) this.assetIds.delete(asset.id)
      if (release.immutable) this.immutableTags.add(release.tagName)
      if (this.latestId === release.id) this.latestId = undefined
      this.sendEmpty(ex, 204)
    },
    'repos/generate-release-notes': (ex, ctx) => {
      const tag = ctx.body.tag_name as string
      this.sendJson(ex, 200, { name: tag, body: this.generateNotes(tag, ctx.body.previous_tag_name) })
    },
    'repos/list-release-assets': (ex, ctx) => {
      const release = this.visibleRelease(ex, ctx, ctx.params.release_id)
      this.sendPage(
        ex,
        ctx,
        release.assets.map(a => this.assetJson(a, release))
      )
    },
    'repos/get-release-asset': (ex, ctx) => {
      const { asset, release } = this.visibleAsset(ex, ctx)
      const accept = String(ex.request.headers.accept ?? '')
      if (!accept.includes('application/octet-stream')) return this.sendJson(ex, 200, this.assetJson(asset, release))
      if (asset.state !== 'uploaded') throw this.notFound(ex)
      this.sendEmpty(ex, 302, { location: this.signedUrl(asset) })
    },
    'repos/update-release-asset': (ex, ctx) => {
      const { asset, release } = this.visibleAsset(ex, ctx)
      if (release.immutable) throw this.fail(422, 'Cannot modify an asset of an immutable release.', ex.op?.docs)
      const name = typeof ctx.body.name === 'string' ? assetName(ctx.body.name) : asset.name
      if (release.assets.some(a => a !== asset && a.name === name))
        throw this.validationFailed(ex, [{ resource: 'ReleaseAsset', code: 'already_exists', field: 'name' }])
      asset.name = name
      if (typeof ctx.body.label === 'string') asset.label = ctx.body.label
      asset.updatedAt = now()
      this.sendJson(ex, 200, this.assetJson(asset, release))
    },
    'repos/delete-release-asset': (ex, ctx) => {
      const { asset, release } = this.visibleAsset(ex, ctx)
      if (release.immutable) throw this.fail(422, 'Cannot delete an asset of an immutable release.', ex.op?.docs)
      release.assets.splice(release.assets.indexOf(asset), 1)
      this.assetIds.delete(asset.id)
      this.sendEmpty(ex, 204)
    },
    'repos/upload-release-asset': (ex, ctx, fault) => this.uploadAsset(ex, ctx, fault),
    'repos/check-immutable-releases': ex => {
      if (!this.options.immutableReleases) throw this.notFound(ex)
      this.sendJson(ex, 200, { enabled: true, enforced_by_owner: false })
    },
    'git/get-ref': (ex, ctx) => {
      const ref = this.refJson(ctx.params.ref as string)
      if (!ref) throw this.notFound(ex)
      this.sendJson(ex, 200, ref)
    },
    'git/list-matching-refs': (ex, ctx) => {
      const prefix = `refs/${ctx.params.ref}`
      const names = [`refs/heads/${this.defaultBranch}`, ...[...this.tagRefs.keys()].map(t => `refs/tags/${t}`)]
      const refs = names.filter(n => n.startsWith(prefix)).sort()
      this.sendJson(
        ex,
        200,
        refs.map(n => this.refJson(n.slice('refs/'.length)))
      )
    },
    'git/get-tag': (ex, ctx) => {
      const entry = [...this.tagRefs].find(([, ref]) => ref.object === ctx.params.tag_sha)
      if (!entry) throw this.notFound(ex)
      const [name, ref] = entry
      const base = this.repoApi()
      this.sendJson(ex, 200, {
        node_id: nodeId('TA'),
        sha: ref.object,
        url: `${base}/git/tags/${ref.object}`,
        tagger: { name: 'Octo Releaser', email: 'releaser@example.com', date: ref.createdAt },
        object: { sha: ref.commit, type: 'commit', url: `${base}/git/commits/${ref.commit}` },
        tag: name,
        message: ref.message ?? '',
        verification: { verified: false, reason: 'unsigned', signature: null, payload: null, verified_at: null }
      })
    },
    'git/create-ref': (ex, ctx) => {
      this.needWorkflows(ex, ctx.permissions)
      const ref = ctx.body.ref as string
      const sha = ctx.body.sha as string
      const tag = /^refs\/tags\/(.+)$/.exec(ref)?.[1]
      if (!tag || !validTagName(tag)) throw this.fail(422, 'Reference name is not valid (this server creates tags only)', ex.op?.docs)
      if (!this.commits.includes(sha)) throw this.fail(422, 'Object does not exist', ex.op?.docs)
      if (this.tagRefs.has(tag)) throw this.fail(422, 'Reference already exists', ex.op?.docs)
      this.tagRefs.set(tag, { commit: sha, createdAt: now() })
      this.sendJson(ex, 201, this.refJson(`tags/${tag}`), { location: `${this.repoApi()}/git/refs/tags/${encodePath(tag)}` })
    },
    // PATCH .../git/refs/{ref} { sha, force }: a tag moved to another commit (made lightweight). Without
    // force, only a fast-forward (the new commit descends from the old one; this server's history is
    // linear, commits[0] the newest). GitHub answers a ref that does not exist with 422 "Reference does
    // not exist", a refused rewind with 422 "Update is not a fast forward", and a tag an immutable release
    // holds (rule source immutable_release_tag) as a repository rule violation.
    'git/update-ref': (ex, ctx) => {
      this.needWorkflows(ex, ctx.permissions)
      const name = ctx.params.ref as string
      const sha = ctx.body.sha as string
      const tag = /^tags\/(.+)$/.exec(name)?.[1]
      const current = tag === undefined ? undefined : this.tagRefs.get(tag)
      if (tag === undefined || !current) throw this.fail(422, 'Reference does not exist', ex.op?.docs)
      if (!this.commits.includes(sha)) throw this.fail(422, 'Object does not exist', ex.op?.docs)
      const fastForward = this.commits.indexOf(sha) <= this.commits.indexOf(current.commit)
      if (ctx.body.force !== true && !fastForward) throw this.fail(422, 'Update is not a fast forward', ex.op?.docs)
      const held = this.immutableTags.has(tag) || this.state().some(r => r.immutable && !r.draft && r.tagName === tag)
      if (held && sha !== current.commit) throw this.ruleViolation(ex, 'Cannot update this protected ref.')
      this.tagRefs.set(tag, { commit: sha, createdAt: current.createdAt })
      this.sendJson(ex, 200, this.refJson(`tags/${tag}`))
    },
    'repos/get-commit': (ex, ctx) => {
      const sha = this.commitFor(ctx.params.ref as string)
      if (!sha) throw this.fail(422, `No commit found for SHA: ${ctx.params.ref}`, ex.op?.docs)
      this.sendJson(ex, 200, this.commitJson(sha))
    },
    'checks/create': (ex, ctx) => this.createCheckRun(ex, ctx),
    'checks/update': (ex, ctx) => this.updateCheckRun(ex, ctx),
    'checks/get': (ex, ctx) => this.sendJson(ex, 200, this.checkRunJson(this.checkRun(ex, ctx))),
    'checks/list-annotations': (ex, ctx) => {
      const run = this.checkRun(ex, ctx)
      const blob = `${this.serverUrl}/${this.owner}/${this.repo}/blob/${run.headSha}`
      const annotations = (run.annotations as Json[]).map(a => ({
        path: a.path,
        blob_href: `${blob}/${a.path}`,
        start_line: a.start_line,
        end_line: a.end_line,
        start_column: a.start_column ?? null,
        end_column: a.end_column ?? null,
        annotation_level: a.annotation_level ?? null,
        title: a.title ?? null,
        message: a.message ?? null,
        raw_details: a.raw_details ?? null
      }))
      this.sendPage(ex, ctx, annotations)
    },
    'actions/list-artifacts-for-repo': (ex, ctx) => {
      const service = this.artifactService(ex)
      const all = service.artifacts.filter(a => a.finalized && service.runOf(a.run) !== undefined)
      this.sendArtifacts(ex, ctx, all)
    },
    // An unknown run has no artifacts: GitHub answers an empty list, not a 404.
    'actions/list-workflow-run-artifacts': (ex, ctx) => this.sendArtifacts(ex, ctx, this.artifactService(ex).runArtifacts(Number(ctx.params.run_id))),
    'actions/get-artifact': (ex, ctx) => this.sendJson(ex, 200, this.artifactJson(this.storedArtifact(ex, ctx))),
    'actions/get-workflow-run': (ex, ctx) => {
      const id = Number(ctx.params.run_id)
      if (!this.artifactService(ex).knownRun(id)) throw this.notFound(ex)
      this.sendJson(ex, 200, this.workflowRunJson(id))
    },
    'actions/download-artifact': (ex, ctx) => {
      const artifact = this.storedArtifact(ex, ctx)
      // "The :archive_format must be zip."
      if (ctx.params.archive_format !== 'zip') throw this.notFound(ex)
      const service = this.artifactService(ex)
      if (service.expired(artifact)) throw this.fail(410, 'Artifact has expired', ex.op?.docs)
      this.sendEmpty(ex, 302, { location: service.downloadUrl(artifact) })
    },
    'actions/delete-artifact': (ex, ctx) => {
      this.artifactService(ex).deleteArtifact(this.storedArtifact(ex, ctx))
      this.sendEmpty(ex, 204)
    },
    'repos/create-attestation': (ex, ctx) => {
      const checked = checkAttestationBundle(ctx.body.bundle)
      if ('problem' in checked) throw this.fail(422, `Invalid Argument - ${checked.problem}`, ATTESTATION_DOCS)
      const attestation: StoredAttestation = { id: this.nextAttestationId++, bundle: ctx.body.bundle, ...checked, createdAt: now() }
      this.attestations.push(attestation)
      this.sendJson(ex, 201, { id: attestation.id })
    },
    'repos/list-attestations': (ex, ctx) => this.listAttestations(ex, ctx)
  }

  // ---- artifact attestations ------------------------------------------------------------------

  /**
   * The attestations of a subject digest (and predicate_type, a documented short name or the type
   * itself), oldest first, a page of per_page (default 30, at most 100) after or before a cursor; the
   * Link header names the next and previous pages by cursor. None: 404.
   */
  private listAttestations(ex: Exchange, ctx: Context): void {
    const digest = (ctx.params.subject_digest as string).toLowerCase()
    const predicate = ctx.query.get('predicate_type')
    const matches = (type: string): boolean => predicate === null || predicate === '' || (PREDICATE_ALIASES[predicate]?.(type) ?? type === predicate)
    const all = this.attestations.filter(a => a.digests.includes(digest) && matches(a.predicateType))
    if (all.length === 0) throw this.notFound(ex)
    const asked = Number(ctx.query.get('per_page'))
    const perPage = Number.isInteger(asked) && asked > 0 ? Math.min(asked, 100) : 30
    const cursor = (name: 'before' | 'after'): number | undefined => {
      const text = ctx.query.get(name)
      if (text === null || text === '') return undefined
      const id = /^attestation:(\d+)$/.exec(Buffer.from(text, 'base64url').toString('utf8'))?.[1]
      if (id === undefined) {
        this.violation(ex, `query/${name} is not a cursor this server gave in a Link header`)
        return undefined
      }
      return Number(id)
    }
    const after = cursor('after')
    const before = cursor('before')
    let page: StoredAttestation[]
    if (before !== undefined && after === undefined) page = all.filter(a => a.id < before).slice(-perPage)
    else page = all.filter(a => after === undefined || a.id > after).slice(0, perPage)
    const link = (name: 'before' | 'after', id: number): string => {
      const query = new URLSearchParams(ex.url.searchParams)
      query.delete('before')
      query.delete('after')
      query.set(name, Buffer.from(`attestation:${id}`).toString('base64url'))
      return `<${this.apiOrigin}/repositories/${this.repositoryId}/attestations/${encodeURIComponent(ctx.params.subject_digest as string)}?${query}>`
    }
    const links: string[] = []
    const first = page[0]
    const last = page.at(-1)
    if (last && all.some(a => a.id > last.id)) links.push(`${link('after', last.id)}; rel="next"`)
    if (first && all.some(a => a.id < first.id)) links.push(`${link('before', first.id)}; rel="prev"`)
    const body = { attestations: page.map(a => ({ bundle: a.bundle, repository_id: this.repositoryId, initiator: 'user' })) }
    this.sendJson(ex, 200, body, links.length ? { link: links.join(', ') } : {})
  }

  // ---- workflow-run artifacts (the linked artifact service's store) ---------------------------

  private artifactService(ex: Exchange): ArtifactService {
    if (!this.options.artifacts) {
      this.violation(ex, `${ex.op?.id} needs an artifact service: construct GitHubServer with the \`artifacts\` option`)
      throw this.notFound(ex)
    }
    return this.options.artifacts
  }

  private storedArtifact(ex: Exchange, ctx: Context): StoredArtifact {
    const service = this.artifactService(ex)
    const artifact = service.artifactById(Number(ctx.params.artifact_id))
    // Only artifacts of this repository's runs (the service's registered runs) are found.
    if (!artifact || !service.runOf(artifact.run)) throw this.notFound(ex)
    return artifact
  }

  /** A page of artifacts (`name` filter, `direction` by id, newest first by default) as { total_count, artifacts }. */
  private sendArtifacts(ex: Exchange, ctx: Context, artifacts: StoredArtifact[]): void {
    const name = ctx.query.get('name')
    const listed = artifacts.filter(a => name === null || a.name === name).sort((a, b) => (ctx.query.get('direction') === 'asc' ? a.id - b.id : b.id - a.id))
    this.sendPage(
      ex,
      ctx,
      listed.map(a => this.artifactJson(a)),
      page => ({ total_count: listed.length, artifacts: page })
    )
  }

  private artifactJson(artifact: StoredArtifact): Json {
    const service = this.options.artifacts as ArtifactService
    const run = service.runOf(artifact.run)
    const url = `${this.repoApi()}/actions/artifacts/${artifact.id}`
    const iso = (date: Date): string => date.toISOString().replace(/\.\d{3}Z$/, 'Z')
    return {
      id: artifact.id,
      node_id: Buffer.from(`08:Artifact${artifact.id}`).toString('base64'),
      name: artifact.name,
      size_in_bytes: artifact.size,
      url,
      archive_download_url: `${url}/zip`,
      expired: service.expired(artifact),
      created_at: iso(artifact.createdAt),
      updated_at: iso(artifact.createdAt),
      expires_at: artifact.expiresAt ? iso(artifact.expiresAt) : null,
      digest: artifact.digest ?? null,
      workflow_run: run
        ? { id: run.id, repository_id: this.repositoryId, head_repository_id: this.repositoryId, head_branch: this.defaultBranch, head_sha: this.commits[0] }
        : null
    }
  }

  /** A workflow-run object as GET /repos/{owner}/{repo}/actions/runs/{run_id} answers it (components/schemas/workflow-run). */
  private workflowRunJson(id: number): Json {
    const own = `${this.owner}/${this.repo}`
    const facts: WorkflowRunFacts = {
      event: 'push',
      status: 'completed',
      conclusion: 'success',
      headSha: this.commits[0] as string,
      headRepository: own,
      repository: own,
      ...this.runFacts.get(id)
    }
    const api = `${this.apiOrigin}/repos/${facts.repository}`
    const url = `${api}/actions/runs/${id}`
    const time = '2026-12-01T10:00:00Z'
    return {
      id,
      name: 'Release',
      node_id: Buffer.from(`04:WorkflowRun${id}`).toString('base64'),
      head_branch: this.defaultBranch,
      head_sha: facts.headSha,
      path: '.github/workflows/release.yml',
      display_title: 'Release',
      run_number: id % 1000,
      event: facts.event,
      status: facts.status,
      conclusion: facts.conclusion,
      workflow_id: 161335,
      check_suite_id: id + 1,
      check_suite_node_id: Buffer.from(`04:CheckSuite${id + 1}`).toString('base64'),
      url,
      html_url: `${this.serverUrl}/${facts.repository}/actions/runs/${id}`,
      pull_requests: [],
      created_at: time,
      updated_at: time,
      run_attempt: 1,
      run_started_at: time,
      jobs_url: `${url}/jobs`,
      logs_url: `${url}/logs`,
      check_suite_url: `${api}/check-suites/${id + 1}`,
      artifacts_url: `${url}/artifacts`,
      cancel_url: `${url}/cancel`,
      rerun_url: `${url}/rerun`,
      previous_attempt_url: null,
      workflow_url: `${api}/actions/workflows/161335`,
      head_commit: {
        id: facts.headSha,
        tree_id: createHash('sha1').update(facts.headSha).digest('hex'),
        message: 'Release',
        timestamp: time,
        author: { name: 'Octo Cat', email: 'octo@example.invalid' },
        committer: { name: 'Octo Cat', email: 'octo@example.invalid' }
      },
      repository: this.minimalRepository(facts.repository),
      head_repository: this.minimalRepository(facts.headRepository)
    }
  }

  /** A minimal-repository object (every field the OpenAPI description requires) for `fullName`. */
  private minimalRepository(fullName: string): Json {
    const [owner = '', name = ''] = fullName.split('/')
    const api = `${this.apiOrigin}/repos/${fullName}`
    const own = fullName === `${this.owner}/${this.repo}`
    const id = own ? this.repositoryId : this.repositoryId + 1
    const urls = Object.fromEntries(
      [
        ['archive_url', '/{archive_format}{/ref}'],
        ['assignees_url', '/assignees{/user}'],
        ['blobs_url', '/git/blobs{/sha}'],
        ['branches_url', '/branches{/branch}'],
        ['collaborators_url', '/collaborators{/collaborator}'],
        ['comments_url', '/comments{/number}'],
        ['commits_url', '/commits{/sha}'],
        ['compare_url', '/compare/{base}...{head}'],
        ['contents_url', '/contents/{+path}'],
        ['contributors_url', '/contributors'],
        ['deployments_url', '/deployments'],
        ['downloads_url', '/downloads'],
        ['events_url', '/events'],
        ['forks_url', '/forks'],
        ['git_commits_url', '/git/commits{/sha}'],
        ['git_refs_url', '/git/refs{/sha}'],
        ['git_tags_url', '/git/tags{/sha}'],
        ['hooks_url', '/hooks'],
        ['issue_comment_url', '/issues/comments{/number}'],
        ['issue_events_url', '/issues/events{/number}'],
        ['issues_url', '/issues{/number}'],
        ['keys_url', '/keys{/key_id}'],
        ['labels_url', '/labels{/name}'],
        ['languages_url', '/languages'],
        ['merges_url', '/merges'],
        ['milestones_url', '/milestones{/number}'],
        ['notifications_url', '/notifications{?since,all,participating}'],
        ['pulls_url', '/pulls{/number}'],
        ['releases_url', '/releases{/id}'],
        ['stargazers_url', '/stargazers'],
        ['statuses_url', '/statuses/{sha}'],
        ['subscribers_url', '/subscribers'],
        ['subscription_url', '/subscription'],
        ['tags_url', '/tags'],
        ['teams_url', '/teams'],
        ['trees_url', '/git/trees{/sha}']
      ].map(([key, path]) => [key, `${api}${path}`])
    )
    return {
      id,
      node_id: Buffer.from(`010:Repository${id}`).toString('base64'),
      name,
      full_name: fullName,
      owner: this.user(owner, id + 7, Buffer.from(`04:User${id + 7}`).toString('base64'), 'Organization'),
      private: false,
      html_url: `${this.serverUrl}/${fullName}`,
      description: null,
      fork: !own,
      url: api,
      ...urls
    }
  }

  /** A page of `items` (per_page, default 30, at most 100; page) with GitHub's Link header; `wrap` makes the page the body. */
  private sendPage(ex: Exchange, ctx: Context, items: unknown[], wrap: (page: unknown[]) => Json = page => page): void {
    const asked = Number(ctx.query.get('per_page'))
    const perPage = Number.isInteger(asked) && asked > 0 ? Math.min(asked, 100) : 30
    const askedPage = Number(ctx.query.get('page'))
    const page = Number.isInteger(askedPage) && askedPage > 0 ? askedPage : 1
    const last = Math.max(1, Math.ceil(items.length / perPage))
    const url = (n: number): string => {
      const query = new URLSearchParams(ex.url.searchParams)
      query.set('page', String(n))
      const rest = ex.url.pathname.replace(/^\/repos\/[^/]+\/[^/]+/, '').replace(/^\/repositories\/\d+/, '')
      return `<${this.apiOrigin}/repositories/${this.repositoryId}${rest}?${query}>`
    }
    const links: string[] = []
    if (page > 1) links.push(`${url(Math.min(page - 1, last))}; rel="prev"`)
    if (page < last) links.push(`${url(page + 1)}; rel="next"`, `${url(last)}; rel="last"`)
    if (page > 1) links.push(`${url(1)}; rel="first"`)
    this.sendJson(ex, 200, wrap(items.slice((page - 1) * perPage, page * perPage)), links.length ? { link: links.join(', ') } : {})
  }

  // ---- releases -------------------------------------------------------------------------------

  private state(): ReleaseState[] {
    return this.releases as ReleaseState[]
  }

  private repoApi(): string {
    return `${this.apiOrigin}/repos/${this.owner}/${this.repo}`
  }

  private canSeeDrafts(ctx: Context): boolean {
    return ctx.permissions.contents === 'write'
  }

  /** Newest first; drafts only for a token that may push. */
  private visibleReleases(ctx: Context): ReleaseState[] {
    return this.state()
      .filter(r => !r.draft || this.canSeeDrafts(ctx))
      .sort((a, b) => b.id - a.id)
  }

  private visibleRelease(ex: Exchange, ctx: Context, id: string | undefined): ReleaseState {
    const release = this.releaseIds.get(Number(id))
    if (!release || (release.draft && !this.canSeeDrafts(ctx))) throw this.notFound(ex)
    return release
  }

  private visibleAsset(ex: Exchange, ctx: Context): { asset: AssetState; release: ReleaseState } {
    const found = this.assetIds.get(Number(ctx.params.asset_id))
    if (!found || (found.release.draft && !this.canSeeDrafts(ctx))) throw this.notFound(ex)
    return found
  }

  /** A commit SHA (or a unique prefix of 7+), a branch, a tag, or refs/heads/..., refs/tags/... → the commit. */
  private commitFor(ref: string): string | undefined {
    const name = ref.replace(/^refs\//, '')
    if (name === this.defaultBranch || name === `heads/${this.defaultBranch}`) return this.commits[0]
    const tag = this.tagRefs.get(name.replace(/^tags\//, ''))
    if (tag) return tag.commit
    if (/^[0-9a-f]{7,40}$/.test(ref)) {
      const found = this.commits.filter(c => c.startsWith(ref))
      if (found.length === 1) return found[0]
    }
    return undefined
  }

  private latest(): ReleaseState | undefined {
    const candidates = this.state().filter(r => !r.draft && !r.prerelease)
    const marked = candidates.find(r => r.id === this.latestId)
    if (marked) return marked
    return candidates.filter(r => r.makeLatest !== 'false').sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id - a.id)[0]
  }

  private newRelease(
    fields: Pick<StoredRelease, 'tagName' | 'targetCommitish' | 'name' | 'body' | 'draft' | 'prerelease' | 'makeLatest' | 'generatedNotes'>
  ): ReleaseState {
    const created = now()
    const release: ReleaseState = {
      id: this.nextReleaseId++,
      ...fields,
      draft: true,
      immutable: false,
      createdAt: created,
      updatedAt: created,
      publishedAt: null,
      assets: [],
      nodeId: nodeId('RE'),
      untagged: hex(10)
    }
    this.releases.push(release)
    this.releaseIds.set(release.id, release)
    return release
  }

  /** Publishes: the tag is created at `commit` if it does not exist; immutable with the repository setting. */
  private publish(release: ReleaseState, commit: string, immutable = this.options.immutableReleases ?? false): void {
    if (!this.tagRefs.has(release.tagName)) this.tagRefs.set(release.tagName, { commit, createdAt: now() })
    release.draft = false
    release.publishedAt = now()
    release.immutable = immutable
    if (!release.prerelease && (release.makeLatest ?? 'true') === 'true') this.latestId = release.id
    if (release.makeLatest === 'legacy' && this.latestId !== undefined) this.latestId = undefined
  }

  /**
   * What publishing a release on `tag` needs: no other published release with the tag, the tag not left
   * by a deleted immutable release, and (for a tag to create) a target_commitish that names a commit.
   * Returns the commit the tag points (or will point) at.
   */
  private checkTag(ex: Exchange, release: ReleaseState | undefined, tag: string, targetCommitish: string, publishing: boolean): string {
    if (!validTagName(tag)) throw this.validationFailed(ex, [{ resource: 'Release', code: 'invalid', field: 'tag_name' }])
    const existing = this.tagRefs.get(tag)
    const commit = existing?.commit ?? this.commitFor(targetCommitish)
    if (!commit) throw this.validationFailed(ex, [{ resource: 'Release', code: 'invalid', field: 'target_commitish' }])
    if (publishing) {
      if (this.state().some(r => r !== release && !r.draft && r.tagName === tag))
        throw this.validationFailed(ex, [{ resource: 'Release', code: 'already_exists', field: 'tag_name' }])
      if (this.immutableTags.has(tag))
        throw this.validationFailed(ex, [{ resource: 'Release', code: 'custom', field: 'tag_name', message: 'tag_name was used by an immutable release' }])
    }
    return commit
  }

  private async createRelease(ex: Exchange, ctx: Context): Promise<void> {
    if (this.hooks.beforeCreateRelease) await this.hooks.beforeCreateRelease()
    const body = ctx.body
    const tag = body.tag_name as string
    const targetCommitish = (body.target_commitish as string | undefined) ?? this.defaultBranch
    const draft = body.draft === true
    const commit = this.checkTag(ex, undefined, tag, targetCommitish, !draft)
    const generate = body.generate_release_notes === true
    const notes = generate ? this.generateNotes(tag, undefined) : undefined
    const release = this.newRelease({
      tagName: tag,
      targetCommitish,
      name: (body.name as string | undefined) ?? null,
      body: notes === undefined ? ((body.body as string | undefined) ?? null) : body.body ? `${body.body}\n\n${notes}` : notes,
      draft,
      prerelease: body.prerelease === true,
      makeLatest: body.make_latest as string | undefined,
      generatedNotes: generate
    })
    if (!draft) this.publish(release, commit)
    const json = this.releaseJson(release)
    this.sendJson(ex, 201, json, { location: json.url })
  }

  private updateRelease(ex: Exchange, ctx: Context): void {
    const release = this.visibleRelease(ex, ctx, ctx.params.release_id)
    const body = ctx.body
    const tag = (body.tag_name as string | undefined) ?? release.tagName
    const targetCommitish = (body.target_commitish as string | undefined) ?? release.targetCommitish
    const draft = typeof body.draft === 'boolean' ? body.draft : release.draft
    if (release.immutable) {
      const errors: Json[] = []
      if (tag !== release.tagName)
        errors.push({ resource: 'Release', code: 'custom', field: 'tag_name', message: 'tag_name cannot be changed on an immutable release' })
      if (targetCommitish !== release.targetCommitish)
        errors.push({ resource: 'Release', code: 'custom', field: 'target_commitish', message: 'target_commitish cannot be changed on an immutable release' })
      if (draft) errors.push({ resource: 'Release', code: 'custom', field: 'draft', message: 'an immutable release cannot be made a draft' })
      if (errors.length) throw this.validationFailed(ex, errors)
    }
    const publishing = release.draft && !draft
    const retagging = tag !== release.tagName
    const commit = publishing || retagging || body.target_commitish !== undefined ? this.checkTag(ex, release, tag, targetCommitish, !draft) : undefined
    release.tagName = tag
    release.targetCommitish = targetCommitish
    if (typeof body.name === 'string') release.name = body.name
    if (typeof body.body === 'string') release.body = body.body
    if (typeof body.prerelease === 'boolean') release.prerelease = body.prerelease
    if (typeof body.make_latest === 'string') release.makeLatest = body.make_latest
    if (publishing) this.publish(release, commit as string)
    else if (!release.draft && retagging && !this.tagRefs.has(tag)) this.tagRefs.set(tag, { commit: commit as string, createdAt: now() })
    else if (!release.draft && draft) {
      release.draft = true
      release.publishedAt = null
    }
    if (!release.draft && !release.prerelease && body.make_latest === 'true') this.latestId = release.id
    if (body.make_latest === 'legacy' && this.latestId === release.id) this.latestId = undefined
    release.updatedAt = now()
    this.sendJson(ex, 200, this.releaseJson(release))
  }

  private generateNotes(tag: string, previous: string | undefined): string {
    const before =
      previous ??
      this.state()
        .filter(r => !r.draft && r.tagName !== tag)
        .sort((a, b) => b.id - a.id)[0]?.tagName
    const base = `${this.serverUrl}/${this.owner}/${this.repo}`
    const changelog = before ? `${base}/compare/${before}...${tag}` : `${base}/commits/${tag}`
    return `## What's Changed\n* Changes up to ${(this.tagRefs.get(tag)?.commit ?? this.commits[0] ?? '').slice(0, 7)} by @octocat\n\n\n**Full Changelog**: ${changelog}`
  }

  private releaseJson(release: ReleaseState): Json {
    const base = this.repoApi()
    const tagPath = release.draft ? `untagged-${release.untagged}` : encodePath(release.tagName)
    return {
      url: `${base}/releases/${release.id}`,
      assets_url: `${base}/releases/${release.id}/assets`,
      upload_url: `${this.uploadsOrigin}/repos/${this.owner}/${this.repo}/releases/${release.id}/assets{?name,label}`,
      html_url: `${this.serverUrl}/${this.owner}/${this.repo}/releases/tag/${tagPath}`,
      id: release.id,
      author: this.bot(),
      node_id: release.nodeId,
      tag_name: release.tagName,
      target_commitish: release.targetCommitish,
      name: release.name,
      draft: release.draft,
      immutable: release.immutable,
      prerelease: release.prerelease,
      created_at: release.createdAt,
      updated_at: release.updatedAt,
      published_at: release.publishedAt,
      assets: release.assets.map(a => this.assetJson(a, release)),
      tarball_url: release.draft ? null : `${base}/tarball/${tagPath}`,
      zipball_url: release.draft ? null : `${base}/zipball/${tagPath}`,
      body: release.body
    }
  }

  // ---- assets ---------------------------------------------------------------------------------

  private addAsset(release: ReleaseState, name: string, label: string | null, contentType: string, content: Buffer, state: 'uploaded' | 'starter'): AssetState {
    const created = now()
    const stored = state === 'starter' ? Buffer.alloc(0) : content
    const asset: AssetState = {
      id: this.nextAssetId++,
      name,
      label,
      contentType,
      size: stored.length,
      sha256: state === 'starter' ? '' : sha256(stored),
      state,
      content: stored,
      createdAt: created,
      updatedAt: created,
      nodeId: nodeId('RA'),
      downloadCount: 0
    }
    release.assets.push(asset)
    this.assetIds.set(asset.id, { asset, release })
    return asset
  }

  private async uploadAsset(ex: Exchange, ctx: Context, fault: Fault | undefined): Promise<void> {
    const docs = ex.op?.docs ?? DOCS
    const release = this.visibleRelease(ex, ctx, ctx.params.release_id)
    const length = ex.request.headers['content-length']
    if (length === undefined || ex.request.headers['transfer-encoding'] !== undefined) {
      this.violation(ex, 'upload without a Content-Length (a chunked body): uploads.github.com refuses it')
      throw new Answer(400, { message: 'Bad Content-Length: ', request_id: ex.requestId })
    }
    const contentType = ex.request.headers['content-type']
    if (!contentType) {
      this.violation(ex, 'upload without a Content-Type header (the upload endpoint requires one)')
      throw new Answer(422, {
        message: 'Validation Failed',
        request_id: ex.requestId,
        documentation_url: docs,
        errors: [{ resource: 'ReleaseAsset', code: 'missing_field', field: 'content_type' }]
      })
    }
    if (Number(length) > MAX_ASSET_SIZE) {
      throw new Answer(422, {
        message: 'Validation Failed',
        request_id: ex.requestId,
        documentation_url: docs,
        errors: [{ resource: 'ReleaseAsset', code: 'custom', field: 'size', message: `size must be less than or equal to ${MAX_ASSET_SIZE}` }]
      })
    }
    const name = assetName(ctx.query.get('name') as string)
    const label = ctx.query.get('label')
    const refusal = (): Answer | undefined => {
      if (!this.releaseIds.has(release.id)) return this.notFound(ex)
      if (release.immutable) return this.fail(422, 'Cannot upload assets to an immutable release.', DOCS)
      if (release.assets.some(a => a.name === name)) {
        return new Answer(422, {
          message: 'Validation Failed',
          request_id: ex.requestId,
          documentation_url: docs,
          errors: [{ resource: 'ReleaseAsset', code: 'already_exists', field: 'name' }]
        })
      }
      return undefined
    }
    const early = refusal()
    if (early) throw early
    const received = await this.receive(ex.request, true)
    if (!received) return this.record(ex, 0)
    // The release may have changed (published, deleted, another upload of the name) while this arrived.
    const late = refusal()
    if (late) throw late
    const starter = fault !== undefined && 'starter' in fault
    const asset = this.addAsset(release, name, label, contentType, received.data, starter ? 'starter' : 'uploaded')
    if (fault && 'hangAfterStore' in fault) return this.record(ex, 0)
    if (fault && ('starter' in fault || 'storedThen502' in fault)) {
      ex.faulted = true
      return this.sendFault(ex, fault)
    }
    this.sendJson(ex, 201, this.assetJson(asset, release))
  }

  private assetJson(asset: AssetState, release: ReleaseState): Json {
    const tagPath = release.draft ? `untagged-${release.untagged}` : encodePath(release.tagName)
    return {
      url: `${this.repoApi()}/releases/assets/${asset.id}`,
      id: asset.id,
      node_id: asset.nodeId,
      name: asset.name,
      label: asset.label ?? '',
      uploader: this.bot(),
      content_type: asset.contentType,
      state: asset.state,
      size: asset.size,
      digest: asset.state === 'uploaded' ? `sha256:${asset.sha256}` : null,
      download_count: asset.downloadCount,
      created_at: asset.createdAt,
      updated_at: asset.updatedAt,
      browser_download_url: `${this.serverUrl}/${this.owner}/${this.repo}/releases/download/${tagPath}/${encodeURIComponent(asset.name)}`
    }
  }

  /** A storage URL signed for this asset, valid for 5 minutes (as objects.githubusercontent.com's). */
  private signedUrl(asset: AssetState): string {
    const date = new Date()
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d{3}/, '')
    const signature = this.sign(asset.id, date)
    const query = new URLSearchParams({
      'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
      'X-Amz-Credential': `releaseassetproduction/${date.slice(0, 8)}/us-east-1/s3/aws4_request`,
      'X-Amz-Date': date,
      'X-Amz-Expires': String(DOWNLOAD_EXPIRES),
      'X-Amz-Signature': signature,
      'X-Amz-SignedHeaders': 'host',
      actor_id: '0',
      key_id: '0',
      repo_id: String(this.repositoryId),
      'response-content-disposition': `attachment; filename=${asset.name}`,
      'response-content-type': 'application/octet-stream'
    })
    return `${this.uploadsOrigin}${STORAGE_PREFIX}${this.repositoryId}/${asset.id}?${query}`
  }

  private sign(assetId: number, date: string): string {
    return createHmac('sha256', this.secret).update(`${assetId}\n${date}`).digest('hex')
  }

  /** The signed download URL: the bytes, for a request that carries no other credentials. */
  private serveStorage(ex: Exchange): void {
    const query = ex.url.searchParams
    if (ex.method !== 'GET' && ex.method !== 'HEAD')
      return this.sendXml(ex, 405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.')
    if (ex.request.headers.authorization !== undefined) {
      this.violation(ex, 'download: an Authorization header was sent to the signed storage URL (the token must not follow the redirect)')
      return this.sendXml(
        ex,
        400,
        'InvalidArgument',
        'Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified'
      )
    }
    const id = Number(ex.url.pathname.split('/').pop())
    const date = query.get('X-Amz-Date') ?? ''
    const expected = Buffer.from(this.sign(id, date))
    const given = Buffer.from(query.get('X-Amz-Signature') ?? '')
    if (given.length !== expected.length || !timingSafeEqual(given, expected))
      return this.sendXml(
        ex,
        403,
        'SignatureDoesNotMatch',
        'The request signature we calculated does not match the signature you provided. Check your key and signing method.'
      )
    const signedAt = Date.parse(date.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z'))
    if (Date.now() > signedAt + DOWNLOAD_EXPIRES * 1000) return this.sendXml(ex, 403, 'AccessDenied', 'Request has expired')
    const found = this.assetIds.get(id)
    if (!found || found.asset.state !== 'uploaded') return this.sendXml(ex, 404, 'NoSuchKey', 'The specified key does not exist.')
    const { asset } = found
    asset.downloadCount++
    this.record(ex, 200)
    ex.response.writeHead(200, {
      'content-type': query.get('response-content-type') ?? 'application/octet-stream',
      'content-length': String(asset.size),
      'content-disposition': query.get('response-content-disposition') ?? `attachment; filename=${asset.name}`,
      etag: `"${createHash('md5').update(asset.content).digest('hex')}"`,
      'last-modified': new Date(asset.createdAt).toUTCString(),
      'accept-ranges': 'bytes',
      server: 'AmazonS3'
    })
    ex.response.end(ex.method === 'HEAD' ? undefined : asset.content)
  }

  // ---- github.com pages (not the API): browser_download_url and html_url --------------------

  private siteRoute(path: string): { kind: 'download' | 'page'; tag: string; name?: string } | undefined {
    const prefix = `/${this.owner}/${this.repo}/releases/`
    if (!path.startsWith(prefix)) return undefined
    const rest = path.slice(prefix.length)
    try {
      const download = /^download\/(.+)\/([^/]+)$/.exec(rest)
      if (download) return { kind: 'download', tag: decodeURIComponent(download[1] as string), name: decodeURIComponent(download[2] as string) }
      const page = /^tag\/(.+)$/.exec(rest)
      if (page) return { kind: 'page', tag: decodeURIComponent(page[1] as string) }
    } catch {
      return undefined
    }
    return undefined
  }

  private serveSite(ex: Exchange, site: { kind: 'download' | 'page'; tag: string; name?: string }): void {
    const release = this.state().find(r => (r.draft ? `untagged-${r.untagged}` === site.tag : r.tagName === site.tag))
    const visible = release && !release.draft
    if (site.kind === 'page' && release) {
      const body = `<!DOCTYPE html><html><head><title>Release ${release.name ?? release.tagName} · ${this.owner}/${this.repo}</title></head><body><h1>${release.name ?? release.tagName}</h1></body></html>\n`
      this.record(ex, 200)
      ex.response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': String(Buffer.byteLength(body)) })
      return void ex.response.end(body)
    }
    const asset = visible ? release.assets.find(a => a.name === site.name && a.state === 'uploaded') : undefined
    if (!asset) {
      this.record(ex, 404)
      ex.response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', 'content-length': '9' })
      return void ex.response.end('Not Found')
    }
    this.record(ex, 302)
    ex.response.writeHead(302, { location: this.signedUrl(asset), 'content-length': '0' })
    ex.response.end()
  }

  // ---- git ------------------------------------------------------------------------------------

  /** heads/<default branch> or tags/<tag> as a git-ref object; undefined when absent. */
  private refJson(ref: string): Json {
    const base = this.repoApi()
    if (ref === `heads/${this.defaultBranch}`) {
      const sha = this.commits[0] as string
      return {
        ref: `refs/${ref}`,
        node_id: nodeId('REF'),
        url: `${base}/git/refs/${encodePath(ref)}`,
        object: { sha, type: 'commit', url: `${base}/git/commits/${sha}` }
      }
    }
    const tag = /^tags\/(.+)$/.exec(ref)?.[1]
    const found = tag === undefined ? undefined : this.tagRefs.get(tag)
    if (!found) return undefined
    const object = found.object
      ? { sha: found.object, type: 'tag', url: `${base}/git/tags/${found.object}` }
      : { sha: found.commit, type: 'commit', url: `${base}/git/commits/${found.commit}` }
    return { ref: `refs/${ref}`, node_id: nodeId('REF'), url: `${base}/git/refs/${encodePath(ref)}`, object }
  }

  private commitJson(sha: string): Json {
    const base = this.repoApi()
    const index = this.commits.indexOf(sha)
    const parent = this.commits[index + 1]
    const person = { name: 'Octo Developer', email: 'developer@example.com', date: now() }
    const tree = createHash('sha1').update(sha).digest('hex')
    return {
      sha,
      node_id: nodeId('C'),
      commit: {
        author: person,
        committer: person,
        message: `Commit ${sha.slice(0, 7)}`,
        tree: { sha: tree, url: `${base}/git/trees/${tree}` },
        url: `${base}/git/commits/${sha}`,
        comment_count: 0,
        verification: { verified: false, reason: 'unsigned', signature: null, payload: null, verified_at: null }
      },
      url: `${base}/commits/${sha}`,
      html_url: `${this.serverUrl}/${this.owner}/${this.repo}/commit/${sha}`,
      comments_url: `${base}/commits/${sha}/comments`,
      author: this.bot(),
      committer: null,
      parents: parent ? [{ sha: parent, url: `${base}/commits/${parent}`, html_url: `${this.serverUrl}/${this.owner}/${this.repo}/commit/${parent}` }] : [],
      stats: { total: 0, additions: 0, deletions: 0 },
      files: []
    }
  }

  // ---- check runs -----------------------------------------------------------------------------

  private checkRun(ex: Exchange, ctx: Context): RunState {
    const run = this.runIds.get(Number(ctx.params.check_run_id))
    if (!run) throw this.notFound(ex)
    return run
  }

  /** Applies status, conclusion and output (annotations appended) to a run. */
  private applyToRun(ex: Exchange, run: RunState, body: Json): void {
    const output = body.output as Json
    if (typeof body.name === 'string') run.name = body.name
    if (typeof body.details_url === 'string') run.detailsUrl = body.details_url
    if (typeof body.external_id === 'string') run.externalId = body.external_id
    if (typeof body.started_at === 'string') run.startedAt = new Date(body.started_at).toISOString().replace(/\.\d{3}Z$/, 'Z')
    if (typeof body.conclusion === 'string') {
      // A conclusion completes the run.
      run.conclusion = body.conclusion
      run.status = 'completed'
      run.completedAt = typeof body.completed_at === 'string' ? new Date(body.completed_at).toISOString().replace(/\.\d{3}Z$/, 'Z') : now()
    } else if (typeof body.status === 'string') {
      if (body.status === 'completed' && !run.conclusion) throw this.fail(422, 'Invalid request.\n\n"conclusion" wasn\'t supplied.', ex.op?.docs)
      run.status = body.status
    }
    if (output) {
      for (const field of ['title', 'summary', 'text'] as const) if (typeof output[field] === 'string') run.output[field] = output[field]
      if (Array.isArray(output.annotations)) run.annotations.push(...output.annotations)
    }
  }

  private createCheckRun(ex: Exchange, ctx: Context): void {
    const body = ctx.body
    const headSha = body.head_sha as string
    if (!this.commits.includes(headSha)) throw this.fail(422, `No commit found for SHA: ${headSha}`, ex.op?.docs)
    if (body.status === 'completed' && typeof body.conclusion !== 'string')
      throw this.fail(422, 'Invalid request.\n\n"conclusion" wasn\'t supplied.', ex.op?.docs)
    const run: RunState = {
      id: this.nextRunId++,
      name: body.name as string,
      headSha,
      status: 'queued',
      conclusion: null,
      output: {},
      annotations: [],
      nodeId: nodeId('CR'),
      externalId: null,
      detailsUrl: null,
      startedAt: now(),
      completedAt: null,
      suiteId: 40_000_000_000 + randomInt(1_000_000)
    }
    this.applyToRun(ex, run, body)
    this.checkRuns.push(run)
    this.runIds.set(run.id, run)
    this.sendJson(ex, 201, this.checkRunJson(run))
  }

  private updateCheckRun(ex: Exchange, ctx: Context): void {
    const run = this.checkRun(ex, ctx)
    // Validate before changing anything: a refused update leaves the run as it was.
    const copy: RunState = { ...run, output: { ...run.output }, annotations: [...run.annotations] }
    this.applyToRun(ex, copy, ctx.body)
    Object.assign(run, copy)
    this.sendJson(ex, 200, this.checkRunJson(run))
  }

  private checkRunJson(run: RunState): Json {
    const base = this.repoApi()
    const html = `${this.serverUrl}/${this.owner}/${this.repo}/runs/${run.id}`
    return {
      id: run.id,
      name: run.name,
      node_id: run.nodeId,
      head_sha: run.headSha,
      external_id: run.externalId ?? '',
      url: `${base}/check-runs/${run.id}`,
      html_url: html,
      details_url: run.detailsUrl ?? html,
      status: run.status,
      conclusion: run.conclusion,
      started_at: run.startedAt,
      completed_at: run.completedAt,
      output: {
        title: run.output.title ?? null,
        summary: run.output.summary ?? null,
        text: run.output.text ?? null,
        annotations_count: run.annotations.length,
        annotations_url: `${base}/check-runs/${run.id}/annotations`
      },
      check_suite: { id: run.suiteId },
      app: this.app(),
      pull_requests: []
    }
  }

  // ---- who GitHub says did it -----------------------------------------------------------------

  private user(login: string, id: number, node: string, type: 'Bot' | 'Organization'): Json {
    const url = `${this.apiOrigin}/users/${encodeURIComponent(login)}`
    return {
      login,
      id,
      node_id: node,
      avatar_url: `https://avatars.githubusercontent.com/u/${id}?v=4`,
      gravatar_id: '',
      url,
      html_url: `${this.serverUrl}/${type === 'Bot' ? 'apps/github-actions' : login}`,
      followers_url: `${url}/followers`,
      following_url: `${url}/following{/other_user}`,
      gists_url: `${url}/gists{/gist_id}`,
      starred_url: `${url}/starred{/owner}{/repo}`,
      subscriptions_url: `${url}/subscriptions`,
      organizations_url: `${url}/orgs`,
      repos_url: `${url}/repos`,
      events_url: `${url}/events{/privacy}`,
      received_events_url: `${url}/received_events`,
      type,
      user_view_type: 'public',
      site_admin: false
    }
  }

  /** github-actions[bot], who a GITHUB_TOKEN's releases and assets are by. */
  private bot(): Json {
    return this.user('github-actions[bot]', 41898282, 'MDM6Qm90NDE4OTgyODI=', 'Bot')
  }

  private app(): Json {
    return {
      id: 15368,
      client_id: 'Iv1.05c79e9ad1f6bdfa',
      slug: 'github-actions',
      node_id: 'MDM6QXBwMTUzNjg=',
      owner: this.user('github', 9919, 'MDEyOk9yZ2FuaXphdGlvbjk5MTk=', 'Organization'),
      name: 'GitHub Actions',
      description: 'Automate your workflow from idea to production',
      external_url: 'https://help.github.com/en/actions',
      html_url: `${this.serverUrl}/apps/github-actions`,
      created_at: '2018-07-30T09:30:17Z',
      updated_at: '2024-04-10T20:33:16Z',
      permissions: { actions: 'write', checks: 'write', contents: 'write', metadata: 'read', statuses: 'write' },
      events: ['check_run', 'check_suite', 'create', 'push', 'release', 'workflow_dispatch']
    }
  }
}

/** A token as a server may echo it: base64 (at each offset, padded or not), URL-encoded, JSON-escaped, in a Basic header. */
function encodedForms(token: string): string {
  return [
    Buffer.from(token).toString('base64'),
    Buffer.from(`x${token}`).toString('base64'),
    Buffer.from(`xy${token}`).toString('base64url'),
    encodeURIComponent(`${token}/"`),
    JSON.stringify(`"${token}\\`),
    `Basic ${Buffer.from(`x-access-token:${token}`).toString('base64')}`
  ].join(' ')
}
