export const id = 633;
export const ids = [633,14];
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

/***/ 81532:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   X: () => (/* binding */ mapConcurrently)
/* harmony export */ });
// A bounded pool for independent async tasks: a few requests in flight, a few files read at once.
/** `task` on every item, at most `width` at a time; the results in the items' order. */
async function mapConcurrently(items, width, task) {
    const results = new Array(items.length);
    let next = 0;
    const worker = async () => {
        while (next < items.length) {
            const index = next++;
            results[index] = await task(items[index]);
        }
    };
    await Promise.all(Array.from({ length: Math.min(Math.max(1, width), items.length) }, worker));
    return results;
}


/***/ }),

/***/ 33633:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  PROVENANCE_READS: () => (/* binding */ PROVENANCE_READS),
  attestedOrigin: () => (/* binding */ attestedOrigin),
  checkFileProvenance: () => (/* binding */ checkFileProvenance),
  describePublisher: () => (/* binding */ describePublisher),
  mapConcurrently: () => (/* reexport */ concurrency/* mapConcurrently */.X),
  provenanceTrust: () => (/* binding */ provenanceTrust),
  thisWorkflow: () => (/* binding */ thisWorkflow),
  verifyAhead: () => (/* binding */ verifyAhead),
  workflowOfRun: () => (/* binding */ workflowOfRun)
});

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: ./src/attest/pep740.ts
var pep740 = __webpack_require__(56191);
// EXTERNAL MODULE: ./src/attest/statements.ts
var statements = __webpack_require__(19919);
// EXTERNAL MODULE: ./node_modules/@sigstore/bundle/dist/index.js
var dist = __webpack_require__(61040);
// EXTERNAL MODULE: ./node_modules/@sigstore/core/dist/index.js
var core_dist = __webpack_require__(83917);
// EXTERNAL MODULE: ./node_modules/@sigstore/protobuf-specs/dist/index.js
var protobuf_specs_dist = __webpack_require__(19654);
// EXTERNAL MODULE: ./node_modules/@sigstore/verify/dist/index.js
var verify_dist = __webpack_require__(54187);
;// CONCATENATED MODULE: ./src/attest/verify.ts
// Verifies an attestation as its consumer would: the Sigstore bundle by @sigstore/verify against a
// trusted root (signature, certificate chain, transparency log or timestamp, signer identity), then the
// statement inside it against the file it claims to describe (one subject, its name and sha256, the
// predicate type), as warehouse checks an uploaded attestation and as we check what an index recorded.


// not in package.json yet: @sigstore/verify's own dependency, the only parser of trusted_root.json



const GITHUB_ACTIONS_ISSUER = 'https://token.actions.githubusercontent.com';
/** Fulcio's certificate extensions for a CI identity (sigstore/fulcio docs/oid-info.md), each a DER UTF8String. */
const FULCIO_OID = {
    issuerV1: '1.3.6.1.4.1.57264.1.1',
    issuerV2: '1.3.6.1.4.1.57264.1.8',
    sourceRepositoryUri: '1.3.6.1.4.1.57264.1.12',
    /** Source Repository Digest: "an immutable reference to a specific version of the source code" (GitHub: the `sha` claim). */
    sourceRepositoryDigest: '1.3.6.1.4.1.57264.1.13',
    buildConfigUri: '1.3.6.1.4.1.57264.1.18'
};
class AttestationVerificationError extends Error {
    constructor(message) {
        super(message);
        this.name = 'AttestationVerificationError';
    }
}
/** The trust material of a trusted_root.json (SIGSTORE_TRUSTED_ROOT's file, already parsed). */
function trustMaterialFromJSON(json) {
    try {
        return (0,verify_dist/* toTrustMaterial */.jO)(protobuf_specs_dist.TrustedRoot.fromJSON(json));
    }
    catch (error) {
        throw new AttestationVerificationError(`The trusted root is not a Sigstore trusted_root.json: ${error instanceof Error ? error.message : String(error)}`);
    }
}
/** The identity Fulcio certifies for a GitHub Actions job: the job's workflow file at its ref. */
function workflowIdentity(run, issuer = GITHUB_ACTIONS_ISSUER) {
    const server = run.serverUrl.replace(/\/+$/, '');
    return { subjectAlternativeName: `${server}/${run.jobWorkflowRef ?? run.workflowRef}`, issuer };
}
function messageOf(error) {
    return error instanceof Error ? error.message : String(error);
}
/** A DER UTF8String's text (the value of Fulcio's v2 extensions). */
function derUtf8String(der) {
    if (der[0] !== 0x0c || der.length < 2)
        return undefined;
    let length = der[1];
    let offset = 2;
    if (length & 0x80) {
        const bytes = length & 0x7f;
        length = 0;
        for (let i = 0; i < bytes; i++)
            length = length * 256 + (der[2 + i] ?? 0);
        offset = 2 + bytes;
    }
    return offset + length > der.length ? undefined : der.subarray(offset, offset + length).toString('utf8');
}
/**
 * The workflow a certificate (base64 of its DER, as bundles and PEP 740 carry it) names. Not a verification:
 * read a certificate the verifier accepted, or one this run received from Fulcio itself. Throws
 * AttestationVerificationError when it is not an X.509 certificate.
 */
function certifiedWorkflow(certificate) {
    // one certificate signs every file of a run: the last one read is kept (parsing one takes about a millisecond)
    if (lastCertified?.certificate === certificate)
        return lastCertified.workflow;
    const workflow = Object.freeze(readCertifiedWorkflow(certificate));
    lastCertified = { certificate, workflow };
    return workflow;
}
let lastCertified;
function readCertifiedWorkflow(certificate) {
    let parsed;
    try {
        parsed = core_dist.X509Certificate.parse(Buffer.from(certificate, 'base64'));
        const text = (oid) => {
            const extension = parsed.extension(oid);
            return extension ? derUtf8String(extension.value) : undefined;
        };
        return {
            subjectAlternativeName: parsed.subjectAltName,
            issuer: text(FULCIO_OID.issuerV2) ?? parsed.extension(FULCIO_OID.issuerV1)?.value.toString('utf8'),
            sourceRepositoryUri: text(FULCIO_OID.sourceRepositoryUri),
            sourceRepositoryDigest: text(FULCIO_OID.sourceRepositoryDigest),
            buildConfigUri: text(FULCIO_OID.buildConfigUri)
        };
    }
    catch (error) {
        throw new AttestationVerificationError(`The signing certificate cannot be read: ${messageOf(error)}`);
    }
}
/** An exact subject alternative name as a policy: @sigstore/verify reads a string as an unanchored regular expression. */
function exactly(name) {
    return typeof name === 'string' ? new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) : name;
}
/**
 * A verifier for a trusted root's trust material, made once and used for every bundle (its construction
 * is the costly part). The thresholds are PEP 740's: one transparency log entry, one timestamp.
 */
function attestationVerifier(trust, options = {}) {
    return new verify_dist/* Verifier */.BL(trust, { tlogThreshold: options.tlogThreshold ?? 1, timestampThreshold: options.timestampThreshold ?? 1 });
}
/**
 * Verifies one bundle and its statement; throws AttestationVerificationError saying what does not hold.
 * `trust` is trust material (a verifier is made for this call) or a verifier from attestationVerifier().
 * A string subject alternative name must match exactly.
 */
function verifyAttestationBundle(bundle, trust, expected, options = {}) {
    let signer;
    let certified;
    try {
        const verifier = trust instanceof verify_dist/* Verifier */.BL ? trust : attestationVerifier(trust, options);
        const identity = verifier.verify((0,verify_dist/* toSignedEntity */.DC)((0,dist.bundleFromJSON)(bundle)), expected.identity && {
            subjectAlternativeName: exactly(expected.identity.subjectAlternativeName),
            extensions: expected.identity.issuer ? { issuer: expected.identity.issuer } : undefined
        });
        signer = identity.identity?.subjectAlternativeName;
        // the leaf the verifier just accepted (a PEP 740 bundle carries the certificate alone)
        const material = bundle.verificationMaterial;
        const leaf = material.certificate?.rawBytes ?? material.x509CertificateChain?.certificates[0]?.rawBytes;
        certified = leaf
            ? certifiedWorkflow(leaf)
            : { subjectAlternativeName: signer, issuer: undefined, sourceRepositoryUri: undefined, buildConfigUri: undefined };
    }
    catch (error) {
        throw new AttestationVerificationError(`The attestation for ${expected.filename} does not verify: ${messageOf(error)}`);
    }
    const envelope = bundle.dsseEnvelope;
    if (!envelope || envelope.payloadType !== statements/* IN_TOTO_PAYLOAD_TYPE */.T4) {
        throw new AttestationVerificationError(`The attestation for ${expected.filename} does not hold an in-toto statement`);
    }
    let statement;
    try {
        statement = JSON.parse(Buffer.from(envelope.payload, 'base64').toString('utf8'));
    }
    catch {
        throw new AttestationVerificationError(`The attestation for ${expected.filename} holds a statement that is not JSON`);
    }
    const where = `The attestation for ${expected.filename}`;
    if (statement?._type !== statements/* IN_TOTO_STATEMENT_V1 */.tV)
        throw new AttestationVerificationError(`${where} is not an in-toto v1 statement`);
    if (!Array.isArray(statement.subject) || statement.subject.length !== 1) {
        throw new AttestationVerificationError(`${where} must have exactly one subject`);
    }
    const [subject] = statement.subject;
    if (typeof subject !== 'object' || subject === null)
        throw new AttestationVerificationError(`${where} has a malformed subject`);
    if (subject.name !== expected.filename) {
        throw new AttestationVerificationError(`${where} names another file: '${subject.name}'`);
    }
    if (subject.digest?.['sha256'] !== expected.sha256) {
        throw new AttestationVerificationError(`${where} has another sha256: ${String(subject.digest?.['sha256'])}`);
    }
    if (statement.predicateType !== expected.predicateType) {
        throw new AttestationVerificationError(`${where} has predicate type ${statement.predicateType}, not ${expected.predicateType}`);
    }
    return { statement, signer, certified };
}

// EXTERNAL MODULE: ./src/build/manifest.ts
var manifest = __webpack_require__(52691);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(83916);
// EXTERNAL MODULE: ./src/publish/origin.ts
var publish_origin = __webpack_require__(23109);
// EXTERNAL MODULE: ./src/concurrency.ts
var concurrency = __webpack_require__(81532);
;// CONCATENATED MODULE: ./src/publish/provenance.ts
// The provenance read-back after an index publish (PEP 740's Integrity API): what the index serves for a file
// must be an attestation of this file's sha256, signed (verified here with @sigstore/verify when a trusted
// root is given) by a certificate for this run's workflow, under a publisher that is this run's repository and
// workflow file. "This run's workflow" is what Fulcio certified for this run's own OIDC token: the certificate
// of the attestation this run signed for the file. Loaded with `await import()` by the index target, and only
// in a run that signed attestations, so Sigstore's verifier stays out of the bundle's start-up.








/** At most this many Integrity API reads (and verifications) at once. */
const PROVENANCE_READS = 8;
/** The trust for the read-back from the SIGSTORE_* variables (RunnerEnvironment.sigstore); never throws. */
async function provenanceTrust(sigstoreEnv) {
    // read as attest/sign.ts sigstoreSettings reads it
    const path = sigstoreEnv['SIGSTORE_TRUSTED_ROOT']?.trim();
    if (!path)
        return { verifier: undefined, reason: 'no trusted root was given (SIGSTORE_TRUSTED_ROOT)' };
    try {
        const trust = trustMaterialFromJSON(JSON.parse(await (0,promises_.readFile)(path, 'utf8')));
        // a root that trusts nothing would turn every file into a warning; say once what is wrong with it
        if (trust.certificateAuthorities.length === 0 || trust.tlogs.length === 0) {
            return { verifier: undefined, reason: 'the trusted root in SIGSTORE_TRUSTED_ROOT names no certificate authority or no transparency log' };
        }
        return { verifier: attestationVerifier(trust), source: 'the trusted root in SIGSTORE_TRUSTED_ROOT', verified: new Map() };
    }
    catch (error) {
        return { verifier: undefined, reason: `the trusted root in SIGSTORE_TRUSTED_ROOT could not be used: ${(0,manifest/* plain */.pj)((0,errors/* describeError */.U)(error), 200)}` };
    }
}
/**
 * The workflow a re-run expects on files an earlier run uploaded, from the runner's GITHUB_REPOSITORY and
 * GITHUB_WORKFLOW_REF (owner/repo/.github/workflows/<file>@<ref>: the top-level workflow, which is what PyPI's
 * trusted publisher and the certificate's Build Config URI name); undefined when they do not say.
 */
function workflowOfRun(run) {
    const { repository, workflowRef } = run;
    if (!repository || !workflowRef)
        return undefined;
    const prefix = `${repository}/.github/workflows/`;
    // the file name ends at the first '@' after the prefix: a ref may hold one (refs/heads/release@2)
    const at = workflowRef.indexOf('@', prefix.length);
    if (!workflowRef.startsWith(prefix) || at <= prefix.length)
        return undefined;
    const server = (run.serverUrl || 'https://github.com').replace(/\/+$/, '');
    return { repository, workflow: workflowRef.slice(prefix.length, at), sourceRepositoryUri: `${server}/${repository}` };
}
/** The Build Config URI of `workflow` without its ref, as a certificate for any run of it has it before the '@'. */
function workflowUri(sourceRepositoryUri, workflow) {
    return `${sourceRepositoryUri}/.github/workflows/${workflow}`;
}
/** This run's workflow from the certificate of an attestation this run signed; throws when it names no GitHub workflow. */
function thisWorkflow(ours) {
    const certified = certifiedWorkflow(ours.verification_material.certificate);
    const { sourceRepositoryUri, buildConfigUri } = certified;
    const prefix = sourceRepositoryUri && `${sourceRepositoryUri}/.github/workflows/`;
    if (!sourceRepositoryUri || !prefix || !buildConfigUri?.startsWith(prefix) || !buildConfigUri.includes('@', prefix.length)) {
        throw new Error("this run's signing certificate names no GitHub Actions workflow (no Source Repository URI and Build Config URI)");
    }
    return {
        repository: new URL(sourceRepositoryUri).pathname.replace(/^\/+|\/+$/g, ''),
        workflow: buildConfigUri.slice(prefix.length, buildConfigUri.indexOf('@', prefix.length)),
        certified
    };
}
/** A publisher as the Integrity API names it, for a message: each key and string value escaped and cut short. */
function describePublisher(publisher) {
    return Object.entries(publisher)
        .filter(([, value]) => typeof value === 'string' && value !== '')
        .map(([key, value]) => (key === 'kind' ? (0,manifest/* plain */.pj)(value) : `${(0,manifest/* plain */.pj)(key)} ${(0,manifest/* plain */.pj)(value)}`))
        .join(', ');
}
/** The one subject of an attestation's statement and its predicate type, or undefined when it is not one. */
function statementOf(attestation) {
    try {
        const statement = (0,pep740/* attestationStatement */.af)(attestation);
        const subject = Array.isArray(statement?.subject) && statement.subject.length === 1 ? statement.subject[0] : undefined;
        const digest = subject?.['digest'];
        if (typeof subject?.['name'] !== 'string' || typeof digest?.['sha256'] !== 'string' || typeof statement.predicateType !== 'string')
            return undefined;
        return { name: subject['name'], sha256: digest['sha256'], predicateType: statement.predicateType };
    }
    catch {
        return undefined;
    }
}
const CERTIFIED_FIELDS = [
    ['subjectAlternativeName', 'subject alternative name'],
    ['buildConfigUri', 'Build Config URI'],
    ['sourceRepositoryUri', 'Source Repository URI'],
    ['issuer', 'OIDC issuer']
];
/**
 * One file's provenance as the index served it, against this run's workflow. Verified when one of its publish
 * attestations names the file's name and sha256, verifies against the trusted root (when there is one), was
 * signed with a certificate for this run's workflow, and sits under the publisher for this run's repository
 * and workflow file; otherwise the warning says what does not hold, naming what the index shows and what
 * this run expected.
 */
function checkFileProvenance(indexName, file, provenance, expected, trust) {
    const all = provenance.attestation_bundles.flatMap(bundle => bundle.attestations.map(attestation => ({ publisher: bundle.publisher, attestation })));
    const ofFile = all.filter(({ attestation }) => {
        const statement = statementOf(attestation);
        return statement?.predicateType === statements/* PYPI_PUBLISH_V1 */.LY && statement.name === file.filename && statement.sha256 === file.sha256;
    });
    if (ofFile.length === 0) {
        const held = all
            .map(({ attestation }) => statementOf(attestation))
            .map(s => (s ? `${(0,manifest/* plain */.pj)(s.name)} sha256 ${(0,manifest/* plain */.pj)(s.sha256, 64)}` : 'an unreadable statement'));
        return {
            verified: false,
            warning: `${indexName} shows ${file.filename} without an attestation of its sha256 ${file.sha256}` +
                (held.length > 0
                    ? `: its provenance attests ${held.slice(0, 3).join('; ')}${held.length > 3 ? ` and ${held.length - 3} more` : ''}`
                    : ': its provenance holds none')
        };
    }
    let problem;
    for (const { publisher, attestation } of ofFile) {
        const found = checkAttestation(indexName, file, publisher, attestation, expected, trust);
        if (found === undefined)
            return { verified: true, publisher };
        problem ??= found;
    }
    return { verified: false, warning: problem };
}
/** The content of an attestation for a cache key: its JSON with every object's keys sorted (an index may order them otherwise). */
function canonical(value) {
    if (Array.isArray(value))
        return `[${value.map(canonical).join(',')}]`;
    if (value && typeof value === 'object') {
        const object = value;
        return `{${Object.keys(object)
            .sort()
            .map(key => `${JSON.stringify(key)}:${canonical(object[key])}`)
            .join(',')}}`;
    }
    return JSON.stringify(value) ?? 'null';
}
/** Verifies one attestation of `file` against the trusted root, once per run for the same content (pypi and testpypi serve the same one). */
function verifyOnce(trust, file, attestation) {
    const key = canonical([file.filename, file.sha256, attestation]);
    let outcome = trust.verified?.get(key);
    if (!outcome) {
        try {
            outcome = verifyAttestationBundle((0,pep740/* bundleFromAttestation */.lO)(attestation), trust.verifier, {
                filename: file.filename,
                sha256: file.sha256,
                predicateType: statements/* PYPI_PUBLISH_V1 */.LY,
                identity: undefined
            }).certified;
        }
        catch (error) {
            // the verifier's words name what failed (signature, certificate chain, log entry); they quote nothing of ours
            outcome = { failed: (0,errors/* describeError */.U)(error).replace(/^The attestation for \S+ (does not verify: )?/, '') };
        }
        trust.verified?.set(key, outcome);
    }
    return outcome;
}
/**
 * Verifies the attestations this run signed while the uploads go out (one at a time, yielding between them, so
 * the uploads' I/O keeps flowing): the read-back then finds each one that the index serves unchanged already
 * verified, and verifies only what differs. The work is the same; it leaves the publish stage's critical path.
 */
async function verifyAhead(trust, files) {
    if (!trust.verifier)
        return;
    for (const { filename, sha256, attestation } of files) {
        await new Promise(resolve => setImmediate(resolve));
        verifyOnce(trust, { filename, sha256 }, attestation);
    }
}
/** What does not hold for one attestation of the file, or undefined. */
function checkAttestation(indexName, file, publisher, attestation, expected, trust) {
    const where = `${file.filename}'s attestation on ${indexName}`;
    let certified;
    if (trust.verifier) {
        const outcome = verifyOnce(trust, file, attestation);
        if ('failed' in outcome)
            return `${where} does not verify: ${(0,manifest/* plain */.pj)(outcome.failed, 300)}`;
        certified = outcome;
    }
    else {
        // no trusted root: what the certificate claims, unverified (the note says the signatures were not re-verified)
        try {
            certified = certifiedWorkflow(attestation.verification_material.certificate);
        }
        catch (error) {
            return `${where} does not verify: ${(0,manifest/* plain */.pj)((0,errors/* describeError */.U)(error), 300)}`;
        }
    }
    if (expected.certified) {
        for (const [field, label] of CERTIFIED_FIELDS) {
            const shown = certified[field];
            const ours = expected.certified[field];
            if (shown !== ours) {
                return `${where} is signed with a certificate whose ${label} is ${shown === undefined ? 'missing' : (0,manifest/* plain */.pj)(shown, 200)}, not this workflow's ${ours ?? 'none'}`;
            }
        }
    }
    else {
        // an earlier run's upload: this repository's workflow file, at the ref and run that uploaded it
        const repository = certified.sourceRepositoryUri;
        const uri = repository && workflowUri(repository, expected.workflow);
        // the workflow file's URI, then '@' and whatever ref that run had
        const named = uri !== undefined && certified.buildConfigUri?.startsWith(`${uri}@`) === true;
        if (!repository || repository.toLowerCase() !== expected.sourceRepositoryUri?.toLowerCase() || !named) {
            const shown = certified.buildConfigUri ?? certified.sourceRepositoryUri;
            return `${where} is signed with a certificate for ${shown === undefined ? 'no workflow' : (0,manifest/* plain */.pj)(shown, 200)}, not this repository's workflow ${expected.repository} ${expected.workflow}`;
        }
    }
    // GitHub's owner and repository names are case-insensitive (PyPI matches its publishers so too)
    const repository = typeof publisher['repository'] === 'string' ? publisher['repository'].toLowerCase() : undefined;
    if (publisher['kind'] !== 'GitHub' || repository !== expected.repository.toLowerCase() || publisher['workflow'] !== expected.workflow) {
        return `${indexName} shows ${file.filename} under the publisher ${describePublisher(publisher) || 'with no name'}, not this workflow (GitHub, repository ${expected.repository}, workflow ${expected.workflow})`;
    }
    return undefined;
}
/**
 * Whether the index's provenance for a file it already holds shows it to be this release's own earlier upload
 * (origin.ts): a publish attestation of the file's name and sha256 that verifies against the trusted root (an
 * unverified claim is no evidence: anyone can write a certificate), signed with a certificate whose Source
 * Repository URI is this repository and whose Source Repository Digest is this commit (Fulcio's extensions
 * 1.3.6.1.4.1.57264.1.12 and .13, sigstore/fulcio docs/oid-info.md; GitHub's `repository` and `sha` claims),
 * under a GitHub publisher for this repository. The evidence in words, or undefined.
 */
function attestedOrigin(indexName, file, provenance, origin, serverUrl, trust) {
    if (!trust.verifier || origin.repository === null)
        return undefined;
    const repositoryUri = `${serverUrl.replace(/\/+$/, '')}/${origin.repository}`.toLowerCase();
    for (const bundle of provenance.attestation_bundles) {
        const publisher = bundle.publisher;
        const named = typeof publisher['repository'] === 'string' && publisher['repository'].toLowerCase() === origin.repository.toLowerCase();
        if (publisher['kind'] !== 'GitHub' || !named)
            continue;
        for (const attestation of bundle.attestations) {
            const statement = statementOf(attestation);
            if (statement?.predicateType !== statements/* PYPI_PUBLISH_V1 */.LY || statement.name !== file.filename || statement.sha256 !== file.sha256)
                continue;
            const certified = verifyOnce(trust, file, attestation);
            if ('failed' in certified)
                continue;
            if (certified.sourceRepositoryUri?.toLowerCase() !== repositoryUri || certified.sourceRepositoryDigest?.toLowerCase() !== origin.sha.toLowerCase())
                continue;
            return (`its PEP 740 provenance on ${indexName}, verified against ${trust.source}, is signed for ${(0,publish_origin/* describeOrigin */.uN)(origin)} ` +
                `(Source Repository URI and Digest) under the publisher ${describePublisher(publisher)}`);
        }
    }
    return undefined;
}


/***/ })

};
