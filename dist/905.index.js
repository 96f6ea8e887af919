export const id = 905;
export const ids = [905];
export const modules = {

/***/ 56191:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   X6: () => (/* binding */ parseProvenance),
/* harmony export */   af: () => (/* binding */ attestationStatement),
/* harmony export */   b$: () => (/* binding */ attestationsFormValue),
/* harmony export */   lO: () => (/* binding */ bundleFromAttestation),
/* harmony export */   r$: () => (/* binding */ attestationFromBundle)
/* harmony export */ });
/* unused harmony exports AttestationFormatError, parseAttestation */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _sigstore_bundle__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(61040);
/* harmony import */ var _statements_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(19919);
// PEP 740 attestation objects <-> Sigstore bundles, as pypi-attestations converts them
// (`Attestation.from_bundle` / `to_bundle`): the index takes and serves the attestation object, the
// Sigstore verifier takes the bundle.



class AttestationFormatError extends Error {
    constructor(message) {
        super(message);
        this.name = 'AttestationFormatError';
    }
}
/** The leaf certificate's DER, whichever way the bundle carries it. */
function certificateOf(bundle) {
    const material = bundle.verificationMaterial;
    if (material.certificate)
        return material.certificate.rawBytes;
    const leaf = material.x509CertificateChain?.certificates[0];
    if (leaf)
        return leaf.rawBytes;
    throw new AttestationFormatError('The Sigstore bundle has no signing certificate (signed with a key, not by Fulcio)');
}
/**
 * A Sigstore bundle (DSSE envelope, Fulcio certificate, Rekor entry) as a PEP 740 attestation object.
 * Refuses what the index would refuse: no envelope, not exactly one signature, no transparency entry.
 */
function attestationFromBundle(bundle) {
    const envelope = bundle.dsseEnvelope;
    if (!envelope)
        throw new AttestationFormatError('The Sigstore bundle holds a message signature, not a DSSE envelope');
    if (envelope.payloadType !== _statements_js__WEBPACK_IMPORTED_MODULE_2__/* .IN_TOTO_PAYLOAD_TYPE */ .T4) {
        throw new AttestationFormatError(`The DSSE payload type is '${envelope.payloadType}', not ${_statements_js__WEBPACK_IMPORTED_MODULE_2__/* .IN_TOTO_PAYLOAD_TYPE */ .T4}`);
    }
    if (envelope.signatures.length !== 1) {
        throw new AttestationFormatError(`The DSSE envelope has ${envelope.signatures.length} signatures; PEP 740 takes exactly one`);
    }
    // bundleToJSON leaves an empty list out
    const tlogEntries = bundle.verificationMaterial.tlogEntries ?? [];
    if (tlogEntries.length === 0) {
        throw new AttestationFormatError('The Sigstore bundle has no transparency log entry (signed with a timestamp authority only); PEP 740 requires a Rekor entry');
    }
    return {
        version: 1,
        verification_material: {
            certificate: certificateOf(bundle),
            // pypi-attestations keeps the bundle's one entry; we keep all (the spec allows "one or more")
            transparency_entries: tlogEntries.map(entry => structuredClone(entry))
        },
        envelope: { statement: envelope.payload, signature: envelope.signatures[0].sig }
    };
}
/**
 * The `attestations` form field of one file's upload: a JSON array of attestation objects. Warehouse
 * takes at most one attestation per predicate type per file, so a second one is refused here first.
 */
function attestationsFormValue(attestations) {
    const seen = new Set();
    for (const attestation of attestations) {
        const { predicateType } = (attestationStatement(attestation) ?? {});
        const type = String(predicateType);
        if (seen.has(type))
            throw new AttestationFormatError(`Two attestations of predicate type ${type} for one file; PyPI takes one`);
        seen.add(type);
    }
    return JSON.stringify(attestations);
}
const BASE64 = /^[A-Za-z0-9+/\s]*={0,2}\s*$/;
function base64Field(value, field) {
    if (typeof value !== 'string' || value.trim() === '' || !BASE64.test(value)) {
        throw new AttestationFormatError(`Attestation field ${field} is not base64`);
    }
    // pydantic's Base64Bytes may wrap lines; the bundle's JSON form does not
    return Buffer.from(value, 'base64').toString('base64');
}
function isObject(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
/** Checks an attestation object's shape (as pypi-attestations' models do) and returns it typed. */
function parseAttestation(value) {
    if (!isObject(value))
        throw new AttestationFormatError('An attestation must be a JSON object');
    if (value['version'] !== 1)
        throw new AttestationFormatError(`Attestation version is ${JSON.stringify(value['version'])}, not 1`);
    const material = value['verification_material'];
    const envelope = value['envelope'];
    if (!isObject(material))
        throw new AttestationFormatError('Attestation has no verification_material object');
    if (!isObject(envelope))
        throw new AttestationFormatError('Attestation has no envelope object');
    const entries = material['transparency_entries'];
    if (!Array.isArray(entries) || entries.length === 0 || !entries.every(isObject)) {
        throw new AttestationFormatError('Attestation verification_material.transparency_entries must be a non-empty list of objects');
    }
    const certificate = base64Field(material['certificate'], 'verification_material.certificate');
    try {
        new node_crypto__WEBPACK_IMPORTED_MODULE_0__.X509Certificate(Buffer.from(certificate, 'base64'));
    }
    catch {
        throw new AttestationFormatError('Attestation verification_material.certificate is not a DER X.509 certificate');
    }
    return {
        version: 1,
        verification_material: { certificate, transparency_entries: entries },
        envelope: {
            statement: base64Field(envelope['statement'], 'envelope.statement'),
            signature: base64Field(envelope['signature'], 'envelope.signature')
        }
    };
}
/**
 * The Sigstore bundle an attestation object stands for (v0.3, the certificate alone, the DSSE envelope
 * with the in-toto payload type), for @sigstore/verify. Throws AttestationFormatError on a malformed one.
 */
function bundleFromAttestation(attestation) {
    const parsed = parseAttestation(attestation);
    const candidate = {
        mediaType: _sigstore_bundle__WEBPACK_IMPORTED_MODULE_1__.BUNDLE_V03_MEDIA_TYPE,
        verificationMaterial: {
            certificate: { rawBytes: parsed.verification_material.certificate },
            tlogEntries: parsed.verification_material.transparency_entries,
            timestampVerificationData: { rfc3161Timestamps: [] }
        },
        dsseEnvelope: {
            payload: parsed.envelope.statement,
            payloadType: _statements_js__WEBPACK_IMPORTED_MODULE_2__/* .IN_TOTO_PAYLOAD_TYPE */ .T4,
            signatures: [{ sig: parsed.envelope.signature, keyid: '' }]
        }
    };
    try {
        // @sigstore/bundle checks the transparency entries' fields on the way in
        return (0,_sigstore_bundle__WEBPACK_IMPORTED_MODULE_1__.bundleToJSON)((0,_sigstore_bundle__WEBPACK_IMPORTED_MODULE_1__.bundleFromJSON)(candidate));
    }
    catch (error) {
        throw new AttestationFormatError(`Attestation is not a valid Sigstore bundle: ${error instanceof Error ? error.message : String(error)}`);
    }
}
/** The statement inside an attestation, parsed (not verified: verify the bundle first). */
function attestationStatement(attestation) {
    return JSON.parse(Buffer.from(attestation.envelope.statement, 'base64').toString('utf8'));
}
/** Checks the Integrity API's provenance object and returns it typed. */
function parseProvenance(value) {
    if (!isObject(value))
        throw new AttestationFormatError('The provenance must be a JSON object');
    if (value['version'] !== 1)
        throw new AttestationFormatError(`Provenance version is ${JSON.stringify(value['version'])}, not 1`);
    const bundles = value['attestation_bundles'];
    if (!Array.isArray(bundles))
        throw new AttestationFormatError('Provenance has no attestation_bundles list');
    return {
        version: 1,
        attestation_bundles: bundles.map((bundle, index) => {
            if (!isObject(bundle) || !isObject(bundle['publisher']) || typeof bundle['publisher']['kind'] !== 'string') {
                throw new AttestationFormatError(`Provenance attestation_bundles[${index}] has no publisher with a kind`);
            }
            const attestations = bundle['attestations'];
            if (!Array.isArray(attestations)) {
                throw new AttestationFormatError(`Provenance attestation_bundles[${index}] has no attestations list`);
            }
            return { publisher: bundle['publisher'], attestations: attestations.map(parseAttestation) };
        })
    };
}


/***/ }),

/***/ 19919:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   D2: () => (/* binding */ provenanceStatement),
/* harmony export */   LY: () => (/* binding */ PYPI_PUBLISH_V1),
/* harmony export */   T4: () => (/* binding */ IN_TOTO_PAYLOAD_TYPE),
/* harmony export */   Tp: () => (/* binding */ statementBytes),
/* harmony export */   oz: () => (/* binding */ workflowRunFromClaims),
/* harmony export */   tV: () => (/* binding */ IN_TOTO_STATEMENT_V1),
/* harmony export */   zj: () => (/* binding */ publishStatement)
/* harmony export */ });
/* unused harmony exports SLSA_PROVENANCE_V1, GITHUB_WORKFLOW_BUILD_TYPE, provenancePredicate, workflowRunFromEnv */
// The in-toto v1 statements this action signs: PyPI's publish attestation (PEP 740) for index uploads and
// SLSA build provenance for GitHub Release assets. Both are shaped as their reference producers shape
// them, so that a verifier written against those producers accepts ours:
// - publish: pypi-attestations `Attestation.sign` (sigstore-python's StatementBuilder, compact JSON in
//   the order _type, subject, predicateType, predicate; the predicate is null);
// - provenance: @actions/attest `buildSLSAProvenancePredicate` and `buildIntotoStatement` (JSON.stringify).
const IN_TOTO_STATEMENT_V1 = 'https://in-toto.io/Statement/v1';
/** The DSSE payload type of an in-toto statement. */
const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';
const PYPI_PUBLISH_V1 = 'https://docs.pypi.org/attestations/publish/v1';
const SLSA_PROVENANCE_V1 = 'https://slsa.dev/provenance/v1';
const GITHUB_WORKFLOW_BUILD_TYPE = 'https://actions.github.io/buildtypes/workflow/v1';
const SHA256_HEX = /^[0-9a-f]{64}$/;
function subjectOf(file) {
    const { filename, sha256 } = file;
    if (!filename || /[/\\]/.test(filename) || filename === '.' || filename === '..') {
        throw new Error(`Attestation subject '${filename}' must be a file name without a directory`);
    }
    if (!SHA256_HEX.test(sha256)) {
        throw new Error(`Attestation subject '${filename}': sha256 '${sha256}' is not 64 lowercase hex digits`);
    }
    return { name: filename, digest: { sha256 } };
}
/**
 * PyPI's publish attestation for one distribution file. The subject name is the file name exactly as
 * uploaded: pypi-attestations stopped normalizing it (pypi/warehouse#18128) and warehouse compares the
 * parsed name and version of subject and upload, so it must parse as a wheel or sdist name.
 */
function publishStatement(file) {
    const subject = subjectOf(file);
    if (!/\.(whl|tar\.gz|zip)$/.test(subject.name)) {
        throw new Error(`Cannot attest '${subject.name}' for an index: PyPI accepts attestations only for wheels (.whl) and sdists (.tar.gz, .zip)`);
    }
    return { _type: IN_TOTO_STATEMENT_V1, subject: [subject], predicateType: PYPI_PUBLISH_V1, predicate: null };
}
/** Splits owner/repo/.github/workflows/file.yml@refs/tags/a@b into the path and ref (a tag may hold '@'). */
function workflowPathAndRef(run) {
    const prefix = `${run.repository}/`;
    const rest = run.workflowRef.startsWith(prefix) ? run.workflowRef.slice(prefix.length) : run.workflowRef;
    const at = rest.indexOf('@');
    if (at <= 0)
        throw new Error(`Workflow ref '${run.workflowRef}' has no '@<ref>' after the workflow path`);
    return { path: rest.slice(0, at), ref: rest.slice(at + 1) };
}
/** The SLSA v1 predicate of actions/attest-build-provenance for this workflow run. */
function provenancePredicate(run) {
    const { path, ref } = workflowPathAndRef(run);
    const server = run.serverUrl.replace(/\/+$/, '');
    return {
        buildDefinition: {
            buildType: GITHUB_WORKFLOW_BUILD_TYPE,
            externalParameters: { workflow: { ref, repository: `${server}/${run.repository}`, path } },
            internalParameters: {
                github: {
                    event_name: run.eventName,
                    repository_id: run.repositoryId,
                    repository_owner_id: run.repositoryOwnerId,
                    runner_environment: run.runnerEnvironment
                }
            },
            resolvedDependencies: [{ uri: `git+${server}/${run.repository}@${run.ref}`, digest: { gitCommit: run.sha } }]
        },
        runDetails: {
            builder: { id: `${server}/${run.jobWorkflowRef ?? run.workflowRef}` },
            metadata: {
                invocationId: `${server}/${run.repository}/actions/runs/${run.runId}/attempts/${run.runAttempt}`
            }
        }
    };
}
/** Build provenance for one GitHub Release asset, as actions/attest-build-provenance states it. */
function provenanceStatement(file, run) {
    return {
        _type: IN_TOTO_STATEMENT_V1,
        subject: [subjectOf(file)],
        predicateType: SLSA_PROVENANCE_V1,
        predicate: provenancePredicate(run)
    };
}
/**
 * The bytes that are signed (the DSSE payload). Compact JSON in the statement's own key order: what
 * both reference producers emit. Verifiers parse the payload, so no canonical form is required; keeping
 * theirs makes our payloads byte-comparable with theirs.
 */
function statementBytes(statement) {
    return Buffer.from(JSON.stringify(statement), 'utf8');
}
const WORKFLOW_RUN_VARIABLES = (/* unused pure expression or super */ null && ([
    ['repository', 'GITHUB_REPOSITORY'],
    ['repositoryId', 'GITHUB_REPOSITORY_ID'],
    ['repositoryOwnerId', 'GITHUB_REPOSITORY_OWNER_ID'],
    ['workflowRef', 'GITHUB_WORKFLOW_REF'],
    ['eventName', 'GITHUB_EVENT_NAME'],
    ['ref', 'GITHUB_REF'],
    ['sha', 'GITHUB_SHA'],
    ['runId', 'GITHUB_RUN_ID'],
    ['runAttempt', 'GITHUB_RUN_ATTEMPT'],
    ['runnerEnvironment', 'RUNNER_ENVIRONMENT']
]));
/**
 * The workflow run from the runner's variables (pass the environment object; src/env.ts reads it).
 * Throws naming every missing variable: provenance with a blank field would mislead its verifier.
 */
function workflowRunFromEnv(env) {
    const missing = WORKFLOW_RUN_VARIABLES.filter(([, name]) => !env[name]).map(([, name]) => name);
    if (missing.length > 0) {
        throw new Error(`Build provenance needs the GitHub Actions variables ${missing.join(', ')}; run the step in a GitHub Actions job`);
    }
    const run = { serverUrl: env['GITHUB_SERVER_URL'] || 'https://github.com' };
    for (const [field, name] of WORKFLOW_RUN_VARIABLES)
        run[field] = env[name];
    return run;
}
/** The workflow run from the OIDC token's claims, as @actions/attest reads it (this keeps job_workflow_ref). */
function workflowRunFromClaims(claims, serverUrl) {
    const text = (claim) => {
        const value = claims[claim];
        if (typeof value !== 'string' || value === '')
            throw new Error(`The OIDC token has no '${claim}' claim`);
        return value;
    };
    return {
        serverUrl,
        repository: text('repository'),
        repositoryId: text('repository_id'),
        repositoryOwnerId: text('repository_owner_id'),
        workflowRef: text('workflow_ref'),
        jobWorkflowRef: text('job_workflow_ref'),
        eventName: text('event_name'),
        ref: text('ref'),
        sha: text('sha'),
        runId: text('run_id'),
        runAttempt: text('run_attempt'),
        runnerEnvironment: text('runner_environment')
    };
}


/***/ }),

/***/ 42905:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  signIndexAttestations: () => (/* binding */ signIndexAttestations)
});

// EXTERNAL MODULE: ./src/attest/pep740.ts
var pep740 = __webpack_require__(56191);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: ./node_modules/@sigstore/bundle/dist/index.js
var dist = __webpack_require__(61040);
// EXTERNAL MODULE: ./node_modules/@sigstore/sign/dist/index.js
var sign_dist = __webpack_require__(15179);
// EXTERNAL MODULE: ./src/attest/statements.ts
var attest_statements = __webpack_require__(19919);
;// CONCATENATED MODULE: ./src/attest/sign.ts
// Signs in-toto statements with Sigstore: a Fulcio certificate for the workflow's OIDC identity, a DSSE
// envelope, and a Rekor entry or an RFC 3161 timestamp as witness (@sigstore/sign, as @actions/attest
// uses it). One certificate serves every statement of a call, as sigstore-python's cached signer does
// for pypa/gh-action-pypi-publish: one OIDC token and one Fulcio round trip per run, not per file.




/** The public-good instance, and GitHub's own for private repositories (@actions/attest src/endpoints.ts). */
const PUBLIC_GOOD_FULCIO_URL = 'https://fulcio.sigstore.dev';
const PUBLIC_GOOD_REKOR_URL = 'https://rekor.sigstore.dev';
const GITHUB_FULCIO_URL = 'https://fulcio.githubapp.com';
const GITHUB_TSA_URL = 'https://timestamp.githubapp.com';
function serviceURL(env, name) {
    const value = env[name]?.trim();
    if (!value)
        return undefined;
    let url;
    try {
        url = new URL(value);
    }
    catch {
        throw new Error(`${name} '${value}' is not a URL; set it to the service's base URL, e.g. https://fulcio.example.com`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
        throw new Error(`${name} '${value}' must be an http(s) URL`);
    }
    return value.replace(/\/+$/, '');
}
/**
 * Which Sigstore services sign, from the environment object (src/env.ts passes it) and the repository's
 * visibility. Any SIGSTORE_FULCIO_URL / SIGSTORE_REKOR_URL / SIGSTORE_TSA_URL replaces the defaults as a
 * whole (a private deployment or a test instance), so a run never mixes its Fulcio with public Rekor.
 */
function sigstoreSettings(env, repositoryVisibility) {
    const fulcioURL = serviceURL(env, 'SIGSTORE_FULCIO_URL');
    const rekorURL = serviceURL(env, 'SIGSTORE_REKOR_URL');
    const tsaURL = serviceURL(env, 'SIGSTORE_TSA_URL');
    const trustedRootPath = env['SIGSTORE_TRUSTED_ROOT']?.trim() || undefined;
    if (fulcioURL || rekorURL || tsaURL) {
        if (!fulcioURL) {
            throw new Error('SIGSTORE_REKOR_URL or SIGSTORE_TSA_URL is set without SIGSTORE_FULCIO_URL; a private Sigstore deployment needs its Fulcio too');
        }
        if (!rekorURL && !tsaURL) {
            throw new Error('SIGSTORE_FULCIO_URL is set without SIGSTORE_REKOR_URL or SIGSTORE_TSA_URL; a signature needs a witness');
        }
        const endpoints = { fulcioURL, rekorURL, tsaURL };
        return { github: endpoints, index: endpoints, source: 'environment', trustedRootPath };
    }
    const publicGood = { fulcioURL: PUBLIC_GOOD_FULCIO_URL, rekorURL: PUBLIC_GOOD_REKOR_URL };
    if (repositoryVisibility === 'public') {
        return { github: publicGood, index: publicGood, source: 'public-good', trustedRootPath };
    }
    return {
        github: { fulcioURL: GITHUB_FULCIO_URL, tsaURL: GITHUB_TSA_URL },
        index: publicGood,
        source: 'github',
        trustedRootPath
    };
}
/** Why signing failed, without the token: what the user can fix (permission or service) is in the message. */
class SigningError extends Error {
    service;
    constructor(message, service) {
        super(message);
        this.service = service;
        this.name = 'SigningError';
    }
}
// Fulcio certificates live 10 minutes; a fresh one is asked for before the last minute
const CERTIFICATE_REUSE_MS = 8 * 60 * 1000;
/**
 * A Signer that holds one ephemeral P-256 key and one Fulcio certificate for it, renewed when old.
 * (@sigstore/sign's FulcioSigner asks for a new token and certificate on every signature.)
 */
class ReusedCertificateSigner {
    fulcio;
    key;
    keyHolder;
    certificate;
    constructor(fulcio) {
        this.fulcio = fulcio;
        const { privateKey, publicKey } = (0,external_node_crypto_.generateKeyPairSync)('ec', { namedCurve: 'P-256' });
        this.key = { privateKey, publicKeyPEM: publicKey.export({ format: 'pem', type: 'spki' }).toString('ascii') };
        this.keyHolder = {
            sign: async (data) => ({
                signature: (0,external_node_crypto_.sign)('sha256', data, this.key.privateKey),
                key: { $case: 'publicKey', publicKey: this.key.publicKeyPEM }
            })
        };
    }
    async sign(data) {
        const current = this.certificate && (await this.certificate.catch(() => undefined));
        if (!current || Date.now() - current.issuedAt > CERTIFICATE_REUSE_MS) {
            const issuedAt = Date.now();
            // the first signature comes with the certificate; later ones reuse it with the same key
            const first = this.fulcio(this.keyHolder).sign(data);
            this.certificate = first.then(signature => {
                if (signature.key.$case !== 'x509Certificate')
                    throw new Error('Fulcio returned no certificate');
                return { pem: signature.key.certificate, issuedAt };
            });
            // a refusal is reported through `first`; the next call asks again. (Two statements in flight when
            // the certificate ages may both renew it: one certificate too many, never a wrong one.)
            this.certificate.catch(() => undefined);
            return first;
        }
        const signature = await this.keyHolder.sign(data);
        return { signature: signature.signature, key: { $case: 'x509Certificate', certificate: current.pem } };
    }
}
function redact(text, secret) {
    return secret ? text.split(secret).join('***') : text;
}
function describeCause(error) {
    const cause = error.cause;
    return typeof cause?.message === 'string' && cause.message ? cause.message : error.message;
}
/** The status and message @sigstore/sign's HTTPError carries, or the network error's own message. */
function causeOf(error) {
    const cause = error.cause;
    if (cause && typeof cause.statusCode === 'number') {
        // HTTPError's message reads "(503) <the service's message>"
        const said = String(cause.message ?? '').replace(/^\(\d+\)\s*/, '');
        return `HTTP ${cause.statusCode}${said ? ` (${said})` : ''}`;
    }
    if (cause && typeof cause.message === 'string')
        return `unreachable: ${cause.message}`;
    return error.message;
}
function signingError(error, options, token) {
    if (error instanceof SigningError)
        return error;
    if (error instanceof sign_dist/* InternalError */.Gd) {
        const because = redact(causeOf(error), token);
        switch (error.code) {
            case 'IDENTITY_TOKEN_READ_ERROR':
                return new SigningError(`Could not get the workflow's OIDC token for Sigstore (audience 'sigstore'): ${redact(describeCause(error), token)}. ` +
                    "The job needs 'permissions: id-token: write'.", 'oidc');
            case 'IDENTITY_TOKEN_PARSE_ERROR':
                // @sigstore/sign's own message for this code quotes the token: never shown
                return new SigningError("The workflow's OIDC token is not a JWT with a 'sub' claim; Fulcio cannot certify it", 'oidc');
            case 'CA_CREATE_SIGNING_CERTIFICATE_ERROR':
                return new SigningError(`Fulcio at ${options.fulcioURL} did not issue a signing certificate: ${because}`, 'fulcio');
            case 'TLOG_CREATE_ENTRY_ERROR':
            case 'TLOG_FETCH_ENTRY_ERROR':
                return new SigningError(`Rekor at ${options.rekorURL} did not record the signature: ${because}`, 'rekor');
            case 'TSA_CREATE_TIMESTAMP_ERROR':
                return new SigningError(`The timestamp authority at ${options.tsaURL} did not timestamp the signature: ${because}`, 'tsa');
        }
    }
    const message = error instanceof Error ? error.message : String(error);
    return new SigningError(`Signing failed: ${redact(message, token)}`, 'statement');
}
/**
 * Signs each statement once and returns its Sigstore bundle, in the statements' order. The first
 * failure stops the rest (nothing is published unsigned) and names the service or permission.
 */
async function signStatements(statements, options) {
    if (statements.length === 0)
        return [];
    if (!options.rekorURL && !options.tsaURL) {
        throw new SigningError('Sigstore signing needs a Rekor or timestamp-authority URL as witness', 'statement');
    }
    const timeout = options.timeoutMs ?? 10_000;
    const retry = options.retry ?? 3;
    // one token per call; kept only to take it out of error messages
    let token;
    let tokenRequest;
    const identityProvider = {
        getToken: () => {
            tokenRequest ??= options.identityToken().then(value => {
                token = value;
                return value;
            });
            return tokenRequest;
        }
    };
    const signer = new ReusedCertificateSigner(keyHolder => new sign_dist/* FulcioSigner */.$o({ identityProvider, keyHolder, fulcioBaseURL: options.fulcioURL, timeout, retry }));
    const witnesses = [];
    if (options.rekorURL) {
        witnesses.push(new sign_dist/* RekorWitness */.fU({ rekorBaseURL: options.rekorURL, entryType: 'dsse', timeout, retry }));
    }
    if (options.tsaURL)
        witnesses.push(new sign_dist/* TSAWitness */.gs({ tsaBaseURL: options.tsaURL, timeout, retry }));
    const builder = new sign_dist/* DSSEBundleBuilder */.VV({ signer, witnesses });
    const signOne = async (statement) => {
        try {
            const bundle = await builder.create({ data: (0,attest_statements/* statementBytes */.Tp)(statement), type: attest_statements/* IN_TOTO_PAYLOAD_TYPE */.T4 });
            return { statement, bundle: (0,dist.bundleToJSON)(bundle) };
        }
        catch (error) {
            throw signingError(error, options, token);
        }
    };
    // the first statement alone: it fetches the token and the certificate the others reuse
    const results = [await signOne(statements[0])];
    const rest = statements.slice(1);
    const width = Math.max(1, options.concurrency ?? 8);
    const signed = new Array(rest.length);
    let next = 0;
    let failure;
    const worker = async () => {
        while (failure === undefined && next < rest.length) {
            const index = next++;
            try {
                signed[index] = await signOne(rest[index]);
            }
            catch (error) {
                failure ??= error;
            }
        }
    };
    await Promise.all(Array.from({ length: Math.min(width, rest.length) }, worker));
    if (failure !== undefined)
        throw failure;
    return results.concat(signed);
}

// EXTERNAL MODULE: ./src/types.ts
var types = __webpack_require__(38522);
;// CONCATENATED MODULE: ./src/publish/attestations.ts




const INDEX_TARGETS = new Set([types/* DistributionTarget */.Us.PYPI, types/* DistributionTarget */.Us.TEST_PYPI]);
const PASSWORD_INPUT = {
    [types/* DistributionTarget */.Us.PYPI]: 'password',
    [types/* DistributionTarget */.Us.TEST_PYPI]: 'testpypi-password'
};
/**
 * Signs the publish attestations the index targets need. `usesToken(target)` is whether the target
 * uploads with an API token. Throws SigningError (service and URL in its message) when signing fails:
 * the caller then publishes nothing.
 */
async function signIndexAttestations(preflights, usesToken, settings, idToken, logger) {
    const indexes = preflights.filter(preflight => preflight.ready && INDEX_TARGETS.has(preflight.target));
    const trusted = indexes.filter(preflight => !usesToken(preflight.target));
    const withToken = indexes.filter(preflight => usesToken(preflight.target));
    const annotations = withToken.map(preflight => ({
        level: 'notice',
        title: `Attestations skipped for ${preflight.target}`,
        message: `${preflight.target} uploads with an API token ('${PASSWORD_INPUT[preflight.target]}'), so its files carry no PEP 740 attestations: ` +
            'PyPI accepts attestations only from trusted publishing uploads. Leave the token empty and register a trusted publisher to publish with provenance.'
    }));
    // Each file once, whichever targets upload it: the attestation names the file and its sha256, not the index.
    const files = new Map();
    for (const preflight of trusted) {
        for (const planned of preflight.files) {
            if (planned.action === 'upload')
                files.set(planned.artifact.filename, planned.artifact.sha256);
        }
    }
    const skippedLine = withToken.length > 0
        ? `attestations skipped for ${withToken.map(p => p.target).join(', ')}: PyPI accepts them only from trusted publishing uploads, and an API token was given`
        : undefined;
    // GitHub Release assets: build provenance for each distribution file this run uploads, and for each one already
    // on the release with this build's sha256 that GitHub holds no provenance for (a run that uploaded it but could
    // not store its provenance) or would not say (the github target's preflight asked). SHA256SUMS is not attested,
    // as actions/attest-build-provenance attests the files a checksums file lists, not the list itself.
    const assets = new Map();
    let existing = 0;
    for (const preflight of preflights) {
        if (!preflight.ready || preflight.target !== types/* DistributionTarget */.Us.GITHUB)
            continue;
        for (const planned of preflight.files) {
            const unattested = planned.action === 'skip-identical' && (planned.provenance === 'absent' || planned.provenance === 'unknown');
            if (planned.action === 'upload' || unattested)
                assets.set(planned.artifact.filename, planned.artifact.sha256);
            if (unattested)
                existing++;
        }
    }
    if (files.size === 0 && assets.size === 0)
        return { attestations: new Map(), targets: [], annotations, summary: skippedLine };
    // One OIDC token for the run: the provenance is built from its claims (as @actions/attest does) and Fulcio certifies it.
    let token;
    const identityToken = () => {
        token ??= (async () => {
            if (!idToken)
                throw new SigningError("There is no OIDC token outside GitHub Actions; Sigstore signing needs a job with 'permissions: id-token: write'", 'oidc');
            return idToken('sigstore');
        })();
        return token;
    };
    const claimsToken = async () => {
        try {
            return await identityToken();
        }
        catch (error) {
            if (error instanceof SigningError)
                throw error;
            const said = error instanceof Error ? error.message : String(error);
            throw new SigningError(`Could not get the workflow's OIDC token for Sigstore (audience 'sigstore'): ${said}. The job needs 'permissions: id-token: write'.`, 'oidc');
        }
    };
    const indexStatements = [...files].map(([filename, sha256]) => (0,attest_statements/* publishStatement */.zj)({ filename, sha256 }));
    let releaseStatements = [];
    let visibility = settings.repositoryVisibility;
    let releaseSkipped;
    let notBuiltHere;
    if (assets.size > 0 && settings.builtElsewhere) {
        annotations.push({
            level: 'notice',
            title: 'Build provenance skipped (built elsewhere)',
            message: `The GitHub Release assets are published without build provenance: ${settings.builtElsewhere}. ` +
                'Build provenance signed here would name this run as their builder; attest them in the run that builds them ' +
                '(for example a build job with actions/attest-build-provenance), or publish them from that run.'
        });
        notBuiltHere = `not built by this run (${settings.builtElsewhere})`;
        assets.clear();
    }
    else if (assets.size > 0) {
        // Without the job's OIDC token the release goes out without provenance (a notice says why); an index
        // that needs the same token still fails its signing below, as before.
        const jwt = await claimsToken().catch((error) => {
            if (!(error instanceof SigningError))
                throw error;
            releaseSkipped = error.message;
            return undefined;
        });
        if (jwt !== undefined) {
            const built = releaseProvenance(jwt);
            releaseStatements = built.statements;
            if (!visibility)
                visibility = built.visibility;
        }
    }
    function releaseProvenance(jwt) {
        const claims = claimsOf(jwt);
        const run = (0,attest_statements/* workflowRunFromClaims */.oz)(claims, (settings.serverUrl || 'https://github.com').replace(/\/+$/, ''));
        const statements = [...assets].map(([filename, sha256]) => (0,attest_statements/* provenanceStatement */.D2)({ filename, sha256 }, run));
        // the event payload's word first; else the token's own claim (GitHub's ID tokens carry repository_visibility)
        return { statements, visibility: visibilityClaim(claims) };
    }
    // PyPI verifies PEP 740 attestations only against the public-good instance, so a private or internal repository's
    // identity goes into its public log with them: said once, with the way out. (The payload names it first; else the token's claim.)
    if (files.size > 0 && !visibility) {
        const jwt = await identityToken().catch(() => undefined); // a missing token fails the signing below, with its own message
        if (jwt !== undefined)
            visibility = visibilityClaim(claimsOrNothing(jwt));
    }
    if (releaseSkipped) {
        annotations.push({
            level: 'notice',
            title: 'Build provenance skipped (id-token: write)',
            message: `The GitHub Release assets are published without build provenance: ${releaseSkipped} ` +
                'Give the job `permissions: id-token: write` and `attestations: write` to attest them, or set `attestations: false`.'
        });
    }
    if (files.size === 0 && releaseStatements.length === 0) {
        return { attestations: new Map(), targets: [], annotations, summary: skippedLine, provenanceSkipped: releaseSkipped ?? notBuiltHere };
    }
    const sigstore = sigstoreSettings(settings.sigstoreEnv, visibility);
    // (said also when SIGSTORE_* name the instance: the notice names the log it goes to, and PyPI itself accepts only the public-good one)
    if (files.size > 0 && (visibility === 'private' || visibility === 'internal') && sigstore.index.rekorURL) {
        annotations.push(publicLogNotice(visibility, trusted.map(preflight => preflight.target), sigstore.index.rekorURL));
    }
    // Each instance signs its statements in one pass (one certificate); both kinds share one pass when the instance is the same.
    const passes = [];
    const pass = (endpoints, statements) => {
        if (statements.length === 0)
            return;
        const same = passes.find(p => sameEndpoints(p.endpoints, endpoints));
        if (same)
            same.statements.push(...statements);
        else
            passes.push({ endpoints, statements: [...statements] });
    };
    // The index instance: public-good whatever the repository's visibility (PyPI verifies against its root), unless SIGSTORE_* name another
    pass(sigstore.index, indexStatements);
    pass(sigstore.github, releaseStatements);
    const bundles = new Map();
    for (const { endpoints, statements } of passes) {
        const { fulcioURL, rekorURL, tsaURL } = endpoints;
        logger.info(`Signing ${describePass(statements)} with Sigstore (Fulcio ${fulcioURL}${rekorURL ? `, Rekor ${rekorURL}` : ''}${tsaURL ? `, TSA ${tsaURL}` : ''})`);
        for (const { statement, bundle } of await signStatements(statements, { fulcioURL, rekorURL, tsaURL, identityToken }))
            bundles.set(statement, bundle);
    }
    const nameOf = (statement) => statement.subject[0].name;
    const attestations = new Map();
    for (const statement of indexStatements)
        attestations.set(nameOf(statement), (0,pep740/* attestationFromBundle */.r$)(bundles.get(statement)));
    const provenance = new Map();
    for (const statement of releaseStatements)
        provenance.set(nameOf(statement), bundles.get(statement));
    const targets = attestations.size > 0 ? trusted.map(preflight => preflight.target) : [];
    const lines = [];
    if (attestations.size > 0) {
        logger.info(`Signed ${attestations.size} attestations once, for ${targets.join(' and ')}`);
        // 'for', not 'sent to': the message stays when an upload fails after signing
        lines.push(`PEP 740 attestations: ${attestations.size} files signed once for ${targets.join(', ')}`);
    }
    if (provenance.size > 0) {
        const before = existing > 0 ? ` (${existing} of them already on the release without it)` : '';
        logger.info(`Signed build provenance for ${provenance.size} GitHub Release assets${before}`);
        lines.push(`build provenance: ${provenance.size} GitHub Release assets signed${before}`);
    }
    if (skippedLine)
        lines.push(skippedLine);
    return { attestations, targets, annotations, summary: lines.join('; ') || undefined, provenance, provenanceSkipped: releaseSkipped ?? notBuiltHere };
}
/** What a signing pass signs, for the log: 'PEP 740 attestations for 2 files', 'build provenance for 2 GitHub Release assets', or both. */
function describePass(statements) {
    const index = statements.filter(statement => statement.predicateType === attest_statements/* PYPI_PUBLISH_V1 */.LY).length;
    const release = statements.length - index;
    const parts = [];
    if (index > 0)
        parts.push(`PEP 740 attestations for ${index} files`);
    if (release > 0)
        parts.push(`build provenance for ${release} GitHub Release assets`);
    return parts.join(' and ');
}
function sameEndpoints(a, b) {
    return a.fulcioURL === b.fulcioURL && a.rekorURL === b.rekorURL && a.tsaURL === b.tsaURL;
}
/** The repository's visibility as GitHub's ID tokens state it (repository_visibility); undefined when absent or unknown. */
function visibilityClaim(claims) {
    const claimed = claims?.['repository_visibility'];
    return claimed === 'public' || claimed === 'private' || claimed === 'internal' ? claimed : undefined;
}
function claimsOrNothing(jwt) {
    try {
        return claimsOf(jwt);
    }
    catch {
        return undefined;
    }
}
/**
 * The notice for a private or internal repository whose files get PEP 740 attestations: PyPI verifies them only
 * against Sigstore's public-good instance (pypa/gh-action-pypi-publish signs the same way), so the signing
 * certificate, which names the repository and its workflow, is recorded in a public transparency log.
 */
function publicLogNotice(visibility, targets, rekorURL) {
    return {
        level: 'notice',
        title: `PEP 740 attestations make this ${visibility} repository's name public`,
        message: `This repository is ${visibility}, and its files for ${targets.join(' and ')} are published with PEP 740 attestations, which PyPI verifies only against Sigstore's public-good instance. ` +
            `Each attestation's signing certificate names the repository (owner/name), the workflow file and its ref, the commit and the run, and it is recorded in the public transparency log (Rekor at ${rekorURL}) ` +
            'and shown with the file on the index, where anyone can read it, for good (pypa/gh-action-pypi-publish does the same). ' +
            'To keep them out of the public log, set the input `attestations: false`: nothing is signed then, and the files (and any GitHub Release assets) are published without provenance.'
    };
}
/** The claims of a JWT (the OIDC token Fulcio verifies; read here only to describe the workflow run). */
function claimsOf(jwt) {
    const payload = jwt.split('.')[1];
    try {
        const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8'));
        if (claims && typeof claims === 'object')
            return claims;
    }
    catch {
        // reported below, without the token
    }
    throw new SigningError("The workflow's OIDC token is not a JWT with claims; build provenance cannot be described", 'oidc');
}


/***/ })

};
