export const id = 604;
export const ids = [604];
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

/***/ 4604:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  coreMetadataOf: () => (/* binding */ coreMetadataOf),
  judgeForIndex: () => (/* binding */ judgeForIndex)
});

// EXTERNAL MODULE: ./src/build/archive.ts
var archive = __webpack_require__(43782);
// EXTERNAL MODULE: ./src/build/metadata.ts
var metadata = __webpack_require__(84443);
// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(16141);
;// CONCATENATED MODULE: ./src/warehouse/entry-points.ts
// A wheel's entry_points.txt as PyPI judges it (warehouse/utils/wheel.py validate_entrypoints): UTF-8, read by
// Python's configparser with '=' as the only delimiter and case-sensitive keys, and every console_scripts and
// gui_scripts name matching [\w.-]+. The parts of configparser (CPython 3.14) that raise are ported line by line:
// a key before any section, a section or key given twice, a line that is neither, and indented continuation lines.
// str.isspace() / the \s of a str pattern
const PY_SPACE = '\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000';
const isPySpace = (ch) => PY_SPACE.includes(ch);
/** str.strip() with Python's notion of whitespace (JavaScript's trim() differs: U+FEFF, U+001C-U+001F). */
function pyStrip(text) {
    let start = 0;
    let end = text.length;
    while (start < end && isPySpace(text[start]))
        start++;
    while (end > start && isPySpace(text[end - 1]))
        end--;
    return text.slice(start, end);
}
const pyRstrip = (text) => {
    let end = text.length;
    while (end > 0 && isPySpace(text[end - 1]))
        end--;
    return text.slice(0, end);
};
// RawConfigParser.SECTCRE, matched at the start: '[' then everything up to the last ']' of the line
const SECTION = /^\[([^\n]+)\]/;
// _OPT_TMPL with delimiters ('=',): the key is everything before the first '=' (spaces around it dropped)
const OPTION = new RegExp(`^([^\\n]*?)[${PY_SPACE}]*(=)[${PY_SPACE}]*([^\\n]*)$`);
const DEFAULT_SECTION = 'DEFAULT';
/** ConfigParser(delimiters=('=',)).read_string with optionxform=str; returns the error configparser raises, if any. */
function readConfig(text) {
    const parsed = { sections: new Map(), defaults: new Map() };
    const added = new Set();
    const errors = [];
    let section = null;
    let sectionName = null;
    let option = null;
    let indentLevel = 0;
    // io.StringIO iterates lines split at '\n' only, each keeping its '\n'
    const lines = text.split(/(?<=\n)/);
    for (let index = 0; index < lines.length; index++) {
        const line = lines[index];
        const lineno = index + 1;
        const stripped = pyStrip(line);
        const isComment = stripped.startsWith('#') || stripped.startsWith(';');
        const clean = isComment ? '' : stripped;
        if (!clean) {
            // empty_lines_in_values: a blank line (not a comment) becomes part of the current value
            if (!isComment && section && option)
                section.get(option)?.push('');
            continue;
        }
        const curIndent = indentOf(line);
        if (section && option && curIndent > indentLevel) {
            section.get(option)?.push(clean);
            continue;
        }
        indentLevel = curIndent;
        const header = SECTION.exec(clean);
        if (!header && !section)
            return { parsed, error: `File contains no section headers. line: ${lineno}` };
        if (header) {
            sectionName = header[1];
            if (parsed.sections.has(sectionName)) {
                if (added.has(`s:${sectionName}`))
                    return { parsed, error: `Section ${sectionName} already exists (line ${lineno})` };
                section = parsed.sections.get(sectionName);
                added.add(`s:${sectionName}`);
            }
            else if (sectionName === DEFAULT_SECTION) {
                section = parsed.defaults;
            }
            else {
                section = new Map();
                parsed.sections.set(sectionName, section);
                added.add(`s:${sectionName}`);
            }
            option = null;
            continue;
        }
        const match = OPTION.exec(clean);
        if (!match) {
            errors.push(lineno);
            continue;
        }
        if (!match[1])
            errors.push(lineno);
        option = pyRstrip(match[1]);
        const key = `o:${sectionName}\0${option}`;
        if (added.has(key))
            return { parsed, error: `Option ${option} in section ${sectionName} already exists (line ${lineno})` };
        added.add(key);
        section.set(option, [pyStrip(match[3])]);
    }
    return { parsed, error: errors.length ? `Source contains parsing errors: lines ${errors.join(', ')}` : null };
}
/** Where the first non-whitespace character is (NONSPACECRE.search(line).start()), counted in code points as Python does. */
function indentOf(line) {
    let index = 0;
    for (const ch of line) {
        if (!isPySpace(ch))
            return index;
        index += 1;
    }
    return 0;
}
// _ENTRY_POINT_NAME_RE = [\w.-]+ (fullmatch); \w of a str pattern: letters, numbers and '_'
const ENTRY_POINT_NAME = /^[\p{L}\p{N}_.-]+$/u;
/**
 * validate_entrypoints on the member's bytes: null when PyPI accepts them, else why not (PyPI itself only answers
 * "has invalid entry points defined in the entry_points.txt file").
 */
function entryPointsProblem(content) {
    let text;
    try {
        text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(content);
    }
    catch {
        return 'entry_points.txt is not decodable as UTF-8';
    }
    const { parsed, error } = readConfig(text);
    if (error)
        return `entry_points.txt is not a valid INI file: ${error}`;
    for (const name of ['console_scripts', 'gui_scripts']) {
        const section = parsed.sections.get(name);
        if (!section)
            continue;
        // iterating a SectionProxy yields its keys, then the DEFAULT section's
        const keys = [...section.keys(), ...[...parsed.defaults.keys()].filter(key => !section.has(key))];
        const bad = keys.find(key => !ENTRY_POINT_NAME.test(key));
        if (bad !== undefined)
            return `Invalid entry point name '${bad}' in '${name}'`;
    }
    return null;
}

;// CONCATENATED MODULE: ./src/warehouse/scan.ts
// PyPI's YARA scan of uploads (warehouse/utils/scanner.py with utils/scanner_rules/*.yar): Python sources (.py) and
// SourceDefender files (.pye) up to 5 MiB are matched against the rules; the first member that matches refuses the
// upload with the rule's `message`. The rules are plain text strings with `any of them` / `all of them`, so a
// substring search is the same match yara-x makes.
// Compiled in sorted file order (scanner.py compile_rules), so a member matching both reports pyarmor's.
const SCAN_RULES = [
    {
        identifier: 'pyarmor_encrypted',
        message: 'PyArmor-encrypted content is not allowed. See https://pypi.org/policy/acceptable-use-policy/ for more information.',
        strings: ['__pyarmor__(__name__, __file__,', '__pyarmor_enter__', '__pyarmor_exit__', '__pyarmor_assert__', '__pyarmor_bcc__'],
        condition: 'any',
        source: 'warehouse/utils/scanner_rules/pyarmor.yar:1'
    },
    {
        identifier: 'sourcedefender_encrypted',
        message: 'SourceDefender-encrypted content is not allowed. See https://pypi.org/policy/acceptable-use-policy/ for more information.',
        strings: ['---BEGIN PYE FILE---', '---END PYE FILE---'],
        condition: 'all',
        source: 'warehouse/utils/scanner_rules/sourcedefender.yar:1'
    }
];
/** _SCAN_MAX_FILE_SIZE: larger members are read but not scanned. */
const SCAN_MAX_FILE_SIZE = 5 * 1024 * 1024;
/** _BULK_SCAN_MAX_TOTAL: past this much scanned content, members are matched one by one as they are read. */
const BULK_SCAN_MAX_TOTAL = 50 * 1024 * 1024;
/** PurePosixPath(name).suffix (Python 3.14: leading dots are not a suffix). */
function pathSuffix(name) {
    const parts = name.split('/').filter(part => part !== '' && part !== '.');
    const last = (parts[parts.length - 1] ?? '').replace(/^\.+/, '');
    const dot = last.lastIndexOf('.');
    return dot === -1 ? '' : last.slice(dot);
}
/** Whether warehouse scans a member of this name (_SCAN_EXTENSIONS, compared lower-cased). */
function isScanned(name) {
    const suffix = pathSuffix(name).toLowerCase();
    return suffix === '.py' || suffix === '.pye';
}
/** The text every string of an `any` rule starts with (pyarmor's five all start '__pyarmor'), searched first. */
function commonPrefix(strings) {
    let prefix = strings[0] ?? '';
    for (const text of strings)
        while (!text.startsWith(prefix))
            prefix = prefix.slice(0, -1);
    return prefix;
}
const PREFIXES = new Map(SCAN_RULES.map(rule => [rule, rule.condition === 'any' ? commonPrefix(rule.strings) : '']));
/** The first rule whose condition holds for `data`. */
function matchingRule(data) {
    const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    const found = (text) => bytes.includes(text, 0, 'latin1');
    for (const rule of SCAN_RULES) {
        // one search over a source that holds none of a rule's strings, not one per string (sources are most of a wheel)
        const prefix = PREFIXES.get(rule);
        if (prefix.length >= 4 && !found(prefix))
            continue;
        if (rule.condition === 'any' ? rule.strings.some(found) : rule.strings.every(found))
            return rule;
    }
    return null;
}
/**
 * check_members' order, kept without holding members: below 50 MiB of scanned content nothing is decided until every
 * member was read (a read error later on wins); past it, each member is matched as soon as it is read.
 */
class MemberScan {
    pending = null;
    total = 0;
    overflow = false;
    decided = null;
    /** One member as the archive yields it, with the rule its content matches (matchingRule). Returns a match once decided. */
    add(member, size, rule) {
        if (this.decided)
            return this.decided;
        if (size > SCAN_MAX_FILE_SIZE)
            return null;
        const match = rule ? { rule, member } : null;
        if (this.overflow) {
            if (match)
                this.decided = match;
            return match;
        }
        this.pending ??= match;
        this.total += size;
        if (this.total > BULK_SCAN_MAX_TOTAL) {
            this.overflow = true;
            this.decided = this.pending;
            return this.pending;
        }
        return null;
    }
    /** After the last member: the first member that matched, if any. */
    finish() {
        return this.decided ?? this.pending;
    }
}

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: ./src/warehouse/python.ts
var python = __webpack_require__(9293);
;// CONCATENATED MODULE: ./src/warehouse/zip-framing.ts
// How PyPI reads a zip (wheel, .zip sdist): CPython 3.14's zipfile (is_zipfile, the central directory, reading a
// member) and warehouse/utils/zipfiles.py (validate_zipfile: local headers and central directory must agree), ported
// so preflight refuses exactly the zips PyPI refuses. Headers are read with positioned reads; member data is only
// ever streamed (inflated chunk by chunk), never held whole.



/** An exception Python would raise, by its type name ('BadZipFile', 'zlib.error', 'EOFError', 'OSError', …). */
class PythonError extends Error {
    pyType;
    constructor(pyType, message) {
        super(message);
        this.pyType = pyType;
    }
}
const WINDOW = 64 * 1024;
const EMPTY = Buffer.alloc(0);
/**
 * The uploaded file, read by position. Small reads come from one window that is reused (headers sit close together,
 * and a buffer per read would leave megabytes of garbage behind on a wheel of many files).
 */
class ArchiveFile {
    handle;
    size;
    windowBuffer = Buffer.allocUnsafe(WINDOW);
    window = EMPTY;
    windowStart = 0;
    constructor(handle, size) {
        this.handle = handle;
        this.size = size;
    }
    static async open(path) {
        const handle = await (0,promises_.open)(path, 'r');
        try {
            return new ArchiveFile(handle, (await handle.stat()).size);
        }
        catch (error) {
            await handle.close();
            throw error;
        }
    }
    /** Up to `length` bytes at `position` (fewer at the end of the file). Small reads return a view of the window, valid until the next read: copy to keep. */
    async read(position, length) {
        const end = Math.min(position + length, this.size);
        if (position < 0 || end <= position)
            return EMPTY;
        if (position >= this.windowStart && end <= this.windowStart + this.window.length) {
            return this.window.subarray(position - this.windowStart, end - this.windowStart);
        }
        if (end - position > WINDOW)
            return this.readExact(position, end - position);
        this.window = await this.readExact(position, Math.min(WINDOW, this.size - position), this.windowBuffer);
        this.windowStart = position;
        return this.window.subarray(0, end - position);
    }
    /** The bytes of [position, position + length) in chunks, for streaming a member's data. */
    async *chunks(position, length, chunkSize = 256 * 1024) {
        const end = Math.min(position + length, this.size);
        for (let at = position; at < end; at += chunkSize)
            yield await this.readExact(at, Math.min(chunkSize, end - at));
    }
    /** Reads up to `length` bytes at `position` into `target` at `offset`; returns how many (fewer only at the end of the file). */
    async readInto(position, target, offset, length) {
        let filled = 0;
        const wanted = Math.max(0, Math.min(length, this.size - position));
        while (filled < wanted) {
            const { bytesRead } = await this.handle.read(target, offset + filled, wanted - filled, position + filled);
            if (bytesRead === 0)
                break;
            filled += bytesRead;
        }
        return filled;
    }
    /** Decoder buffers, reused from one member to the next (see inflate). */
    inflaters = [];
    /** A read buffer for stored members' data, reused likewise. */
    scratch;
    async readExact(position, length, into) {
        const buffer = into ? into.subarray(0, length) : Buffer.allocUnsafe(length);
        let filled = 0;
        while (filled < length) {
            const { bytesRead } = await this.handle.read(buffer, filled, length - filled, position + filled);
            if (bytesRead === 0)
                break;
            filled += bytesRead;
        }
        return filled === length ? buffer : buffer.subarray(0, filled);
    }
    async close() {
        await this.handle.close();
    }
}
// ---- text as Python decodes it ----
const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
// bytes 0x80-0xff of Python's cp437 codec (0x00-0x7f are ASCII)
const CP437_HIGH = 'ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00a0';
/** bytes.decode('utf-8'): a BOM is kept as U+FEFF, as Python keeps it. */
function decodeUtf8Strict(bytes) {
    try {
        return STRICT_UTF8.decode(bytes);
    }
    catch {
        throw new PythonError('UnicodeDecodeError', "'utf-8' codec can't decode bytes");
    }
}
function decodeCp437(bytes) {
    let text = '';
    for (const byte of bytes)
        text += byte < 0x80 ? String.fromCharCode(byte) : CP437_HIGH[byte - 0x80];
    return text;
}
/** Length of the well-formed UTF-8 sequence at `i` (Unicode table 3-7, as Python's strict decoder), or 0. */
function utf8SequenceLength(bytes, i) {
    const b0 = bytes[i];
    if (b0 < 0x80)
        return 1;
    const cont = (k, lo = 0x80, hi = 0xbf) => i + k < bytes.length && bytes[i + k] >= lo && bytes[i + k] <= hi;
    if (b0 >= 0xc2 && b0 <= 0xdf)
        return cont(1) ? 2 : 0;
    if (b0 >= 0xe0 && b0 <= 0xef) {
        const [lo, hi] = b0 === 0xe0 ? [0xa0, 0xbf] : b0 === 0xed ? [0x80, 0x9f] : [0x80, 0xbf];
        return cont(1, lo, hi) && cont(2) ? 3 : 0;
    }
    if (b0 >= 0xf0 && b0 <= 0xf4) {
        const [lo, hi] = b0 === 0xf0 ? [0x90, 0xbf] : b0 === 0xf4 ? [0x80, 0x8f] : [0x80, 0xbf];
        return cont(1, lo, hi) && cont(2) && cont(3) ? 4 : 0;
    }
    return 0;
}
/** bytes.decode('utf-8', 'surrogateescape'), how tarfile decodes names (its encoding is the file system's: UTF-8). */
function decodeUtf8Escaped(bytes) {
    try {
        return STRICT_UTF8.decode(bytes);
    }
    catch {
        let text = '';
        for (let i = 0; i < bytes.length;) {
            const length = utf8SequenceLength(bytes, i);
            if (length === 0) {
                text += String.fromCharCode(0xdc00 + bytes[i]);
                i += 1;
            }
            else {
                text += STRICT_UTF8.decode(bytes.subarray(i, i + length));
                i += length;
            }
        }
        return text;
    }
}
// ---- CPython zipfile ----
const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_EOCD = 0x06054b50;
const SIG_EOCD64 = 0x06064b50;
const SIG_EOCD64_LOCATOR = 0x07064b50;
const EOCD_SIZE = 22;
const EOCD64_SIZE = 56;
const LOCATOR_SIZE = 20;
const CENTRAL_SIZE = 46;
const LOCAL_SIZE = 30;
const MAX_COMMENT = 0xffff;
const MAX_EXTRACT_VERSION = 63;
const FLAG_ENCRYPTED = 1 << 0;
const FLAG_COMPRESSED_PATCH = 1 << 5;
const FLAG_STRONG_ENCRYPTION = 1 << 6;
const FLAG_UTF8 = 1 << 11;
const ZIP_STORED = 0;
const ZIP_DEFLATED = 8;
const u64 = (b, at) => Number(b.readBigUInt64LE(at));
/** _EndRecData64: a ZIP64 locator right before the EOCD points at the ZIP64 end record. `offset` counts from the end. */
async function endRecord64(file, offset, record) {
    const locatorAt = file.size + offset - LOCATOR_SIZE;
    if (locatorAt < 0)
        return record; // seek fails: too small for ZIP64 records
    const locator = await file.read(locatorAt, LOCATOR_SIZE);
    if (locator.length !== LOCATOR_SIZE || locator.readUInt32LE(0) !== SIG_EOCD64_LOCATOR)
        return record;
    if (locator.readUInt32LE(4) !== 0 || locator.readUInt32LE(16) > 1)
        throw new PythonError('BadZipFile', 'zipfiles that span multiple disks are not supported');
    const at = file.size + offset - LOCATOR_SIZE - EOCD64_SIZE;
    if (at < 0)
        throw new PythonError('OSError', '[Errno 22] Invalid argument'); // this seek is not guarded in zipfile
    const data = await file.read(at, EOCD64_SIZE);
    if (data.length !== EOCD64_SIZE || data.readUInt32LE(0) !== SIG_EOCD64)
        return record;
    return {
        ...record,
        zip64: true,
        diskNumber: data.readUInt32LE(16),
        diskStart: data.readUInt32LE(20),
        entriesTotal: u64(data, 32),
        size: u64(data, 40),
        offset: u64(data, 48)
    };
}
/** _EndRecData: the EOCD at the very end, or else the last EOCD signature within the last 64 KiB (a comment follows it). */
async function endRecord(file) {
    if (file.size < EOCD_SIZE)
        return null;
    const tail = await file.read(file.size - EOCD_SIZE, EOCD_SIZE);
    const parse = (data, location) => ({
        zip64: false,
        diskNumber: data.readUInt16LE(4),
        diskStart: data.readUInt16LE(6),
        entriesTotal: data.readUInt16LE(10),
        size: data.readUInt32LE(12),
        offset: data.readUInt32LE(16),
        location
    });
    if (tail.readUInt32LE(0) === SIG_EOCD && tail.readUInt16LE(20) === 0) {
        return endRecord64(file, -EOCD_SIZE, parse(tail, file.size - EOCD_SIZE));
    }
    const searchStart = Math.max(file.size - MAX_COMMENT - EOCD_SIZE, 0);
    const data = Buffer.from(await file.read(searchStart, MAX_COMMENT + EOCD_SIZE));
    const start = data.lastIndexOf(Buffer.from('PK\x05\x06', 'latin1'));
    if (start < 0 || data.length - start < EOCD_SIZE)
        return null;
    return endRecord64(file, searchStart + start - file.size, parse(data.subarray(start, start + EOCD_SIZE), searchStart + start));
}
/** zipfile.is_zipfile: an end record is found (its OSError means "no"; a BadZipFile escapes, as in CPython). */
async function isZipfile(file) {
    try {
        return (await endRecord(file)) !== null;
    }
    catch (error) {
        if (error instanceof PythonError && error.pyType === 'OSError')
            return false;
        throw error;
    }
}
const sanitize = (name) => {
    const nul = name.indexOf('\0');
    return nul >= 0 ? name.slice(0, nul) : name;
};
/** ZipInfo._decodeExtra: ZIP64 sizes and offset, and the Info-ZIP Unicode path (0x7075). */
function decodeExtra(info, extra, nameCrc) {
    let rest = extra;
    while (rest.length >= 4) {
        const type = rest.readUInt16LE(0);
        const length = rest.readUInt16LE(2);
        if (length + 4 > rest.length)
            throw new PythonError('BadZipFile', `Corrupt extra field ${type.toString(16).padStart(4, '0')} (size=${length})`);
        const data = rest.subarray(4, length + 4);
        if (type === 0x0001) {
            let at = 0;
            const take = (field) => {
                if (data.length - at < 8)
                    throw new PythonError('BadZipFile', `Corrupt zip64 extra field. ${field} not found.`);
                at += 8;
                return u64(data, at - 8);
            };
            if (info.fileSize === 0xffffffff || info.fileSize === Number(0xffffffffffffffffn))
                info.fileSize = take('File size');
            if (info.compressSize === 0xffffffff)
                info.compressSize = take('Compress size');
            if (info.headerOffset === 0xffffffff)
                info.headerOffset = take('Header offset');
        }
        else if (type === 0x7075) {
            if (data.length < 5)
                throw new PythonError('BadZipFile', 'Corrupt unicode path extra field (0x7075)');
            if (data[0] === 1 && data.readUInt32LE(1) === nameCrc) {
                let unicodeName;
                try {
                    unicodeName = decodeUtf8Strict(data.subarray(5));
                }
                catch {
                    throw new PythonError('BadZipFile', 'Corrupt unicode path extra field (0x7075): invalid utf-8 bytes');
                }
                if (unicodeName)
                    info.filename = sanitize(unicodeName);
            }
        }
        rest = rest.subarray(length + 4);
    }
}
/** ZipFile(path): _RealGetContents. Throws BadZipFile (and the few other exceptions CPython lets escape). */
async function readCentralDirectory(file) {
    let record;
    try {
        record = await endRecord(file);
    }
    catch (error) {
        if (error instanceof PythonError && error.pyType === 'OSError')
            throw new PythonError('BadZipFile', 'File is not a zip file');
        throw error;
    }
    if (!record)
        throw new PythonError('BadZipFile', 'File is not a zip file');
    let concat = record.location - record.size - record.offset;
    if (record.zip64)
        concat -= EOCD64_SIZE + LOCATOR_SIZE;
    const startDir = record.offset + concat;
    if (startDir < 0)
        throw new PythonError('BadZipFile', 'Bad offset for central directory');
    // fp.read(size_cd) into a BytesIO: reads past its end come back short
    const available = Math.max(0, Math.min(record.size, file.size - startDir));
    let pos = 0;
    const take = async (n) => {
        const length = Math.max(0, Math.min(n, available - pos));
        const bytes = Buffer.from(await file.read(startDir + pos, length));
        pos += length;
        return bytes;
    };
    const archive = { infolist: [], byName: new Map() };
    for (let total = 0; total < record.size;) {
        const header = await take(CENTRAL_SIZE);
        if (header.length !== CENTRAL_SIZE)
            throw new PythonError('BadZipFile', 'Truncated central directory');
        if (header.readUInt32LE(0) !== SIG_CENTRAL)
            throw new PythonError('BadZipFile', 'Bad magic number for central directory');
        const nameLength = header.readUInt16LE(28);
        const extraLength = header.readUInt16LE(30);
        const commentLength = header.readUInt16LE(32);
        const rawName = await take(nameLength);
        const flagBits = header.readUInt16LE(8);
        const name = flagBits & FLAG_UTF8 ? decodeUtf8Strict(rawName) : decodeCp437(rawName);
        const extra = await take(extraLength);
        await take(commentLength);
        const extractVersion = header[6];
        if (extractVersion > MAX_EXTRACT_VERSION)
            throw new PythonError('NotImplementedError', `zip file version ${(extractVersion / 10).toFixed(1)}`);
        const info = {
            origFilename: name,
            filename: sanitize(name),
            flagBits,
            compressType: header.readUInt16LE(10),
            crc: header.readUInt32LE(16),
            compressSize: header.readUInt32LE(20),
            fileSize: header.readUInt32LE(24),
            headerOffset: header.readUInt32LE(42),
            endOffset: startDir
        };
        decodeExtra(info, extra, (0,external_node_zlib_.crc32)(rawName));
        info.headerOffset += concat;
        archive.infolist.push(info);
        archive.byName.set(info.filename, info);
        total += CENTRAL_SIZE + nameLength + extraLength + commentLength;
    }
    // sorted(filelist, key=header_offset, reverse=True) keeps equal offsets in their order (a stable sort)
    let endOffset = startDir;
    const byOffset = archive.infolist.map((info, index) => ({ info, index })).sort((a, b) => b.info.headerOffset - a.info.headerOffset || a.index - b.index);
    for (const { info } of byOffset) {
        info.endOffset = endOffset;
        endOffset = info.headerOffset;
    }
    return archive;
}
/**
 * ZipFile.read(info), streamed: the local header checks of ZipFile.open, then ZipExtFile's reading (all compressed
 * bytes are inflated; the output is cut at file_size) and its CRC check. `onData` sees the output in order, as views
 * of reused buffers: copy what must be kept.
 */
async function readMember(file, info, onData) {
    // a header offset before the file's start (the central directory claimed more bytes than precede it) fails the seek
    if (info.headerOffset < 0)
        throw new PythonError('OSError', '[Errno 22] Invalid argument');
    const header = Buffer.from(await file.read(info.headerOffset, LOCAL_SIZE));
    if (header.length !== LOCAL_SIZE)
        throw new PythonError('BadZipFile', 'Truncated file header');
    if (header.readUInt32LE(0) !== SIG_LOCAL)
        throw new PythonError('BadZipFile', 'Bad magic number for file header');
    const rawName = Buffer.from(await file.read(info.headerOffset + LOCAL_SIZE, header.readUInt16LE(26)));
    const dataOffset = info.headerOffset + LOCAL_SIZE + rawName.length + header.readUInt16LE(28);
    if (info.flagBits & FLAG_COMPRESSED_PATCH)
        throw new PythonError('NotImplementedError', 'compressed patched data (flag bit 5)');
    if (info.flagBits & FLAG_STRONG_ENCRYPTION)
        throw new PythonError('NotImplementedError', 'strong encryption (flag bit 6)');
    const localName = header.readUInt16LE(6) & FLAG_UTF8 ? decodeUtf8Strict(rawName) : decodeCp437(rawName);
    if (localName !== info.origFilename)
        throw new PythonError('BadZipFile', `File name in directory and header differ.`);
    if (dataOffset + info.compressSize > info.endOffset)
        throw new PythonError('BadZipFile', `Overlapped entries (possible zip bomb)`);
    if (info.flagBits & FLAG_ENCRYPTED)
        throw new PythonError('RuntimeError', 'File is encrypted, password required for extraction');
    if (info.compressType !== ZIP_STORED && info.compressType !== ZIP_DEFLATED)
        throw new PythonError('NotImplementedError', `compression type ${info.compressType}`);
    const available = Math.min(info.compressSize, Math.max(0, file.size - dataOffset));
    if (info.compressSize > 0 && available === 0)
        throw new PythonError('EOFError', '');
    let produced = 0;
    let crc = 0;
    const keep = (chunk) => {
        const part = chunk.subarray(0, Math.max(0, info.fileSize - produced));
        if (part.length === 0)
            return;
        produced += part.length;
        crc = (0,external_node_zlib_.crc32)(part, crc);
        onData(part);
    };
    if (info.compressType === ZIP_STORED) {
        const scratch = (file.scratch ??= Buffer.allocUnsafe(256 * 1024));
        for (let at = dataOffset; at < dataOffset + available;) {
            const n = await file.readInto(at, scratch, 0, Math.min(scratch.length, dataOffset + available - at));
            keep(scratch.subarray(0, n));
            at += n;
        }
        if (available < info.compressSize && available < info.fileSize)
            throw new PythonError('EOFError', '');
    }
    else if (info.compressSize > 0 &&
        available <= NATIVE_INFLATE_MAX &&
        info.fileSize <= NATIVE_INFLATE_MAX &&
        nativeInflate(Buffer.from(await file.read(dataOffset, available)), info.fileSize, keep)) {
        // inflated by zlib in one call (see nativeInflate)
    }
    else if (info.compressSize > 0) {
        const result = {};
        for await (const chunk of inflate(file, dataOffset, available, result))
            keep(chunk);
        if (result.outcome === 'truncated' && available < info.compressSize && produced < info.fileSize)
            throw new PythonError('EOFError', '');
    }
    if (crc >>> 0 !== info.crc)
        throw new PythonError('BadZipFile', `Bad CRC-32 for file ${(0,python/* pyRepr */.n)(info.filename)}`);
}
/** Members up to this size (compressed and as the directory states it) are inflated by zlib in one call (nativeInflate); larger ones stream. */
const NATIVE_INFLATE_MAX = 16 * 1024 * 1024;
/**
 * The members the rules read are small (metadata, RECORD, sources up to 5 MiB): zlib inflates a sound one in one call,
 * about three times faster than the streaming decoder, into one short-lived buffer. Any stream zlib does not end
 * cleanly (truncated, corrupt, longer than the directory says) returns false, for the streaming decoder to read it
 * exactly as Python does (where it stops, what it raises).
 */
function nativeInflate(compressed, fileSize, keep) {
    let output;
    try {
        // a stream that inflates to more than the directory says (a bomb among them) is left to the streaming decoder
        output = (0,external_node_zlib_.inflateRawSync)(compressed, { maxOutputLength: fileSize + 1 });
    }
    catch {
        return false;
    }
    keep(output);
    return true;
}
// ---- inflate (RFC 1951) with zlib's verdicts ----
// The bit buffer holds at most 31 bits, so it stays a non-negative int32 (V8 keeps it in a register).
// Node's zlib returns every piece of output in a new buffer; on a wheel of thousands of sources that is as much
// garbage as the sources inflate to, and the process grows by tens of MiB before V8 collects it. This decoder writes
// into buffers it keeps, and raises zlib's errors where zlib raises them (Python reports them as zlib.error).
/** A stream zlib refuses (Python raises zlib.error with "Error -3 while decompressing data: <reason>"). */
class InflateError extends Error {
}
const LENGTH_BASE = Uint16Array.of(3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258);
const LENGTH_EXTRA = Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0);
const DIST_BASE = Uint16Array.of(1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577);
const DIST_EXTRA = Uint8Array.of(0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13);
const CODE_LENGTH_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];
const HISTORY = 32 * 1024;
const OUT_CAPACITY = 256 * 1024;
// A gzip stream's output is handed over 8 KiB at a time, as GzipFile's reader asks zlib for it: a damaged block
// further on is met when the reader gets there, not before (tarfile stops at the end of the archive and never meets
// it). A zip member is read whole (ZipExtFile reads all its compressed bytes), so larger steps do.
const GZIP_STEP = 8 * 1024;
const MEMBER_STEP = 64 * 1024;
const INPUT_CHUNK = 256 * 1024;
// input the fast loop wants at hand: a literal/length code, its extra bits, a distance code and its extra bits, and
// the bytes the bit buffer reads ahead
const FAST_INPUT = 12;
/** inflate_table(): canonical codes from code lengths, refusing over-subscribed and (but for one 1-bit code) incomplete sets. */
function huffman(lengths, count, kind, into) {
    const perLength = new Uint16Array(16);
    for (let i = 0; i < count; i++)
        perLength[lengths[i]]++;
    let max = 15;
    while (max >= 1 && perLength[max] === 0)
        max--;
    // no codes at all: zlib builds a table that decodes nothing (and, for code lengths, reads each length as 0)
    if (max === 0)
        return { table: Uint16Array.of(kind === 'codes' ? 1 : 0, kind === 'codes' ? 1 : 0), bits: 1 };
    let left = 1;
    for (let length = 1; length <= 15; length++) {
        left = (left << 1) - perLength[length];
        if (left < 0)
            return null;
    }
    if (left > 0 && (kind === 'codes' || max !== 1))
        return null;
    // the first code of each length (RFC 1951 3.2.2)
    perLength[0] = 0;
    const next = new Uint16Array(16);
    for (let length = 1, code = 0; length <= 15; length++) {
        code = (code + perLength[length - 1]) << 1;
        next[length] = code;
    }
    const table = into ? into.subarray(0, 1 << max).fill(0) : new Uint16Array(1 << max);
    for (let symbol = 0; symbol < count; symbol++) {
        const length = lengths[symbol];
        if (!length)
            continue;
        const code = next[length]++;
        let reversed = 0;
        for (let i = 0; i < length; i++)
            reversed |= ((code >> i) & 1) << (length - 1 - i);
        for (let i = reversed; i < table.length; i += 1 << length)
            table[i] = (symbol << 4) | length;
    }
    return { table, bits: max };
}
let fixedTables;
function fixed() {
    if (!fixedTables) {
        const lit = new Uint8Array(288);
        lit.fill(8, 0, 144).fill(9, 144, 256).fill(7, 256, 280).fill(8, 280, 288);
        fixedTables = { lit: huffman(lit, 288, 'lens'), dist: huffman(new Uint8Array(32).fill(5), 32, 'dists') };
    }
    return fixedTables;
}
const NEED_INPUT = 0;
const OUTPUT = 1;
/** One decoder's buffers and position; run() is resumed by inflate() as input arrives and output is taken. */
class InflateState {
    out = new Uint8Array(OUT_CAPACITY);
    // a dynamic block's tables, rebuilt in place block after block
    litTable = new Uint16Array(1 << 15);
    distTable = new Uint16Array(1 << 15);
    input = new Uint8Array(INPUT_CHUNK);
    inPos = 0;
    inEnd = 0;
    inputDone = false;
    bitBuf = 0;
    bitCnt = 0;
    outPos = 0;
    emitted = 0;
    /** Bytes produced so far (a distance may reach back this far). */
    total = 0;
    /** How much output is handed over at a time. */
    step = MEMBER_STEP;
    /** What the last OUTPUT step hands over. */
    output = this.out.subarray(0, 0);
    reset() {
        this.inPos = this.inEnd = this.bitBuf = this.bitCnt = this.outPos = this.emitted = this.total = 0;
        this.inputDone = false;
    }
    /** Input bytes the bit buffer holds but the stream did not use (returned after its end, as zlib does). */
    get unusedBits() {
        return this.bitCnt;
    }
    fill() {
        while (this.bitCnt <= 23 && this.inPos < this.inEnd) {
            this.bitBuf |= this.input[this.inPos++] << this.bitCnt;
            this.bitCnt += 8;
        }
    }
    take(n) {
        const value = this.bitBuf & ((1 << n) - 1);
        this.bitBuf >>= n;
        this.bitCnt -= n;
        return value;
    }
    /** Ensures `n` bits (at most 24) are buffered, waiting for input; false when the input ended first. */
    *bits(n) {
        for (;;) {
            this.fill();
            if (this.bitCnt >= n)
                return true;
            if (this.inputDone)
                return false;
            yield NEED_INPUT;
        }
    }
    /** Whether the output since the last hand-over makes a step, or the buffer is nearly full. */
    get due() {
        return this.outPos - this.emitted >= this.step || this.outPos > OUT_CAPACITY - 258;
    }
    /** Hands over what was produced; near the buffer's end, keeps only the last 32 KiB a distance may reach back to. */
    *emit() {
        if (this.outPos > this.emitted) {
            this.output = this.out.subarray(this.emitted, this.outPos);
            this.emitted = this.outPos;
            yield OUTPUT;
        }
        if (this.outPos > OUT_CAPACITY - 258 - this.step) {
            this.out.copyWithin(0, this.outPos - HISTORY, this.outPos);
            this.outPos = this.emitted = HISTORY;
        }
    }
    /** What is left to hand over once the stream stopped. */
    rest() {
        const rest = this.out.subarray(this.emitted, this.outPos);
        this.emitted = this.outPos;
        return rest;
    }
    /** The stream, block after block: 'end' after its last block, 'truncated' when the input ran out first. */
    *run() {
        let last = 0;
        do {
            if (!(yield* this.bits(3)))
                return 'truncated';
            last = this.take(1);
            const type = this.take(2);
            if (type === 0) {
                if (!(yield* this.stored()))
                    return 'truncated';
            }
            else if (type === 1 || type === 2) {
                const tables = type === 1 ? fixed() : yield* this.dynamic();
                if (!tables)
                    return 'truncated';
                if (!(yield* this.codes(tables.lit, tables.dist)))
                    return 'truncated';
            }
            else
                throw new InflateError('invalid block type');
        } while (!last);
        return 'end';
    }
    *stored() {
        this.take(this.bitCnt & 7);
        if (!(yield* this.bits(16)))
            return false;
        const length = this.take(16);
        if (!(yield* this.bits(16)))
            return false;
        if (this.take(16) !== (~length & 0xffff))
            throw new InflateError('invalid stored block lengths');
        let left = length;
        // whole bytes still in the bit buffer come first
        while (left > 0 && this.bitCnt >= 8) {
            if (this.due)
                yield* this.emit();
            this.out[this.outPos++] = this.take(8);
            this.total++;
            left--;
        }
        while (left > 0) {
            if (this.inPos === this.inEnd) {
                if (this.inputDone)
                    return false;
                yield NEED_INPUT;
                continue;
            }
            if (this.due)
                yield* this.emit();
            const n = Math.min(left, this.inEnd - this.inPos, this.emitted + this.step - this.outPos);
            this.out.set(this.input.subarray(this.inPos, this.inPos + n), this.outPos);
            this.inPos += n;
            this.outPos += n;
            this.total += n;
            left -= n;
        }
        return true;
    }
    /** The code lengths of a dynamic block (zlib's checks, in zlib's order). */
    *dynamic() {
        if (!(yield* this.bits(14)))
            return null;
        const nlen = this.take(5) + 257;
        const ndist = this.take(5) + 1;
        const ncode = this.take(4) + 4;
        if (nlen > 286 || ndist > 30)
            throw new InflateError('too many length or distance symbols');
        const codeLengths = new Uint8Array(19);
        for (let i = 0; i < ncode; i++) {
            if (!(yield* this.bits(3)))
                return null;
            codeLengths[CODE_LENGTH_ORDER[i]] = this.take(3);
        }
        const codes = huffman(codeLengths, 19, 'codes');
        if (!codes)
            throw new InflateError('invalid code lengths set');
        const lengths = new Uint8Array(nlen + ndist);
        for (let have = 0; have < nlen + ndist;) {
            const entry = yield* this.symbol(codes);
            if (entry < 0)
                return null;
            const symbol = entry >> 4;
            if (symbol < 16) {
                lengths[have++] = symbol;
                continue;
            }
            const [extra, base] = symbol === 16 ? [2, 3] : symbol === 17 ? [3, 3] : [7, 11];
            if (symbol === 16 && have === 0)
                throw new InflateError('invalid bit length repeat');
            if (!(yield* this.bits(extra)))
                return null;
            const repeat = base + this.take(extra);
            if (have + repeat > nlen + ndist)
                throw new InflateError('invalid bit length repeat');
            lengths.fill(symbol === 16 ? lengths[have - 1] : 0, have, have + repeat);
            have += repeat;
        }
        if (lengths[256] === 0)
            throw new InflateError('invalid code -- missing end-of-block');
        const lit = huffman(lengths.subarray(0, nlen), nlen, 'lens', this.litTable);
        if (!lit)
            throw new InflateError('invalid literal/lengths set');
        const dist = huffman(lengths.subarray(nlen), ndist, 'dists', this.distTable);
        if (!dist)
            throw new InflateError('invalid distances set');
        return { lit, dist };
    }
    /** The next symbol's table entry; -1 when the input ended before it. */
    *symbol(code) {
        for (;;) {
            this.fill();
            const entry = code.table[this.bitBuf & ((1 << code.bits) - 1)];
            const length = entry & 15;
            if (length !== 0 && length <= this.bitCnt) {
                this.take(length);
                return entry;
            }
            if (length === 0 && this.bitCnt >= code.bits)
                return 0; // no such code
            if (this.inputDone)
                return -1;
            yield NEED_INPUT;
        }
    }
    /** A Huffman-coded block: literals and length/distance pairs up to the end-of-block code. */
    *codes(lit, dist) {
        for (;;) {
            if (this.due) {
                yield* this.emit();
                continue;
            }
            if (this.inEnd - this.inPos >= FAST_INPUT) {
                if (this.fast(lit, dist))
                    return true;
                continue;
            }
            if (!this.inputDone) {
                yield NEED_INPUT;
                continue;
            }
            // the last bytes of the input: one symbol at a time, stopping where the input does
            let entry = yield* this.symbol(lit);
            if (entry < 0)
                return false;
            if (entry === 0)
                throw new InflateError('invalid literal/length code');
            const symbol = entry >> 4;
            if (symbol < 256) {
                this.out[this.outPos++] = symbol;
                this.total++;
                continue;
            }
            if (symbol === 256)
                return true;
            if (symbol > 285)
                throw new InflateError('invalid literal/length code');
            let count = LENGTH_BASE[symbol - 257];
            const lengthExtra = LENGTH_EXTRA[symbol - 257];
            if (lengthExtra) {
                if (!(yield* this.bits(lengthExtra)))
                    return false;
                count += this.take(lengthExtra);
            }
            entry = yield* this.symbol(dist);
            if (entry < 0)
                return false;
            const distSymbol = entry >> 4;
            if (entry === 0 || distSymbol > 29)
                throw new InflateError('invalid distance code');
            let distance = DIST_BASE[distSymbol];
            const distExtra = DIST_EXTRA[distSymbol];
            if (distExtra) {
                if (!(yield* this.bits(distExtra)))
                    return false;
                distance += this.take(distExtra);
            }
            this.copy(distance, count);
        }
    }
    copy(distance, count) {
        if (distance > this.total)
            throw new InflateError('invalid distance too far back');
        const out = this.out;
        let from = this.outPos - distance;
        let to = this.outPos;
        if (distance >= count && count > 32)
            out.copyWithin(to, from, from + count);
        else
            for (const end = to + count; to < end;)
                out[to++] = out[from++];
        this.outPos += count;
        this.total += count;
    }
    /**
     * inflate_fast: while FAST_INPUT bytes of input and 258 of output room are at hand, decodes with the state in
     * locals (every code and its extra bits are then surely there). Returns true at the end-of-block code.
     */
    fast(lit, dist) {
        const input = this.input;
        const out = this.out;
        const litTable = lit.table;
        const distTable = dist.table;
        const litMask = (1 << lit.bits) - 1;
        const distMask = (1 << dist.bits) - 1;
        const inLimit = this.inEnd - FAST_INPUT;
        const outLimit = this.emitted + this.step;
        let bitBuf = this.bitBuf;
        let bitCnt = this.bitCnt;
        let inPos = this.inPos;
        let outPos = this.outPos;
        let total = this.total;
        let ended = false;
        try {
            while (inPos <= inLimit && outPos < outLimit) {
                while (bitCnt <= 23) {
                    bitBuf |= input[inPos++] << bitCnt;
                    bitCnt += 8;
                }
                let entry = litTable[bitBuf & litMask];
                let length = entry & 15;
                if (length === 0)
                    throw new InflateError('invalid literal/length code');
                bitBuf >>= length;
                bitCnt -= length;
                let symbol = entry >> 4;
                if (symbol < 256) {
                    out[outPos++] = symbol;
                    total++;
                    continue;
                }
                if (symbol === 256) {
                    ended = true;
                    break;
                }
                if (symbol > 285)
                    throw new InflateError('invalid literal/length code');
                symbol -= 257;
                let count = LENGTH_BASE[symbol];
                const lengthExtra = LENGTH_EXTRA[symbol];
                if (lengthExtra) {
                    count += bitBuf & ((1 << lengthExtra) - 1);
                    bitBuf >>= lengthExtra;
                    bitCnt -= lengthExtra;
                }
                while (bitCnt <= 23) {
                    bitBuf |= input[inPos++] << bitCnt;
                    bitCnt += 8;
                }
                entry = distTable[bitBuf & distMask];
                length = entry & 15;
                symbol = entry >> 4;
                if (length === 0 || symbol > 29)
                    throw new InflateError('invalid distance code');
                bitBuf >>= length;
                bitCnt -= length;
                let distance = DIST_BASE[symbol];
                const distExtra = DIST_EXTRA[symbol];
                if (distExtra) {
                    while (bitCnt <= 23) {
                        bitBuf |= input[inPos++] << bitCnt;
                        bitCnt += 8;
                    }
                    distance += bitBuf & ((1 << distExtra) - 1);
                    bitBuf >>= distExtra;
                    bitCnt -= distExtra;
                }
                if (distance > total)
                    throw new InflateError('invalid distance too far back');
                let from = outPos - distance;
                if (distance >= count && count > 32) {
                    out.copyWithin(outPos, from, from + count);
                    outPos += count;
                }
                else
                    for (const end = outPos + count; outPos < end;)
                        out[outPos++] = out[from++];
                total += count;
            }
        }
        finally {
            this.bitBuf = bitBuf;
            this.bitCnt = bitCnt;
            this.inPos = inPos;
            this.outPos = outPos;
            this.total = total;
        }
        return ended;
    }
}
/**
 * Inflates the raw deflate data in [start, start + length) of the file as Python's decompressobj(-15) would: all
 * the output the input allows (a truncated stream is not an error here: its reader decides), bytes after the end
 * mark ignored, a stream zlib refuses raised as zlib.error. Yields views of a reused buffer: use or copy each before
 * asking for the next. `result` says how it stopped and how many input bytes the stream used.
 */
async function* inflate(file, start, length, result = {}, step = MEMBER_STEP) {
    const state = file.inflaters.pop() ?? new InflateState();
    state.reset();
    state.step = step;
    const end = Math.min(start + length, file.size);
    let inputBase = start;
    const steps = state.run();
    try {
        for (;;) {
            let step;
            try {
                step = steps.next();
            }
            catch (error) {
                if (error instanceof InflateError)
                    throw new PythonError('zlib.error', `Error -3 while decompressing data: ${error.message}`);
                throw error;
            }
            if (step.done) {
                const rest = state.rest();
                if (rest.length)
                    yield rest;
                result.outcome = step.value;
                result.consumed = inputBase + state.inPos - start - (step.value === 'end' ? state.unusedBits >> 3 : 0);
                break;
            }
            if (step.value === OUTPUT) {
                yield state.output;
                continue;
            }
            // NEED_INPUT: keep the unread bytes, read on after them
            const unread = state.inEnd - state.inPos;
            state.input.copyWithin(0, state.inPos, state.inEnd);
            inputBase += state.inPos;
            state.inPos = 0;
            state.inEnd = unread;
            const position = inputBase + unread;
            const wanted = Math.min(state.input.length - unread, end - position);
            let n;
            if (wanted <= WINDOW) {
                // a small member: through the window, which holds its neighbours too
                const view = await file.read(position, wanted);
                state.input.set(view, unread);
                n = view.length;
            }
            else
                n = await file.readInto(position, state.input, unread, wanted);
            state.inEnd += n;
            if (n === 0)
                state.inputDone = true;
        }
    }
    finally {
        file.inflaters.push(state);
    }
}
// ---- warehouse/utils/zipfiles.py ----
class InvalidZipFile extends Error {
}
// Extras that must not repeat: ZIP64 extended info, Info-ZIP Unicode Path (zipfiles.py:17)
const DISALLOW_DUPLICATE_EXTRA_IDS = new Set([0x0001, 0x7075]);
const hasUnprintable = (bytes) => bytes.some(byte => byte < 0x20 || byte === 0x7f);
/** A file pointer over the upload, as zipfiles.py walks it: read exactly or fail, seek forward freely. */
class Cursor {
    file;
    position = 0;
    constructor(file) {
        this.file = file;
    }
    async read(length) {
        const data = await this.file.read(this.position, length);
        if (data.length !== length)
            throw new InvalidZipFile('Malformed zip file');
        this.position += length;
        return data;
    }
    skip(length) {
        this.position += length;
    }
}
/** _handle_local_file_header: the local header must match the central directory's sizes and carry no data descriptor. */
async function localFileHeader(cursor, sizes) {
    const data = Buffer.from(await cursor.read(26));
    const flags = data.readUInt16LE(2);
    const method = data.readUInt16LE(4);
    let compressedSize = data.readUInt32LE(14);
    let fileSize = data.readUInt32LE(18);
    const filename = Buffer.from(await cursor.read(data.readUInt16LE(22)));
    let extra = Buffer.from(await cursor.read(data.readUInt16LE(24)));
    if (hasUnprintable(filename))
        throw new InvalidZipFile('Invalid character in filename');
    const seen = new Set();
    while (extra.length > 0) {
        if (extra.length < 4)
            throw new InvalidZipFile('Malformed zip file');
        const id = extra.readUInt16LE(0);
        const size = extra.readUInt16LE(2);
        if (size + 4 > extra.length)
            throw new InvalidZipFile('Malformed zip file');
        if (seen.has(id) && DISALLOW_DUPLICATE_EXTRA_IDS.has(id))
            throw new InvalidZipFile('Invalid duplicate extra in local file');
        seen.add(id);
        if (id === 0x0001) {
            if (![0, 8, 16, 24, 28].includes(size))
                throw new InvalidZipFile('Malformed zip file');
            if (size === 0) {
                if (compressedSize === 0xffffffff || fileSize === 0xffffffff)
                    throw new InvalidZipFile('Malformed zip file');
            }
            else if (size === 8) {
                // only the uncompressed size: the data must be stored, so both sizes are it
                if (method !== ZIP_STORED)
                    throw new InvalidZipFile('Malformed zip file');
                compressedSize = u64(extra, 4);
                if (fileSize === 0xffffffff)
                    fileSize = compressedSize;
            }
            else {
                if (fileSize === 0xffffffff)
                    fileSize = u64(extra, 4);
                compressedSize = u64(extra, 12);
            }
        }
        else if (id === 0x7075) {
            const unicodeName = extra.subarray(9, 4 + size);
            if (hasUnprintable(unicodeName))
                throw new InvalidZipFile('Invalid character in filename');
            try {
                decodeUtf8Strict(unicodeName);
            }
            catch {
                throw new InvalidZipFile('Filename not valid UTF-8');
            }
        }
        extra = extra.subarray(size + 4);
    }
    if (flags & 0x08)
        throw new InvalidZipFile('ZIP contains a data descriptor');
    let name;
    try {
        name = decodeUtf8Strict(filename);
    }
    catch {
        throw new InvalidZipFile('Filename not unicode');
    }
    const expected = sizes.get(name);
    if (!expected)
        throw new InvalidZipFile('Filename not in central directory');
    if (expected[0] !== compressedSize)
        throw new InvalidZipFile('Mis-matched data size');
    if (expected[1] !== fileSize)
        throw new InvalidZipFile('Mis-matched file size');
    cursor.skip(compressedSize);
    return filename.toString('latin1');
}
/**
 * validate_zipfile: walks the file from its first byte, record by record, so a zip that a streaming reader (local
 * headers) and a central-directory reader would see differently is refused. Returns zipfiles.py's error or null.
 */
async function validateZipFraming(file, archive) {
    const sizes = new Map(archive.infolist.map(info => [info.origFilename, [info.compressSize, info.fileSize]]));
    const cursor = new Cursor(file);
    const local = new Set();
    const central = new Set();
    let expectedEocd64 = null;
    let actualEocd64 = null;
    let cdRecords = 0;
    let cdOffset = null;
    let cdSize = 0;
    let eocdRecords = null;
    let eocdSize = null;
    let eocdOffset = null;
    try {
        for (;;) {
            const signature = (await cursor.read(4)).readUInt32LE(0);
            // an EOCD after an EOCD64 only once its locator was seen
            if (signature === SIG_EOCD && expectedEocd64 !== null && actualEocd64 === null)
                return 'Malformed zip file';
            if (signature === SIG_CENTRAL) {
                if (cdOffset === null)
                    cdOffset = cursor.position - 4;
                cdRecords += 1;
                const data = Buffer.from(await cursor.read(42));
                if (data.readUInt16LE(28) !== 0)
                    throw new InvalidZipFile('Comment in central directory');
                const filename = Buffer.from(await cursor.read(data.readUInt16LE(24)));
                const extra = await cursor.read(data.readUInt16LE(26));
                if (hasUnprintable(filename))
                    throw new InvalidZipFile('Invalid character in filename');
                cdSize += 46 + filename.length + extra.length;
                const key = filename.toString('latin1');
                if (central.has(key))
                    throw new InvalidZipFile('Duplicate filename in central directory');
                if (!local.has(key))
                    throw new InvalidZipFile('Missing filename in local headers');
                central.add(key);
            }
            else if (signature === SIG_LOCAL) {
                const key = await localFileHeader(cursor, sizes);
                if (local.has(key))
                    throw new InvalidZipFile('Duplicate filename in local headers');
                local.add(key);
            }
            else if (signature === SIG_EOCD) {
                if (cdOffset === null)
                    cdOffset = cursor.position - 4;
                const data = Buffer.from(await cursor.read(18));
                if (data.readUInt16LE(4) !== data.readUInt16LE(6))
                    throw new InvalidZipFile('Malformed zip file');
                cursor.skip(data.readUInt16LE(16));
                // a ZIP64 archive keeps the EOCD64's values
                if (!(actualEocd64 !== null && eocdOffset !== null)) {
                    eocdRecords = data.readUInt16LE(6);
                    eocdSize = data.readUInt32LE(8);
                    eocdOffset = data.readUInt32LE(12);
                }
                if (eocdRecords !== cdRecords)
                    throw new InvalidZipFile('Mismatched central directory records');
                if (eocdOffset !== cdOffset)
                    throw new InvalidZipFile('Mismatched central directory offset');
                if (eocdSize !== cdSize)
                    throw new InvalidZipFile('Mismatched central directory size');
                break;
            }
            else if (signature === SIG_EOCD64) {
                expectedEocd64 = cursor.position - 4;
                const data = Buffer.from(await cursor.read(52));
                if (u64(data, 20) !== u64(data, 28))
                    throw new InvalidZipFile('Malformed zip file');
                if (u64(data, 0) !== 44)
                    throw new InvalidZipFile('ZIP64 extensible data not allowed');
                eocdRecords = u64(data, 28);
                eocdSize = u64(data, 36);
                eocdOffset = u64(data, 44);
            }
            else if (signature === SIG_EOCD64_LOCATOR) {
                actualEocd64 = u64(Buffer.from(await cursor.read(16)), 4);
            }
            else {
                return 'Unknown record signature';
            }
        }
    }
    catch (error) {
        if (error instanceof InvalidZipFile)
            return error.message;
        throw error;
    }
    if (central.size !== local.size || [...central].some(name => !local.has(name)))
        return 'Mis-matched local headers and central directory';
    if (cursor.position !== file.size)
        return 'Trailing data';
    return null;
}

;// CONCATENATED MODULE: ./src/warehouse/archive.ts
// PyPI's rules on the distribution file itself: warehouse/forklift/legacy.py's _is_valid_dist_file and the parts of
// file_upload that read the archive (License-File members, a wheel's RECORD, entry_points.txt and METADATA), in
// warehouse's order and with its words. PyPI opens the file with CPython 3.14's zipfile and tarfile; the zip side is
// ported in zip-framing.ts, the tar side (gzip framing and tarfile's header parsing) here. The file is read once,
// streamed: only headers, the members warehouse reads whole, and scanned sources up to 5 MiB are held in memory.




const LEGACY = 'warehouse/forklift/legacy.py';
const WHEEL_PY = 'warehouse/utils/wheel.py';
const ONE_MIB = 1024 * 1024;
const COMPRESSION_RATIO_MIN_SIZE = 64 * ONE_MIB;
const COMPRESSION_RATIO_THRESHOLD = 50;
const ARCHIVES_HELP = 'See https://docs.pypi.org/archives for more information';
/** The check stops here: PyPI answers with this one breach (it raises at its first). */
class Refused extends Error {
    breach;
    constructor(breach) {
        super(breach.message);
        this.breach = breach;
    }
}
/** _is_valid_dist_file returned (False, msg): file_upload answers "Invalid distribution file. {msg}" (legacy.py:1313). */
function invalidFile(rule, message, line) {
    return new Refused({ rule, field: 'archive', message: `Invalid distribution file. ${message ?? 'None'}`, source: `${LEGACY}:${line}` });
}
/**
 * An exception warehouse does not catch: the upload fails with HTTP 500, which refuses the file all the same.
 * Only Python's exceptions, as the port raises them, are PyPI's; anything else is a fault here and is rethrown.
 */
function serverError(error, line) {
    if (!(error instanceof PythonError) || error.pyType === 'Unsupported')
        throw error;
    const detail = `${error.pyType}${error.message ? `: ${error.message}` : ''}`;
    return new Refused({
        rule: 'archive-server-error',
        status: 500,
        field: 'archive',
        message: `Internal Server Error (PyPI's upload fails with HTTP 500 on this file: ${detail})`,
        source: `${LEGACY}:${line}`
    });
}
const isPy = (error, ...types) => error instanceof PythonError && types.includes(error.pyType);
/**
 * Every rule PyPI applies to the uploaded file as an archive. `filename` is the uploaded name, `licenseFiles` the
 * metadata's License-File values. Breaches are PyPI's refusals in its words; warnings are what PyPI only e-mails
 * about (a RECORD that does not list the wheel's files) or what preflight could not decide.
 */
async function checkArchiveForIndex(path, filename, licenseFiles) {
    const report = { breaches: [], warnings: [] };
    const file = await ArchiveFile.open(path);
    try {
        if (filename.endsWith('.zip') || filename.endsWith('.whl'))
            await checkZip(file, filename, licenseFiles, report);
        else if (filename.endsWith('.tar.gz'))
            await checkTarGz(file, filename, licenseFiles, report);
        else
            await checkPolyglot(file, report); // other names: the filename rules (legacy.py _validate_filename) refuse them
    }
    catch (error) {
        if (isPy(error, 'Unsupported'))
            report.warnings.push(`Preflight could not check this file as PyPI does (${error.message})`);
        else if (error instanceof Refused)
            report.breaches.push(error.breach);
        else
            throw error;
    }
    finally {
        await file.close();
    }
    return report;
}
// ---- os.path, as posixpath does it ----
/** os.path.join(a, b) */
function joinPath(a, b) {
    if (b.startsWith('/'))
        return b;
    return a === '' || a.endsWith('/') ? a + b : `${a}/${b}`;
}
/** legacy.py _commonpath: os.path.commonpath, with '' for no names. Mixing absolute and relative names raises ValueError. */
function commonPath(names) {
    if (names.length === 0)
        return '';
    const absolute = new Set(names.map(name => name.startsWith('/')));
    if (absolute.size > 1)
        throw new PythonError('ValueError', "Can't mix absolute and relative paths");
    const split = names.map(name => name.split('/').filter(part => part !== '' && part !== '.'));
    // the common prefix of min() and max() of the lists is the prefix common to all of them
    let common = split[0];
    for (const parts of split) {
        let i = 0;
        while (i < common.length && i < parts.length && common[i] === parts[i])
            i++;
        common = common.slice(0, i);
    }
    return (absolute.has(true) ? '/' : '') + common.join('/');
}
/** legacy.py:315-319: both zipfile.is_zipfile and tarfile.is_tarfile say yes. */
async function checkPolyglot(file, report, gzipOpened) {
    let isZip;
    try {
        isZip = await isZipfile(file);
    }
    catch (error) {
        throw serverError(error, 315);
    }
    let sniff;
    try {
        sniff = gzipOpened ? { isTar: true } : await isTarfile(file);
    }
    catch (error) {
        throw serverError(error, 316);
    }
    if (isZip && sniff.isTar)
        throw invalidFile('archive-polyglot', 'File is both a zip and a tar file', 319);
    if (isZip && sniff.unsure) {
        report.warnings.push(`${sniff.unsure}: if PyPI's tarfile reads a tar archive in it, PyPI answers "Invalid distribution file. File is both a zip and a tar file"`);
    }
    return { isZip, isTar: sniff.isTar, unsure: sniff.unsure };
}
/**
 * tarfile.is_tarfile: TarFile.open(mode 'r:*') tries gz, bz2, xz, zst, then plain tar, and the file is a tar when one
 * of them reads a first member. A ReadError means "no"; anything else escapes (PyPI answers 500).
 */
async function isTarfile(file) {
    const head = Buffer.concat([await file.read(0, 14), Buffer.alloc(14)]).subarray(0, 14);
    let unsure;
    const attempt = async (chunks, kind) => {
        const opened = await openTar(new StreamSource(chunks), kind);
        if (isPy(opened.error, 'Unsupported'))
            unsure = `Preflight could not read the file as ${kind} (${opened.error.message})`;
        return opened.tar !== null;
    };
    if (head[0] === 0x1f && head[1] === 0x8b && (await attempt(gunzip(file), 'gz')))
        return { isTar: true };
    if (head.subarray(0, 3).toString('latin1') === 'BZh' && head[3] >= 0x31 && head[3] <= 0x39) {
        unsure = 'The file starts like a bzip2 stream, which preflight cannot decompress';
    }
    else if (mightBeLzma(head)) {
        unsure = 'The file starts like an xz/lzma stream, which preflight cannot decompress';
    }
    const magic = head.readUInt32LE(0);
    if ((magic === 0xfd2fb528 || (magic & 0xfffffff0) >>> 0 === 0x184d2a50) && (await attempt(unzstd(file), 'zst')))
        return { isTar: true };
    if (await attempt(file.chunks(0, file.size), 'tar'))
        return { isTar: true };
    return { isTar: false, unsure };
}
/** Whether liblzma's auto decoder (Python's LZMADecompressor FORMAT_AUTO) would accept these first bytes. */
function mightBeLzma(head) {
    if (head.length < 14)
        return false;
    if (head.subarray(0, 6).equals(Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00])))
        return true;
    if (head.subarray(0, 4).toString('latin1') === 'LZIP')
        return true;
    // legacy .lzma: valid lc/lp/pb, a dictionary size 2^n or 2^n + 2^(n-1), a plausible size, the range coder's 0x00
    const props = head[0];
    if (props > 224 || (props % 9) + (Math.floor(props / 9) % 5) > 4)
        return false;
    const dict = head.readUInt32LE(1);
    if (dict !== 0xffffffff) {
        let d = dict - 1;
        d |= d >>> 2;
        d |= d >>> 3;
        d |= d >>> 4;
        d |= d >>> 8;
        d |= d >>> 16;
        if ((d + 1) >>> 0 !== dict)
            return false;
    }
    const size = head.readBigUInt64LE(5);
    if (size !== 0xffffffffffffffffn && size >= 1n << 38n)
        return false;
    return head[13] === 0;
}
// ---- the zip branch (legacy.py:321-414) and the wheel's members (legacy.py:1505-1602) ----
async function checkZip(file, filename, licenseFiles, report) {
    // legacy.py:1285 _open_dist_file: ZipFile(filename); a BadZipFile sends _is_valid_dist_file down the same checks
    let archive = null;
    try {
        archive = await readCentralDirectory(file);
    }
    catch (error) {
        if (!isPy(error, 'BadZipFile'))
            throw serverError(error, 1285);
    }
    const { isZip } = await checkPolyglot(file, report);
    if (!isZip)
        throw invalidFile('archive-zip', 'File is not a zipfile', 323);
    if (!archive)
        throw invalidFile('archive-zip', null, 414); // ZipFile() raises BadZipFile once more
    try {
        await zipRules(file, archive, filename);
    }
    catch (error) {
        if (error instanceof Refused)
            throw error;
        if (isPy(error, 'BadZipFile'))
            throw invalidFile('archive-zip', null, 414);
        throw serverError(error, 331);
    }
    if (filename.endsWith('.whl'))
        await wheelMembers(file, archive, filename, licenseFiles, report);
}
/** The body of _is_valid_dist_file's zip branch, in its order. */
async function zipRules(file, archive, filename) {
    // legacy.py:334-350: decompression bomb, sizes as the central directory states them
    const decompressed = archive.infolist.reduce((sum, info) => sum + info.fileSize, 0);
    if (decompressed > COMPRESSION_RATIO_MIN_SIZE && decompressed / file.size > COMPRESSION_RATIO_THRESHOLD) {
        throw invalidFile('archive-compression-ratio', `File exceeds compression ratio of ${COMPRESSION_RATIO_THRESHOLD}`, 346);
    }
    // legacy.py:353-360
    if (archive.infolist.some(info => info.compressType !== ZIP_STORED && info.compressType !== ZIP_DEFLATED)) {
        throw invalidFile('archive-compression-type', 'File does not use a supported compression type', 358);
    }
    const names = archive.infolist.map(info => info.filename);
    if (filename.endsWith('.zip')) {
        // legacy.py:363-374
        const top = commonPathOr500(names, 364);
        if (top === '.' || top === '/' || top === '')
            throw invalidFile('sdist-top-level', 'Incorrect number of top-level directories in sdist', 366);
        const target = joinPath(top, 'PKG-INFO');
        if (!(await memberReadable(file, archive, target)))
            throw invalidFile('sdist-pkg-info', `PKG-INFO not found at ${target}`, 374);
    }
    if (filename.endsWith('.whl')) {
        // legacy.py:375-387
        const parts = pySplit(filename, '-', 2);
        if (parts.length !== 3)
            throw invalidFile('wheel-filename', 'Unable to parse name and version from wheel filename', 380);
        const target = joinPath(`${parts[0]}-${parts[1]}.dist-info`, 'WHEEL');
        if (!(await memberReadable(file, archive, target)))
            throw invalidFile('wheel-wheel-file', `WHEEL not found at ${target}`, 387);
    }
    // legacy.py:390-402: the YARA scan, over scanner.iter_zip_members
    const scan = new MemberScan();
    const kept = new CappedBuffer(SCAN_MAX_FILE_SIZE);
    let match = null;
    for (const info of archive.infolist) {
        if (info.filename.endsWith('/') || !isScanned(info.filename))
            continue;
        const member = archive.byName.get(info.filename);
        if (!member)
            continue;
        kept.clear();
        await readMember(file, member, chunk => kept.add(chunk));
        const content = kept.content();
        match = scan.add(info.filename, kept.size, content && matchingRule(content));
        if (match)
            break;
    }
    match ??= scan.finish();
    if (match)
        throw invalidFile('archive-scan', match.rule.message, 402);
    // legacy.py:405-411
    const framing = await validateZipFraming(file, archive);
    if (framing)
        throw invalidFile('zip-framing', `ZIP archive not accepted: ${framing}. ${ARCHIVES_HELP}`, 408);
}
/** zfp.read(name) where only its being there (and readable) matters: streamed, nothing kept. */
async function memberReadable(file, archive, name) {
    const info = archive.byName.get(name);
    if (!info)
        return false;
    await readMember(file, info, () => undefined);
    return true;
}
/** zfp.read(name) of a member whose content is parsed (RECORD, entry_points.txt); bounded, as nothing sane is larger. */
async function memberContent(file, archive, name) {
    const info = archive.byName.get(name);
    if (!info)
        return null;
    const kept = new CappedBuffer(MAX_PARSED_MEMBER);
    await readMember(file, info, chunk => kept.add(chunk));
    const content = kept.content();
    return content ? Buffer.from(content) : 'too large';
}
const MAX_PARSED_MEMBER = 32 * ONE_MIB;
/** A member's bytes copied up to a limit (then only counted), in one buffer reused from member to member. */
class CappedBuffer {
    limit;
    buffer = Buffer.allocUnsafe(64 * 1024);
    size = 0;
    constructor(limit) {
        this.limit = limit;
    }
    clear() {
        this.size = 0;
    }
    add(chunk) {
        const end = this.size + chunk.length;
        if (end <= this.limit) {
            if (end > this.buffer.length) {
                const grown = Buffer.allocUnsafe(Math.min(this.limit, Math.max(end, this.buffer.length * 2)));
                this.buffer.copy(grown, 0, 0, this.size);
                this.buffer = grown;
            }
            this.buffer.set(chunk, this.size);
        }
        this.size = end;
    }
    /** The bytes (valid until the next clear()), or null past the limit. */
    content() {
        return this.size <= this.limit ? this.buffer.subarray(0, this.size) : null;
    }
}
/** str.split(sep, maxsplit) */
function pySplit(text, separator, maxsplit) {
    const parts = [];
    let rest = text;
    while (parts.length < maxsplit) {
        const at = rest.indexOf(separator);
        if (at < 0)
            break;
        parts.push(rest.slice(0, at));
        rest = rest.slice(at + separator.length);
    }
    parts.push(rest);
    return parts;
}
function commonPathOr500(names, line) {
    try {
        return commonPath(names);
    }
    catch (error) {
        throw serverError(error, line);
    }
}
/** file_upload after the wheel passed _is_valid_dist_file: License-File members, RECORD, entry_points.txt, METADATA. */
async function wheelMembers(file, archive, filename, licenseFiles, report) {
    const [name, version] = pySplit(filename, '-', 2);
    const distInfo = `${name}-${version}.dist-info`;
    // reads here are outside any try: a corrupt member is a 500
    const guarded = async (line, read) => {
        try {
            return await read();
        }
        catch (error) {
            throw serverError(error, line);
        }
    };
    const exists = (member, line) => guarded(line, () => memberReadable(file, archive, member));
    const read = async (member, line) => {
        const content = await guarded(line, () => memberContent(file, archive, member));
        if (content !== 'too large')
            return content;
        report.warnings.push(`${filename}: ${member} is larger than ${MAX_PARSED_MEMBER / ONE_MIB} MiB; preflight did not check it as PyPI does`);
        return Buffer.alloc(0);
    };
    // legacy.py:1520-1538
    for (const licenseFile of licenseFiles) {
        const member = `${distInfo}/licenses/${licenseFile}`;
        if (!(await exists(member, 1525))) {
            report.breaches.push({
                rule: 'license-file',
                field: 'License-File',
                message: `License-File ${licenseFile} does not exist in distribution file ${filename} at ${member}`,
                source: `${LEGACY}:1534`
            });
        }
    }
    // legacy.py:1540-1565, utils/wheel.py:_validate_record
    const record = await recordProblem(archive, await read(`${distInfo}/RECORD`, 1541), distInfo);
    if (record === 'missing') {
        report.breaches.push({
            rule: 'wheel-record',
            field: 'archive',
            message: `Wheel '${filename}' does not contain the required RECORD file: ${distInfo}/RECORD`,
            source: `${LEGACY}:1550`
        });
    }
    else if (record === 'blank-row') {
        report.breaches.push(serverError(new PythonError('ValueError', 'not enough values to unpack (a blank line in RECORD)'), 1541).breach);
    }
    else if (record) {
        report.warnings.push(`${filename}: ${record}. PyPI accepts the wheel but e-mails the project's owners that its RECORD does not match (${WHEEL_PY}:224)`);
    }
    // legacy.py:1566-1580, utils/wheel.py:_validate_entrypoints
    const entryPoints = await read(`${distInfo}/entry_points.txt`, 1567);
    const problem = entryPoints && entryPointsProblem(entryPoints);
    if (problem) {
        report.breaches.push({
            rule: 'wheel-entry-points',
            field: 'archive',
            message: `Wheel '${filename}' has invalid entry points defined in the entry_points.txt file`,
            source: `${LEGACY}:1576`
        });
        report.warnings.push(`${filename}: ${problem} (${WHEEL_PY}:290)`);
    }
    // legacy.py:1587-1602
    if (!(await exists(`${distInfo}/METADATA`, 1589))) {
        report.breaches.push({
            rule: 'wheel-metadata',
            field: 'archive',
            message: `Wheel '${filename}' does not contain the required METADATA file: ${distInfo}/METADATA`,
            source: `${LEGACY}:1598`
        });
    }
}
/** str.splitlines() */
function pySplitlines(text) {
    const lines = text.split(/\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]/);
    if (lines.length > 0 && lines[lines.length - 1] === '' && text.length > 0)
        lines.pop();
    return text.length === 0 ? [] : lines;
}
const CSV_FIELD_LIMIT = 131072;
/** The first field of each row as csv.reader (excel dialect) reads RECORD's lines. */
function recordFirstFields(lines) {
    const rows = [];
    let state = 'start-record';
    let fields = [];
    let field = '';
    let fieldLength = 0;
    const add = (ch) => {
        if (fieldLength >= CSV_FIELD_LIMIT)
            throw new PythonError('csv.Error', `field larger than field limit (${CSV_FIELD_LIMIT})`);
        field += ch;
        fieldLength += 1;
    };
    const save = () => {
        fields.push(field);
        field = '';
        fieldLength = 0;
    };
    // `for fn, *_ in csv.reader(...)` takes the rows as they come: a row with no field fails the unpacking at once
    const endRecord = () => {
        if (!fields.length)
            throw new PythonError('ValueError', 'not enough values to unpack (expected at least 1, got 0)');
        rows.push(fields[0]);
        fields = [];
    };
    for (const line of lines) {
        for (const ch of [...line, null]) {
            // null: the end of the line (EOL)
            if (state === 'start-record') {
                if (ch === null)
                    break; // an empty line: the row []
                state = 'start-field';
            }
            if (state === 'start-field') {
                if (ch === null) {
                    save();
                    state = 'start-record';
                }
                else if (ch === '"')
                    state = 'in-quoted';
                else if (ch === ',')
                    save();
                else {
                    add(ch);
                    state = 'in-field';
                }
            }
            else if (state === 'in-field') {
                if (ch === null) {
                    save();
                    state = 'start-record';
                }
                else if (ch === ',') {
                    save();
                    state = 'start-field';
                }
                else
                    add(ch);
            }
            else if (state === 'in-quoted') {
                if (ch === '"')
                    state = 'quote-in-quoted';
                else if (ch !== null)
                    add(ch);
            }
            else if (state === 'quote-in-quoted') {
                if (ch === '"') {
                    add('"');
                    state = 'in-quoted';
                }
                else if (ch === ',') {
                    save();
                    state = 'start-field';
                }
                else if (ch === null) {
                    save();
                    state = 'start-record';
                }
                else {
                    add(ch);
                    state = 'in-field';
                }
            }
        }
        if (state === 'start-record')
            endRecord();
    }
    // the input ended inside a quoted field: csv saves it (not strict)
    if (fieldLength !== 0 || state === 'in-quoted') {
        save();
        endRecord();
    }
    return rows;
}
/** _validate_record: 'missing' (PyPI refuses), 'blank-row' (an uncaught ValueError), a mismatch (PyPI e-mails), or null. */
async function recordProblem(archive, content, distInfo) {
    if (!content)
        return 'missing';
    let rows;
    try {
        rows = recordFirstFields(pySplitlines(decodeUtf8Strict(content)));
    }
    catch (error) {
        if (isPy(error, 'UnicodeDecodeError', 'csv.Error'))
            return 'missing';
        if (isPy(error, 'ValueError'))
            return 'blank-row';
        throw error;
    }
    const recorded = new Set(rows.map(name => name.replaceAll('\\', '/')));
    const exempt = new Set([`${distInfo}/RECORD.jws`, `${distInfo}/RECORD.p7s`]);
    const inWheel = new Set(archive.infolist.map(info => info.filename).filter(name => !name.endsWith('/') && !name.endsWith('\\') && !exempt.has(name)));
    const recordMissing = [...inWheel].filter(name => !recorded.has(name));
    const wheelMissing = [...recorded].filter(name => !inWheel.has(name));
    if (!recordMissing.length && !wheelMissing.length)
        return null;
    const parts = [];
    if (recordMissing.length)
        parts.push(`RECORD does not list ${recordMissing.join(', ')}`);
    if (wheelMissing.length)
        parts.push(`RECORD lists ${wheelMissing.join(', ')}, which the wheel does not contain`);
    return parts.join('; ');
}
// ---- byte streams as tarfile reads them ----
/**
 * A decompressed (or plain) stream read forward, as tarfile reads a GzipFile: read(n) comes back short only at a
 * clean end; an error of the stream is raised when a read or seek needs bytes past the point where it occurred.
 * Byte ranges can be captured as they stream by (a member's content for the scan), so nothing is read twice.
 */
class StreamSource {
    pending = [];
    pendingHead = 0;
    pendingBytes = 0;
    position = 0;
    done = false;
    failure = null;
    // the last bytes consumed, so tarfile's short backward seeks (GNU sparse 1.0 maps) can be followed
    history = Buffer.alloc(HISTORY_BYTES);
    historyBytes = 0;
    captures = [];
    producer;
    /** `chunks` may be views of a buffer the producer reuses: each is used or copied before the next is asked for. */
    constructor(chunks) {
        this.producer = chunks[Symbol.asyncIterator]();
    }
    tell() {
        return this.position;
    }
    /** Sends the bytes of [start, end) to `sink` as they are consumed (views: copy to keep), then calls `done`. */
    capture(start, end, sink, done) {
        this.captures.push({ next: start, end, sink, done });
    }
    async pull() {
        if (this.done)
            return false;
        // the producer may overwrite what it handed over last: keep our own copy of what is still unread
        if (this.pendingBytes > 0) {
            this.pending = [Buffer.concat(this.pending.slice(this.pendingHead))];
            this.pendingHead = 0;
        }
        try {
            const next = await this.producer.next();
            if (next.done) {
                this.done = true;
                return false;
            }
            if (next.value.length) {
                this.pending.push(next.value);
                this.pendingBytes += next.value.length;
            }
            return true;
        }
        catch (error) {
            this.failure = error;
            this.done = true;
            return false;
        }
    }
    consume(length) {
        const pieces = [];
        let left = length;
        while (left > 0) {
            const head = this.pending[this.pendingHead];
            const piece = head.length <= left ? head : head.subarray(0, left);
            if (piece === head)
                this.pending[this.pendingHead++] = EMPTY_BUFFER;
            else
                this.pending[this.pendingHead] = head.subarray(left);
            pieces.push(piece);
            this.feedCaptures(this.position, piece);
            this.remember(piece);
            this.position += piece.length;
            this.pendingBytes -= piece.length;
            left -= piece.length;
        }
        if (this.pendingHead > 64) {
            this.pending = this.pending.slice(this.pendingHead);
            this.pendingHead = 0;
        }
        return pieces;
    }
    feedCaptures(at, piece) {
        if (!this.captures.length)
            return;
        for (const capture of this.captures) {
            const from = Math.max(at, capture.next);
            const to = Math.min(at + piece.length, capture.end);
            if (to > from) {
                capture.sink(piece.subarray(from - at, to - at));
                capture.next = to;
                if (to === capture.end)
                    capture.done();
            }
        }
        this.captures = this.captures.filter(capture => capture.next < capture.end);
    }
    /** Copies consumed bytes into the history ring (position p lives at p % HISTORY_BYTES). */
    remember(piece) {
        const tail = piece.length > HISTORY_BYTES ? piece.subarray(piece.length - HISTORY_BYTES) : piece;
        let at = (this.position + piece.length - tail.length) % HISTORY_BYTES;
        for (let i = 0; i < tail.length;) {
            const n = Math.min(tail.length - i, HISTORY_BYTES - at);
            this.history.set(tail.subarray(i, i + n), at);
            i += n;
            at = (at + n) % HISTORY_BYTES;
        }
        this.historyBytes = Math.min(HISTORY_BYTES, this.historyBytes + piece.length);
    }
    async read(length) {
        while (this.pendingBytes < length && (await this.pull()))
            ;
        if (this.pendingBytes < length && this.failure)
            throw this.failure;
        return Buffer.concat(this.consume(Math.min(length, this.pendingBytes)));
    }
    /** A read of header data tarfile takes whole (pax records, GNU long names), bounded so a hostile size cannot exhaust memory. */
    async readHeaderData(length) {
        if (length > MAX_HEADER_DATA)
            throw new PythonError('Unsupported', `a tar header with ${length} bytes of data`);
        return this.read(length);
    }
    /** fileobj.seek(target): forward reads through (stopping at the end), backward only within what was just read. */
    async seek(target) {
        if (target < this.position) {
            const back = this.position - target;
            if (back > this.historyBytes)
                throw new PythonError('Unsupported', 'a backward seek in the tar stream');
            const again = Buffer.alloc(back);
            for (let i = 0; i < back; i++)
                again[i] = this.history[(target + i) % HISTORY_BYTES];
            this.pending.splice(this.pendingHead, 0, again);
            this.pendingBytes += back;
            this.position = target;
            this.historyBytes -= back;
            return;
        }
        while (this.position < target) {
            if (this.pendingBytes === 0 && !(await this.pull())) {
                if (this.failure)
                    throw this.failure;
                return;
            }
            if (this.pendingBytes > 0)
                this.consume(Math.min(target - this.position, this.pendingBytes));
        }
    }
}
const EMPTY_BUFFER = Buffer.alloc(0);
const HISTORY_BYTES = 64 * 1024;
const MAX_HEADER_DATA = 16 * ONE_MIB;
/** The bytes of [position, …) up to the first non-zero byte (gzip members may be padded with zeros). */
async function skipZeros(file, position) {
    let at = position;
    for (;;) {
        const chunk = await file.read(at, 4096);
        if (!chunk.length)
            return at;
        const nonZero = chunk.findIndex(byte => byte !== 0);
        if (nonZero >= 0)
            return at + nonZero;
        at += chunk.length;
    }
}
/**
 * GzipFile's reading: member after member (a header, raw deflate data, CRC-32 and size), zero padding between
 * them allowed. Its errors keep their Python types: BadGzipFile is an OSError, a short file an EOFError.
 */
async function* gunzip(file) {
    let at = 0;
    for (;;) {
        const magic = await file.read(at, 2);
        if (magic.length === 0)
            return;
        if (magic.length < 2 || magic[0] !== 0x1f || magic[1] !== 0x8b)
            throw new PythonError('OSError', 'Not a gzipped file');
        const exact = async (position, length) => {
            const data = Buffer.from(await file.read(position, length));
            if (data.length < length)
                throw new PythonError('EOFError', 'Compressed file ended before the end-of-stream marker was reached');
            return data;
        };
        const header = await exact(at + 2, 8);
        if (header[0] !== 8)
            throw new PythonError('OSError', 'Unknown compression method');
        const flags = header[1];
        at += 10;
        if (flags & 4) {
            const extraLength = (await exact(at, 2)).readUInt16LE(0);
            await exact(at + 2, extraLength);
            at += 2 + extraLength;
        }
        for (const flag of [8, 16]) {
            if (!(flags & flag))
                continue;
            // a NUL-terminated name or comment; the end of the file ends it too
            for (;;) {
                const byte = await file.read(at, 1);
                if (!byte.length)
                    break;
                at += 1;
                if (byte[0] === 0)
                    break;
            }
        }
        if (flags & 2) {
            await exact(at, 2);
            at += 2;
        }
        let crc = 0;
        let size = 0;
        const result = {};
        for await (const chunk of inflate(file, at, file.size - at, result, GZIP_STEP)) {
            crc = external_node_zlib_.crc32(chunk, crc);
            size += chunk.length;
            yield chunk;
        }
        if (result.outcome === 'truncated')
            throw new PythonError('EOFError', 'Compressed file ended before the end-of-stream marker was reached');
        at += result.consumed ?? 0;
        const trailer = await exact(at, 8);
        if (trailer.readUInt32LE(0) !== crc >>> 0)
            throw new PythonError('OSError', 'CRC check failed');
        if (trailer.readUInt32LE(4) !== size % 2 ** 32)
            throw new PythonError('OSError', 'Incorrect length of data produced');
        at = await skipZeros(file, at + 8);
    }
}
/**
 * ZstdFile's reading, through Node's zstd decoder (Node 22.15 and later); its failures are ZstdError. Warehouse's
 * image (python:3.14-slim) has compression.zstd since docker-library/python#1086, so is_tarfile tries zstd too.
 */
async function* unzstd(file) {
    const create = external_node_zlib_.createZstdDecompress;
    if (!create)
        throw new PythonError('Unsupported', 'zstd (this Node has no zstd decoder)');
    const decoder = create();
    const closed = new Promise(resolve => decoder.once('close', () => resolve()));
    const writer = (async () => {
        for await (const chunk of file.chunks(0, file.size)) {
            if (decoder.destroyed)
                return;
            if (!decoder.write(chunk))
                await Promise.race([new Promise(resolve => decoder.once('drain', resolve)), closed]);
        }
        if (!decoder.destroyed)
            decoder.end();
    })().catch(() => undefined);
    try {
        for await (const chunk of decoder)
            yield chunk;
    }
    catch (error) {
        throw new PythonError('ZstdError', error.message);
    }
    finally {
        decoder.destroy();
        await writer;
    }
}
// ---- tarfile (CPython 3.14): TarInfo's header parsing and TarFile.next() ----
const BLOCKSIZE = 512;
const REGULAR_TYPES = new Set(['0', '\0', '7', 'S']);
const SUPPORTED_TYPES = new Set(['0', '\0', '1', '2', '5', '6', '7', '3', '4', 'L', 'K', 'S']);
const GNU_TYPES = new Set(['L', 'K', 'S']);
const HEADER_ERRORS = new Set(['EmptyHeaderError', 'TruncatedHeaderError', 'EOFHeaderError', 'InvalidHeaderError', 'SubsequentHeaderError']);
const isreg = (member) => REGULAR_TYPES.has(member.type);
const isdir = (member) => member.type === '5';
const rstripSlash = (text) => text.replace(/\/+$/, '');
/** nts(): a NUL-terminated field, decoded as tarfile decodes names (UTF-8, surrogateescape). */
function nts(bytes) {
    const nul = bytes.indexOf(0);
    return decodeUtf8Escaped(nul >= 0 ? bytes.subarray(0, nul) : bytes);
}
/** nti(): a number field, octal text or GNU base-256. */
function nti(bytes) {
    if (bytes.length === 0)
        throw new PythonError('IndexError', 'index out of range');
    const first = bytes[0];
    if (first === 0o200 || first === 0o377) {
        let n = 0n;
        for (const byte of bytes.subarray(1))
            n = n * 256n + BigInt(byte);
        if (first === 0o377)
            n = -(256n ** BigInt(bytes.length - 1) - n);
        return Number(n);
    }
    const nul = bytes.indexOf(0);
    const field = nul >= 0 ? bytes.subarray(0, nul) : bytes;
    if (field.some(byte => byte >= 0x80))
        throw new PythonError('InvalidHeaderError', 'invalid header');
    const text = field.toString('latin1').replace(/^[\t\n\x0b\x0c\r\x1c-\x1f ]+|[\t\n\x0b\x0c\r\x1c-\x1f ]+$/g, '') || '0';
    // int(text, 8): a sign, an optional 0o prefix, digits with single underscores between them
    if (!/^[+-]?(?:0[oO](?:_?[0-7])+|[0-7](?:_?[0-7])*)$/.test(text))
        throw new PythonError('InvalidHeaderError', 'invalid header');
    const digits = text
        .replace(/^[+-]/, '')
        .replace(/^0[oO]/, '')
        .replaceAll('_', '');
    const value = Number(BigInt('0o' + digits));
    return text.startsWith('-') ? -value : value;
}
/** int(text) in base 10 (ASCII digits), or null where Python raises ValueError. */
function pyInt(text) {
    const stripped = text.replace(/^[\s\x1c-\x1f\x85]+|[\s\x1c-\x1f\x85]+$/g, '');
    if (!/^[+-]?\d(?:_?\d)*$/.test(stripped))
        return null;
    return Number(BigInt(stripped.replace(/^\+/, '').replaceAll('_', '')));
}
function calcChecksums(buf) {
    let unsigned = 256;
    let signed = 256;
    for (let i = 0; i < BLOCKSIZE; i++) {
        if (i >= 148 && i < 156)
            continue;
        const byte = buf[i];
        unsigned += byte;
        signed += byte >= 128 ? byte - 256 : byte;
    }
    return [unsigned, signed];
}
function block(count) {
    if (count < 0)
        throw new PythonError('InvalidHeaderError', 'invalid offset');
    return Math.ceil(count / BLOCKSIZE) * BLOCKSIZE;
}
/** TarInfo._frombuf */
function frombuf(buf, dircheck) {
    if (buf.length === 0)
        throw new PythonError('EmptyHeaderError', 'empty header');
    if (buf.length !== BLOCKSIZE)
        throw new PythonError('TruncatedHeaderError', 'truncated header');
    if (buf.every(byte => byte === 0))
        throw new PythonError('EOFHeaderError', 'end of file header');
    const chksum = nti(buf.subarray(148, 156));
    if (!calcChecksums(buf).includes(chksum))
        throw new PythonError('InvalidHeaderError', 'bad checksum');
    const member = { name: nts(buf.subarray(0, 100)), type: '', size: 0, offset: 0, offsetData: 0, sparse: null };
    nti(buf.subarray(100, 108));
    nti(buf.subarray(108, 116));
    nti(buf.subarray(116, 124));
    member.size = nti(buf.subarray(124, 136));
    nti(buf.subarray(136, 148));
    member.type = String.fromCharCode(buf[156]);
    nti(buf.subarray(329, 337));
    nti(buf.subarray(337, 345));
    const prefix = nts(buf.subarray(345, 500));
    // the old V7 format writes a directory as a regular file whose name ends in '/'
    if (dircheck && member.type === '\0' && member.name.endsWith('/'))
        member.type = '5';
    if (member.type === 'S') {
        const structs = [];
        for (let i = 0, pos = 386; i < 4; i++, pos += 24)
            structs.push([nti(buf.subarray(pos, pos + 12)), nti(buf.subarray(pos + 12, pos + 24))]);
        member.sparseStructs = { structs, extended: buf[482] !== 0, origSize: nti(buf.subarray(483, 495)) };
    }
    if (isdir(member))
        member.name = rstripSlash(member.name);
    if (prefix && !GNU_TYPES.has(member.type))
        member.name = `${prefix}/${member.name}`;
    return member;
}
/** Reads a tar stream member by member as TarFile does (not ignore_zeros, UTF-8 names with surrogateescape). */
class TarReader {
    source;
    members = [];
    offset = 0;
    globalPax = new Map();
    firstMember = null;
    /** Called with each member as soon as its header is read (before its data streams by). */
    onMember;
    constructor(source) {
        this.source = source;
    }
    /** TarFile.__init__ in mode 'r': the first member is read at once. */
    async open() {
        this.firstMember = await this.next();
    }
    /** getmembers(): every member up to the end of the archive. */
    async loadAll() {
        while ((await this.next()) !== null)
            ;
    }
    /** TarFile.next() */
    async next() {
        if (this.firstMember !== null) {
            const member = this.firstMember;
            this.firstMember = null;
            return member;
        }
        if (this.offset !== this.source.tell()) {
            if (this.offset === 0)
                return null;
            await this.source.seek(this.offset - 1);
            if ((await this.source.read(1)).length === 0)
                throw new PythonError('ReadError', 'unexpected end of data');
        }
        let member = null;
        try {
            member = await this.fromtarfile(true);
        }
        catch (error) {
            if (!(error instanceof PythonError))
                throw error;
            const atStart = this.offset === 0;
            if (error.pyType === 'EOFHeaderError')
                member = null;
            else if (error.pyType === 'InvalidHeaderError' || error.pyType === 'TruncatedHeaderError') {
                if (atStart)
                    throw new PythonError('ReadError', error.message);
            }
            else if (error.pyType === 'EmptyHeaderError') {
                if (atStart)
                    throw new PythonError('ReadError', 'empty file');
            }
            else if (error.pyType === 'SubsequentHeaderError')
                throw new PythonError('ReadError', error.message);
            else if (error.pyType === 'zlib.error')
                throw new PythonError('ReadError', `zlib error: ${error.message}`);
            else
                throw error;
        }
        if (member) {
            this.members.push(member);
            this.onMember?.(member);
        }
        return member;
    }
    /** TarInfo._fromtarfile */
    async fromtarfile(dircheck) {
        const buf = await this.source.read(BLOCKSIZE);
        const member = frombuf(buf, dircheck);
        member.offset = this.source.tell() - BLOCKSIZE;
        if (member.type === 'L' || member.type === 'K')
            return this.procGnulong(member);
        if (member.type === 'S')
            return this.procSparse(member);
        if (member.type === 'x' || member.type === 'g' || member.type === 'X')
            return this.procPax(member);
        return this.procBuiltin(member);
    }
    async subsequent() {
        try {
            return await this.fromtarfile(false);
        }
        catch (error) {
            if (isPy(error, ...HEADER_ERRORS))
                throw new PythonError('SubsequentHeaderError', error.message);
            throw error;
        }
    }
    procBuiltin(member) {
        member.offsetData = this.source.tell();
        this.offset = member.offsetData + (isreg(member) || !SUPPORTED_TYPES.has(member.type) ? block(member.size) : 0);
        this.applyPax(member, this.globalPax);
        if (isdir(member))
            member.name = rstripSlash(member.name);
        return member;
    }
    async procGnulong(member) {
        const buf = await this.source.readHeaderData(block(member.size));
        const next = await this.subsequent();
        next.offset = member.offset;
        if (member.type === 'L') {
            next.name = nts(buf);
            if (next.type === '5' && !next.name.endsWith('/'))
                next.type = '\0';
            else if (next.type === '\0' && next.name.endsWith('/'))
                next.type = '5';
        }
        if (isdir(next) && next.name.endsWith('/'))
            next.name = next.name.slice(0, -1);
        return next;
    }
    async procSparse(member) {
        const { structs, origSize } = member.sparseStructs;
        let extended = member.sparseStructs?.extended ?? false;
        while (extended) {
            const buf = await this.source.read(BLOCKSIZE);
            for (let i = 0, pos = 0; i < 21; i++, pos += 24) {
                const offset = nti(buf.subarray(pos, pos + 12));
                const numbytes = nti(buf.subarray(pos + 12, pos + 24));
                if (offset && numbytes)
                    structs.push([offset, numbytes]);
            }
            if (buf.length <= 504)
                throw new PythonError('IndexError', 'index out of range');
            extended = buf[504] !== 0;
        }
        member.sparse = structs;
        member.offsetData = this.source.tell();
        this.offset = member.offsetData + block(member.size);
        member.size = origSize;
        return member;
    }
    async procPax(member) {
        const buf = await this.source.readHeaderData(block(member.size));
        const pax = member.type === 'g' ? this.globalPax : new Map(this.globalPax);
        const raw = [];
        let pos = 0;
        while (buf.length > pos && buf[pos] !== 0) {
            const digits = /^([0-9]{1,20}) /.exec(buf.subarray(pos, pos + 21).toString('latin1'));
            if (!digits)
                throw new PythonError('InvalidHeaderError', 'invalid header');
            const length = Number(digits[1]);
            if (length < 5 || pos + length > buf.length)
                throw new PythonError('InvalidHeaderError', 'invalid header');
            const valueEnd = pos + length - 1;
            const keywordAndValue = buf.subarray(pos + digits[1].length + 1, valueEnd);
            const equals = keywordAndValue.indexOf(0x3d);
            if (equals <= 0 || buf[valueEnd] !== 0x0a)
                throw new PythonError('InvalidHeaderError', 'invalid header');
            raw.push([keywordAndValue.subarray(0, equals), keywordAndValue.subarray(equals + 1)]);
            pos += length;
        }
        for (const [keyword, value] of raw)
            pax.set(decodeUtf8Escaped(keyword), decodeUtf8Escaped(value));
        const next = await this.subsequent();
        if (pax.has('GNU.sparse.map')) {
            const numbers = pax.get('GNU.sparse.map').split(',').map(pyInt);
            if (numbers.includes(null))
                throw new PythonError('ValueError', 'invalid literal for int() in GNU.sparse.map');
            next.sparse = pairs(numbers);
        }
        else if (pax.has('GNU.sparse.size')) {
            const offsets = [];
            const numbytes = [];
            for (const [keyword, value] of raw) {
                const key = keyword.toString('latin1');
                if (key !== 'GNU.sparse.offset' && key !== 'GNU.sparse.numbytes')
                    continue;
                let number = null;
                try {
                    number = pyInt(decodeUtf8Strict(value));
                }
                catch {
                    number = null;
                }
                if (number === null)
                    throw new PythonError('InvalidHeaderError', 'invalid header');
                (key === 'GNU.sparse.offset' ? offsets : numbytes).push(number);
            }
            next.sparse = offsets.slice(0, numbytes.length).map((offset, i) => [offset, numbytes[i]]);
        }
        else if (pax.get('GNU.sparse.major') === '1' && pax.get('GNU.sparse.minor') === '0') {
            await this.gnuSparse10(next);
        }
        if (member.type === 'x' || member.type === 'X') {
            this.applyPax(next, pax);
            next.offset = member.offset;
            if (pax.has('size'))
                this.offset = next.offsetData + (isreg(next) || !SUPPORTED_TYPES.has(next.type) ? block(next.size) : 0);
        }
        return next;
    }
    /** _proc_gnusparse_10: the sparse map is a list of numbers, one a line, in the blocks after the header. */
    async gnuSparse10(next) {
        const splitLine = (buf) => {
            const newline = buf.indexOf(0x0a);
            if (newline < 0)
                throw new PythonError('ValueError', 'not enough values to unpack');
            return [buf.subarray(0, newline), buf.subarray(newline + 1)];
        };
        const toInt = (bytes) => {
            const number = pyInt(bytes.toString('latin1'));
            if (number === null || bytes.some(byte => byte >= 0x80))
                throw new PythonError('ValueError', 'invalid literal for int()');
            return number;
        };
        const [fieldsText, rest] = splitLine(await this.source.read(BLOCKSIZE));
        const fields = toInt(fieldsText);
        let buf = rest;
        const sparse = [];
        while (sparse.length < fields * 2) {
            if (!buf.includes(0x0a))
                buf = Buffer.concat([buf, await this.source.read(BLOCKSIZE)]);
            let number;
            [number, buf] = splitLine(buf);
            sparse.push(toInt(number));
        }
        next.offsetData = this.source.tell();
        next.sparse = pairs(sparse);
    }
    /** _apply_pax_info: pax records override the header's name and size (the others do not matter to PyPI). */
    applyPax(member, pax) {
        for (const [keyword, value] of pax) {
            if (keyword === 'GNU.sparse.name' || keyword === 'path')
                member.name = keyword === 'path' ? rstripSlash(value) : value;
            else if (keyword === 'GNU.sparse.size' || keyword === 'GNU.sparse.realsize') {
                const size = pyInt(value);
                if (size === null)
                    throw new PythonError('ValueError', `invalid literal for int(): ${value}`);
                member.size = size;
            }
            else if (keyword === 'size')
                member.size = pyInt(value) ?? 0;
        }
    }
}
const pairs = (numbers) => {
    const result = [];
    for (let i = 0; i + 1 < numbers.length; i += 2)
        result.push([numbers[i], numbers[i + 1]]);
    return result;
};
/**
 * tarfile.open of one compression: the first member read. A ReadError means "not this kind" ({ tar: null, error });
 * other exceptions escape as they do from tarfile.open. `kind` decides which errors the opener turns into ReadError.
 */
async function openTar(source, kind) {
    const tar = new TarReader(source);
    try {
        await tar.open();
        return { tar };
    }
    catch (error) {
        if (isPy(error, 'ReadError', 'Unsupported'))
            return { tar: null, error };
        // gzopen turns OSError (BadGzipFile) into ReadError; zstopen ZstdError and EOFError
        if (kind === 'gz' && isPy(error, 'OSError'))
            return { tar: null, error };
        if (kind === 'zst' && isPy(error, 'ZstdError', 'EOFError', 'Unsupported'))
            return { tar: null, error };
        throw error;
    }
}
// ---- the tar.gz branch (legacy.py:416-476) and its License-File rule (legacy.py:1397-1422) ----
async function checkTarGz(file, filename, licenseFiles, report) {
    // legacy.py:1285 _open_dist_file: tarfile.open(filename, 'r:gz'); ReadError and EOFError fall back to the same checks
    const source = new StreamSource(gunzip(file));
    let opened;
    try {
        opened = await openTar(source, 'gz');
    }
    catch (error) {
        if (!isPy(error, 'EOFError'))
            throw serverError(error, 1285);
        // is_tarfile tries gzip first and meets the same EOFError, which nothing catches (legacy.py:316)
        throw serverError(error, 316);
    }
    if (isPy(opened.error, 'Unsupported')) {
        report.warnings.push(`Preflight could not read this sdist's first member (${opened.error.message}); PyPI's verdict is unknown`);
        return;
    }
    const { isTar, unsure } = await checkPolyglot(file, report, opened.tar !== null);
    if (!isTar) {
        if (unsure)
            report.warnings.push(`${unsure}: if PyPI's tarfile reads a tar archive in it, PyPI answers "Invalid distribution file. None"`);
        throw invalidFile('archive-tar', 'File is not a tarfile', 418);
    }
    const tar = opened.tar;
    if (!tar)
        throw invalidFile('archive-tar', null, 476); // tarfile.open(filename, 'r:gz') raises ReadError once more
    // each scanned member's content is matched as it streams by; the verdicts wait for getnames() to succeed
    const scanned = [];
    const buffers = [];
    const watch = (member) => {
        if (!isreg(member) || !isScanned(member.name))
            return;
        const verdict = { member, size: member.size, rule: null };
        scanned.push(verdict);
        const kept = buffers.pop() ?? new CappedBuffer(SCAN_MAX_FILE_SIZE);
        kept.clear();
        const done = () => {
            const content = kept.content();
            verdict.rule = content && matchingRule(content);
            buffers.push(kept);
        };
        if (member.size <= 0)
            done();
        else
            tar.source.capture(member.offsetData, member.offsetData + member.size, chunk => kept.add(chunk), done);
    };
    tar.members.forEach(watch);
    tar.onMember = watch;
    // legacy.py:434 getnames(): reads the whole archive
    try {
        await tar.loadAll();
    }
    catch (error) {
        if (isPy(error, 'Unsupported')) {
            if (tar.members.some(member => member.sparse))
                throw sparseRefusal();
            report.warnings.push(`Preflight could not follow this tar archive to its end (${error.message}); PyPI's verdict is unknown`);
            return;
        }
        if (isPy(error, 'ReadError', 'EOFError', 'zlib.error'))
            throw invalidFile('archive-tar', null, 476);
        throw serverError(error, 434);
    }
    const names = tar.members.map(member => member.name);
    const top = commonPathOr500(names, 434);
    // legacy.py:437-450
    if (tar.members.some(member => member.sparse))
        throw sparseRefusal();
    if (top === '.' || top === '/' || top === '')
        throw invalidFile('sdist-top-level', 'Incorrect number of top-level directories in sdist', 453);
    const has = (target) => names.includes(rstripSlash(target));
    const target = joinPath(top, 'PKG-INFO');
    if (!has(target))
        throw invalidFile('sdist-pkg-info', `PKG-INFO not found at ${target}`, 458);
    // legacy.py:460-473: scanner.iter_tar_members, every regular .py/.pye member in order
    const scan = new MemberScan();
    let match = null;
    for (const { member, size, rule } of scanned) {
        match = scan.add(member.name, size, rule);
        if (match)
            break;
    }
    match ??= scan.finish();
    if (match)
        throw invalidFile('archive-scan', match.rule.message, 473);
    // legacy.py:1397-1422, after the filename rules
    for (const licenseFile of licenseFiles) {
        const licenseTarget = joinPath(top, licenseFile);
        if (!has(licenseTarget)) {
            report.breaches.push({
                rule: 'license-file',
                field: 'License-File',
                message: `License-File ${licenseFile} does not exist in distribution file ${filename} at ${licenseTarget}`,
                source: `${LEGACY}:1418`
            });
        }
    }
    await drainWarnings(source, report);
}
function sparseRefusal() {
    return invalidFile('sdist-sparse', `tar archive not accepted: Sparse members are not allowed. ${ARCHIVES_HELP}`, 444);
}
/**
 * PyPI stops reading at the end of the tar archive, so damage after it (in the gzip trailer, or trailing garbage)
 * goes unnoticed there; pip and others may still fail on it, hence a warning.
 */
async function drainWarnings(source, report) {
    try {
        await source.seek(Number.MAX_SAFE_INTEGER);
    }
    catch (error) {
        if (!(error instanceof PythonError))
            throw error;
        report.warnings.push(`The gzip stream is damaged after the end of the tar archive (${error.pyType}: ${error.message}); PyPI does not read that far, but installers may`);
    }
}

// EXTERNAL MODULE: ./src/warehouse/description.ts
var description = __webpack_require__(65677);
// EXTERNAL MODULE: ./src/names.ts
var names = __webpack_require__(46455);
// EXTERNAL MODULE: ./src/pep440.ts
var pep440 = __webpack_require__(80936);
;// CONCATENATED MODULE: ./src/warehouse/filename.ts
// PyPI's rules on the uploaded file's NAME, in the order warehouse's file_upload applies them
// (warehouse/forklift/legacy.py at 6b62157, with the packaging it pins, 26.2 (requirements/main.txt):
// parse_wheel_filename / parse_sdist_filename; 26.3 is stricter on tags and empty names, and PyPI does not run it yet):
// characters and extension (_validate_filename), then for an sdist the PEP 625 name, for a wheel its parts,
// platform tags, normalized name and version, and the length the storage can hold.



const filename_LEGACY = 'warehouse/forklift/legacy.py';
// legacy.py:108-196: the platforms PyPI takes
const ALLOWED_PLATFORMS = new Set([
    'any',
    'win32',
    'win_arm64',
    'win_amd64',
    'win_ia64',
    'manylinux1_x86_64',
    'manylinux1_i686',
    'manylinux2010_x86_64',
    'manylinux2010_i686',
    'manylinux2014_x86_64',
    'manylinux2014_i686',
    'manylinux2014_aarch64',
    'manylinux2014_armv7l',
    'manylinux2014_ppc64',
    'manylinux2014_ppc64le',
    'manylinux2014_s390x',
    'linux_armv6l',
    'linux_armv7l'
]);
// Python's re.match anchors at the start only; `.*` runs to the end
const MACOSX = /^macosx_(?<major>\d+)_(?<minor>\d+)_(?<arch>.*)$/s;
const MACOSX_ARCHES = new Set(['ppc', 'ppc64', 'i386', 'x86_64', 'arm64', 'intel', 'fat', 'fat3', 'fat64', 'universal', 'universal2']);
const MACOSX_MAJORS = new Set(['11', '12', '13', '14', '15', '26']);
const IOS = /^ios_(\d+)_(\d+)_(?<arch>.*)_(iphoneos|iphonesimulator)/s;
const IOS_ARCHES = new Set(['arm64', 'x86_64']);
const ANDROID = /^android_(\d+)_(?<arch>.*)$/s;
const ANDROID_ARCHES = new Set(['armeabi_v7a', 'arm64_v8a', 'x86', 'x86_64']);
const LINUX = /^(?<libc>many|musl)linux_(\d+)_(\d+)_(?<arch>.*)$/s;
const JOINT_LINUX_ARCHES = ['x86_64', 'i686', 'aarch64', 'armv7l', 'ppc64le', 's390x', 'riscv64'];
const MANYLINUX_ARCHES = new Set([...JOINT_LINUX_ARCHES, 'ppc64']);
const MUSLLINUX_ARCHES = new Set(JOINT_LINUX_ARCHES);
const PYEMSCRIPTEN = /^pyemscripten_\d+_\d+_wasm32/;
/** legacy.py:199 _valid_platform_tag, condition for condition. */
function validPlatformTag(platform) {
    if (ALLOWED_PLATFORMS.has(platform))
        return true;
    const mac = MACOSX.exec(platform)?.groups;
    // macosx_10_{minor} for the 10.x series; macosx_{major}_0 for 11 and later
    if (mac && mac['major'] === '10' && MACOSX_ARCHES.has(mac['arch']))
        return true;
    if (mac && MACOSX_MAJORS.has(mac['major']) && mac['minor'] === '0' && MACOSX_ARCHES.has(mac['arch']))
        return true;
    const linux = LINUX.exec(platform)?.groups;
    if (linux?.['libc'] === 'musl')
        return MUSLLINUX_ARCHES.has(linux['arch']);
    if (linux?.['libc'] === 'many')
        return MANYLINUX_ARCHES.has(linux['arch']);
    const ios = IOS.exec(platform)?.groups;
    if (ios && IOS_ARCHES.has(ios['arch']))
        return true;
    const android = ANDROID.exec(platform)?.groups;
    if (android && ANDROID_ARCHES.has(android['arch']))
        return true;
    return PYEMSCRIPTEN.test(platform);
}
/** packaging's canonicalize_name (no validation): lower case, `_` and `.` to `-`, runs of `-` collapsed. */
function canonicalizeName(name) {
    return name.toLowerCase().replace(/[_.]/g, '-').replace(/-{2,}/g, '-');
}
/** packaging's str(Version(text)), or undefined when packaging's Version refuses the text. */
function canonicalVersion(text) {
    return (0,pep440/* parseVersion */.ot)(text)?.normalized;
}
/** packaging 26.2's tags.parse_tag: the platforms of a (compressed) tag set; Tag() lower-cases each part. */
function parseTagPlatforms(tag) {
    // parse_wheel_filename hands it exactly three components; 26.2 checks none of them (empty parts included)
    return tag
        .split('-')[2]
        .split('.')
        .map(platform => platform.toLowerCase());
}
/** legacy.py:243 _validate_filename: one breach, or undefined. */
function validateFilename(filename, filetype) {
    const breach = (message, line) => ({ rule: 'filename', field: 'filename', message, source: `${filename_LEGACY}:${line}` });
    if (/[\x00-\x1f\x7f]/.test(filename)) {
        return breach('Cannot upload a file with non-printable characters (ordinals 0-31) or the DEL character (ordinal 127) in the name.', 250);
    }
    if (filename.includes('/') || filename.includes('\\'))
        return breach("Cannot upload a file with '/' or '\\' in the name.", 262);
    // _dist_file_re: .+?(?P<extension>\.(tar\.gz|zip|whl))$ with IGNORECASE; the extension keeps its case
    const extension = /^.+?(\.(tar\.gz|zip|whl))$/is.exec(filename)?.[1];
    if (extension === undefined) {
        return breach('Invalid file extension: Use .tar.gz, .whl or .zip extension. See https://www.python.org/dev/peps/pep-0527 and https://peps.python.org/pep-0715/ for more information', 277);
    }
    const allowed = filetype === 'sdist' ? ['.zip', '.tar.gz'] : ['.whl'];
    if (!allowed.includes(extension)) {
        return breach(`Invalid file extension: Extension ${extension} is invalid for filetype ${filetype}. See https://www.python.org/dev/peps/pep-0527 for more information.`, 270);
    }
    return undefined;
}
/** legacy.py:1317-1395: the sdist's name and version, and PEP 625's normalized filename. */
function checkSdistName({ filename, name, version }) {
    const breach = (rule, message, line) => [{ rule, field: 'filename', message, source: `${filename_LEGACY}:${line}` }];
    // packaging.utils.parse_sdist_filename
    const stem = filename.endsWith('.tar.gz') ? filename.slice(0, -'.tar.gz'.length) : filename.endsWith('.zip') ? filename.slice(0, -'.zip'.length) : undefined;
    const dash = stem?.lastIndexOf('-') ?? -1;
    // 26.2 takes an empty name part (-1.0.tar.gz); the comparison with the project's name below refuses it
    if (stem === undefined || dash < 0 || canonicalVersion(stem.slice(dash + 1)) === undefined) {
        return breach('sdist-filename', `Invalid source distribution filename: ${filename}`, 1329);
    }
    let nameFromFilename = stem.slice(0, dash);
    const metaVersion = (0,pep440/* parseVersion */.ot)(version);
    // legacy.py:1340: a post-release written with a hyphen (1.0-1) puts one more hyphen in the name part
    if (metaVersion && /\.post\d+/.test(metaVersion.normalized) && canonicalizeName(nameFromFilename) !== canonicalizeName(name)) {
        if ((filename.match(/-/g) ?? []).length >= 2) {
            const withoutLast = filename.slice(0, filename.lastIndexOf('-'));
            nameFromFilename = withoutLast.slice(0, Math.max(0, withoutLast.lastIndexOf('-')));
        }
    }
    const normalized = (0,names/* normalizeName */.P)(name);
    if (canonicalizeName(nameFromFilename) !== normalized) {
        return breach('sdist-filename', `Start filename for ${(0,python/* pyRepr */.n)(name)} with ${(0,python/* pyRepr */.n)(normalized.replace(/-/g, '_'))}.`, 1372);
    }
    const expected = `${normalized.replace(/-/g, '_')}-${metaVersion?.normalized ?? version}.tar.gz`;
    if (filename !== expected) {
        return breach('sdist-filename', `Filename ${(0,python/* pyRepr */.n)(filename)} is invalid, should be ${(0,python/* pyRepr */.n)(expected)}.`, 1389);
    }
    return [];
}
/** legacy.py:1425-1506: packaging's parse_wheel_filename, the platform tags, the normalized name and the version. */
function checkWheelName({ filename, name, version }) {
    const breach = (rule, message, line) => [{ rule, field: 'filename', message, source: `${filename_LEGACY}:${line}` }];
    const invalid = (why) => breach('wheel-filename', why, 1435);
    // packaging/utils.py parse_wheel_filename (26.2)
    const stem = filename.slice(0, -'.whl'.length);
    const dashes = (stem.match(/-/g) ?? []).length;
    if (dashes !== 4 && dashes !== 5)
        return invalid(`Invalid wheel filename (wrong number of parts): ${(0,python/* pyRepr */.n)(stem)}`);
    // Python's split('-', dashes - 2): the last part keeps the tag's two hyphens
    const pieces = stem.split('-');
    const parts = [...pieces.slice(0, dashes - 2), pieces.slice(dashes - 2).join('-')];
    const namePart = parts[0];
    // re.match(r"^[\w\d._]*$", name_part, re.UNICODE): an empty name part passes here
    if (namePart.includes('__') || !/^[\p{L}\p{N}_.]*$/u.test(namePart))
        return invalid(`Invalid project name: ${(0,python/* pyRepr */.n)(stem)}`);
    const fileVersion = canonicalVersion(parts[1]);
    if (fileVersion === undefined)
        return invalid(`Invalid wheel filename (invalid version): ${(0,python/* pyRepr */.n)(stem)}`);
    if (dashes === 5 && !/^\d/.test(parts[2]))
        return invalid(`Invalid build number: ${parts[2]} in ${(0,python/* pyRepr */.n)(stem)}`);
    const platforms = parseTagPlatforms(parts.at(-1));
    const unsupported = platforms.find(platform => !validPlatformTag(platform));
    if (unsupported !== undefined) {
        return breach('platform-tag', `Binary wheel '${filename}' has an unsupported platform tag '${unsupported}'.`, 1446);
    }
    const canonical = canonicalizeName(name);
    if (canonical !== canonicalizeName(namePart)) {
        return breach('wheel-filename', `Start filename for ${(0,python/* pyRepr */.n)(name)} with ${(0,python/* pyRepr */.n)(canonical.replace(/-/g, '_'))}.`, 1460);
    }
    // PEP 427 / PEP 503: the name part is the fully normalized project name
    const normalized = (0,names/* normalizeName */.P)(name).replace(/-/g, '_');
    if (namePart !== normalized) {
        return breach('wheel-filename', `Filename ${(0,python/* pyRepr */.n)(filename)} should contain the normalized project name ${(0,python/* pyRepr */.n)(normalized)}, not ${(0,python/* pyRepr */.n)(namePart)}.`, 1484);
    }
    // Version objects compare equal (1.0.04 == 1.0.4), unlike the sdist's filename text
    if (!(0,pep440/* versionsEqual */.At)(fileVersion, version)) {
        return breach('wheel-filename', `Version in filename should be ${(0,python/* pyRepr */.n)(canonicalVersion(version) ?? version)} not ${(0,python/* pyRepr */.n)(fileVersion)}.`, 1499);
    }
    return [];
}
/** Linux's NAME_MAX: warehouse writes the upload to a temporary file of this name, and a wheel's METADATA beside it. */
const NAME_MAX = 255;
/**
 * Every breach of PyPI's filename rules for one upload, in warehouse's order; the first rule broken ends the
 * check as PyPI's answer would (later rules read parts an earlier one found malformed).
 */
function checkFilename(upload) {
    const { filename, filetype } = upload;
    const invalid = validateFilename(filename, filetype);
    if (invalid)
        return [invalid];
    const bytes = Buffer.byteLength(filename, 'utf8');
    // legacy.py:1141 opens os.path.join(tmpdir, filename) for writing: a longer name fails there (an error, not a 400)
    if (bytes > NAME_MAX) {
        return [
            {
                rule: 'filename-length',
                status: 500,
                field: 'filename',
                message: `the file name is ${bytes} bytes; PyPI stores the upload under its name, and a name longer than ${NAME_MAX} bytes cannot be stored (the upload fails)`,
                source: `${filename_LEGACY}:1141`
            }
        ];
    }
    const named = filetype === 'sdist' ? checkSdistName(upload) : checkWheelName(upload);
    if (named.length > 0)
        return named;
    // legacy.py:1604: a wheel's METADATA is written beside it as '<filename>.metadata'
    if (filetype === 'bdist_wheel' && bytes + '.metadata'.length > NAME_MAX) {
        return [{ rule: 'filename-length', field: 'filename', message: `Filename is too long: '${filename}'`, source: `${filename_LEGACY}:1616` }];
    }
    return [];
}

;// CONCATENATED MODULE: ./src/warehouse/data/classifiers.json
const classifiers_namespaceObject = /*#__PURE__*/JSON.parse('{"sP":{"F7":"trove-classifiers","rE":"2026.9.21.13"},"bf":["Development Status :: 1 - Planning","Development Status :: 2 - Pre-Alpha","Development Status :: 3 - Alpha","Development Status :: 4 - Beta","Development Status :: 5 - Production/Stable","Development Status :: 6 - Mature","Development Status :: 7 - Inactive","Environment :: Console","Environment :: Console :: Curses","Environment :: Console :: Framebuffer","Environment :: Console :: Newt","Environment :: Console :: svgalib","Environment :: Cygwin (MS Windows)","Environment :: GPU","Environment :: GPU :: NVIDIA CUDA","Environment :: GPU :: NVIDIA CUDA :: 1.0","Environment :: GPU :: NVIDIA CUDA :: 1.1","Environment :: GPU :: NVIDIA CUDA :: 2.0","Environment :: GPU :: NVIDIA CUDA :: 2.1","Environment :: GPU :: NVIDIA CUDA :: 2.2","Environment :: GPU :: NVIDIA CUDA :: 2.3","Environment :: GPU :: NVIDIA CUDA :: 3.0","Environment :: GPU :: NVIDIA CUDA :: 3.1","Environment :: GPU :: NVIDIA CUDA :: 3.2","Environment :: GPU :: NVIDIA CUDA :: 4.0","Environment :: GPU :: NVIDIA CUDA :: 4.1","Environment :: GPU :: NVIDIA CUDA :: 4.2","Environment :: GPU :: NVIDIA CUDA :: 5.0","Environment :: GPU :: NVIDIA CUDA :: 5.5","Environment :: GPU :: NVIDIA CUDA :: 6.0","Environment :: GPU :: NVIDIA CUDA :: 6.5","Environment :: GPU :: NVIDIA CUDA :: 7.0","Environment :: GPU :: NVIDIA CUDA :: 7.5","Environment :: GPU :: NVIDIA CUDA :: 8.0","Environment :: GPU :: NVIDIA CUDA :: 9.0","Environment :: GPU :: NVIDIA CUDA :: 9.1","Environment :: GPU :: NVIDIA CUDA :: 9.2","Environment :: GPU :: NVIDIA CUDA :: 10.0","Environment :: GPU :: NVIDIA CUDA :: 10.1","Environment :: GPU :: NVIDIA CUDA :: 10.2","Environment :: GPU :: NVIDIA CUDA :: 11","Environment :: GPU :: NVIDIA CUDA :: 11.0","Environment :: GPU :: NVIDIA CUDA :: 11.1","Environment :: GPU :: NVIDIA CUDA :: 11.2","Environment :: GPU :: NVIDIA CUDA :: 11.3","Environment :: GPU :: NVIDIA CUDA :: 11.4","Environment :: GPU :: NVIDIA CUDA :: 11.5","Environment :: GPU :: NVIDIA CUDA :: 11.6","Environment :: GPU :: NVIDIA CUDA :: 11.7","Environment :: GPU :: NVIDIA CUDA :: 11.8","Environment :: GPU :: NVIDIA CUDA :: 12","Environment :: GPU :: NVIDIA CUDA :: 12 :: 12.0","Environment :: GPU :: NVIDIA CUDA :: 12 :: 12.1","Environment :: GPU :: NVIDIA CUDA :: 12 :: 12.2","Environment :: GPU :: NVIDIA CUDA :: 12 :: 12.3","Environment :: GPU :: NVIDIA CUDA :: 12 :: 12.4","Environment :: GPU :: NVIDIA CUDA :: 12 :: 12.5","Environment :: GPU :: NVIDIA CUDA :: 12 :: 12.6","Environment :: GPU :: NVIDIA CUDA :: 13","Environment :: Handhelds/PDA\'s","Environment :: MacOS X","Environment :: MacOS X :: Aqua","Environment :: MacOS X :: Carbon","Environment :: MacOS X :: Cocoa","Environment :: No Input/Output (Daemon)","Environment :: OpenStack","Environment :: Other Environment","Environment :: Plugins","Environment :: Web Environment","Environment :: Web Environment :: Buffet","Environment :: Web Environment :: Mozilla","Environment :: Web Environment :: ToscaWidgets","Environment :: WebAssembly","Environment :: WebAssembly :: Emscripten","Environment :: WebAssembly :: WASI","Environment :: Win32 (MS Windows)","Environment :: X11 Applications","Environment :: X11 Applications :: GTK","Environment :: X11 Applications :: Gnome","Environment :: X11 Applications :: KDE","Environment :: X11 Applications :: Qt","Framework :: AWS CDK","Framework :: AWS CDK :: 1","Framework :: AWS CDK :: 2","Framework :: AiiDA","Framework :: Ansible","Framework :: AnyIO","Framework :: Apache Airflow","Framework :: Apache Airflow :: Provider","Framework :: AsyncIO","Framework :: BEAT","Framework :: BFG","Framework :: Bob","Framework :: Bottle","Framework :: Buildout","Framework :: Buildout :: Extension","Framework :: Buildout :: Recipe","Framework :: CastleCMS","Framework :: CastleCMS :: Theme","Framework :: Celery","Framework :: Chandler","Framework :: CherryPy","Framework :: CubicWeb","Framework :: Dash","Framework :: Datasette","Framework :: Django","Framework :: Django :: 1","Framework :: Django :: 1.4","Framework :: Django :: 1.5","Framework :: Django :: 1.6","Framework :: Django :: 1.7","Framework :: Django :: 1.8","Framework :: Django :: 1.9","Framework :: Django :: 1.10","Framework :: Django :: 1.11","Framework :: Django :: 2","Framework :: Django :: 2.0","Framework :: Django :: 2.1","Framework :: Django :: 2.2","Framework :: Django :: 3","Framework :: Django :: 3.0","Framework :: Django :: 3.1","Framework :: Django :: 3.2","Framework :: Django :: 4","Framework :: Django :: 4.0","Framework :: Django :: 4.1","Framework :: Django :: 4.2","Framework :: Django :: 5","Framework :: Django :: 5.0","Framework :: Django :: 5.1","Framework :: Django :: 5.2","Framework :: Django :: 6","Framework :: Django :: 6.0","Framework :: Django :: 6.1","Framework :: Django CMS","Framework :: Django CMS :: 3.4","Framework :: Django CMS :: 3.5","Framework :: Django CMS :: 3.6","Framework :: Django CMS :: 3.7","Framework :: Django CMS :: 3.8","Framework :: Django CMS :: 3.9","Framework :: Django CMS :: 3.10","Framework :: Django CMS :: 3.11","Framework :: Django CMS :: 4.0","Framework :: Django CMS :: 4.1","Framework :: Django CMS :: 5.0","Framework :: Django CMS :: 5.1","Framework :: FastAPI","Framework :: Flake8","Framework :: Flask","Framework :: Hatch","Framework :: Hypothesis","Framework :: IDLE","Framework :: IPython","Framework :: InvenTree","Framework :: Jupyter","Framework :: Jupyter :: JupyterLab","Framework :: Jupyter :: JupyterLab :: 1","Framework :: Jupyter :: JupyterLab :: 2","Framework :: Jupyter :: JupyterLab :: 3","Framework :: Jupyter :: JupyterLab :: 4","Framework :: Jupyter :: JupyterLab :: Extensions","Framework :: Jupyter :: JupyterLab :: Extensions :: Mime Renderers","Framework :: Jupyter :: JupyterLab :: Extensions :: Prebuilt","Framework :: Jupyter :: JupyterLab :: Extensions :: Themes","Framework :: Kedro","Framework :: Lektor","Framework :: Litestar","Framework :: Litestar :: 1","Framework :: Litestar :: 2","Framework :: Litestar :: 3","Framework :: Masonite","Framework :: Matplotlib","Framework :: MkDocs","Framework :: Nengo","Framework :: Odoo","Framework :: Odoo :: 8.0","Framework :: Odoo :: 9.0","Framework :: Odoo :: 10.0","Framework :: Odoo :: 11.0","Framework :: Odoo :: 12.0","Framework :: Odoo :: 13.0","Framework :: Odoo :: 14.0","Framework :: Odoo :: 15.0","Framework :: Odoo :: 16.0","Framework :: Odoo :: 17.0","Framework :: Odoo :: 18.0","Framework :: Odoo :: 19.0","Framework :: Odoo :: 20.0","Framework :: OpenTelemetry","Framework :: OpenTelemetry :: Distros","Framework :: OpenTelemetry :: Exporters","Framework :: OpenTelemetry :: Instrumentations","Framework :: Opps","Framework :: Paste","Framework :: Pelican","Framework :: Pelican :: Plugins","Framework :: Pelican :: Themes","Framework :: Plone","Framework :: Plone :: 3.2","Framework :: Plone :: 3.3","Framework :: Plone :: 4.0","Framework :: Plone :: 4.1","Framework :: Plone :: 4.2","Framework :: Plone :: 4.3","Framework :: Plone :: 5.0","Framework :: Plone :: 5.1","Framework :: Plone :: 5.2","Framework :: Plone :: 5.3","Framework :: Plone :: 6.0","Framework :: Plone :: 6.1","Framework :: Plone :: 6.2","Framework :: Plone :: 6.3","Framework :: Plone :: Addon","Framework :: Plone :: Core","Framework :: Plone :: Distribution","Framework :: Plone :: Theme","Framework :: PySimpleGUI","Framework :: PySimpleGUI :: 4","Framework :: PySimpleGUI :: 5","Framework :: Pycsou","Framework :: Pydantic","Framework :: Pydantic :: 1","Framework :: Pydantic :: 2","Framework :: Pylons","Framework :: Pyodide","Framework :: Pyramid","Framework :: Pytest","Framework :: Review Board","Framework :: Robot Framework","Framework :: Robot Framework :: Library","Framework :: Robot Framework :: Tool","Framework :: Scrapy","Framework :: Setuptools Plugin","Framework :: Sphinx","Framework :: Sphinx :: Domain","Framework :: Sphinx :: Extension","Framework :: Sphinx :: Theme","Framework :: Trac","Framework :: Trio","Framework :: Tryton","Framework :: TurboGears","Framework :: TurboGears :: Applications","Framework :: TurboGears :: Widgets","Framework :: Twisted","Framework :: Wagtail","Framework :: Wagtail :: 1","Framework :: Wagtail :: 2","Framework :: Wagtail :: 3","Framework :: Wagtail :: 4","Framework :: Wagtail :: 5","Framework :: Wagtail :: 6","Framework :: Wagtail :: 7","Framework :: Wagtail :: 8","Framework :: ZODB","Framework :: Zope","Framework :: Zope2","Framework :: Zope3","Framework :: Zope :: 2","Framework :: Zope :: 3","Framework :: Zope :: 4","Framework :: Zope :: 5","Framework :: Zope :: 6","Framework :: aiohttp","Framework :: cocotb","Framework :: napari","Framework :: tox","Intended Audience :: Customer Service","Intended Audience :: Developers","Intended Audience :: Education","Intended Audience :: End Users/Desktop","Intended Audience :: Financial and Insurance Industry","Intended Audience :: Healthcare Industry","Intended Audience :: Information Technology","Intended Audience :: Legal Industry","Intended Audience :: Manufacturing","Intended Audience :: Other Audience","Intended Audience :: Religion","Intended Audience :: Science/Research","Intended Audience :: System Administrators","Intended Audience :: Telecommunications Industry","License :: Aladdin Free Public License (AFPL)","License :: CC0 1.0 Universal (CC0 1.0) Public Domain Dedication","License :: CeCILL-B Free Software License Agreement (CECILL-B)","License :: CeCILL-C Free Software License Agreement (CECILL-C)","License :: DFSG approved","License :: Eiffel Forum License (EFL)","License :: Free For Educational Use","License :: Free For Home Use","License :: Free To Use But Restricted","License :: Free for non-commercial use","License :: Freely Distributable","License :: Freeware","License :: GUST Font License 1.0","License :: GUST Font License 2006-09-30","License :: Netscape Public License (NPL)","License :: Nokia Open Source License (NOKOS)","License :: OSI Approved","License :: OSI Approved :: Academic Free License (AFL)","License :: OSI Approved :: Apache Software License","License :: OSI Approved :: Apple Public Source License","License :: OSI Approved :: Artistic License","License :: OSI Approved :: Attribution Assurance License","License :: OSI Approved :: BSD License","License :: OSI Approved :: Blue Oak Model License (BlueOak-1.0.0)","License :: OSI Approved :: Boost Software License 1.0 (BSL-1.0)","License :: OSI Approved :: CEA CNRS Inria Logiciel Libre License, version 2.1 (CeCILL-2.1)","License :: OSI Approved :: CMU License (MIT-CMU)","License :: OSI Approved :: Common Development and Distribution License 1.0 (CDDL-1.0)","License :: OSI Approved :: Common Public License","License :: OSI Approved :: Eclipse Public License 1.0 (EPL-1.0)","License :: OSI Approved :: Eclipse Public License 2.0 (EPL-2.0)","License :: OSI Approved :: Educational Community License, Version 2.0 (ECL-2.0)","License :: OSI Approved :: Eiffel Forum License","License :: OSI Approved :: European Union Public Licence 1.0 (EUPL 1.0)","License :: OSI Approved :: European Union Public Licence 1.1 (EUPL 1.1)","License :: OSI Approved :: European Union Public Licence 1.2 (EUPL 1.2)","License :: OSI Approved :: GNU Affero General Public License v3","License :: OSI Approved :: GNU Affero General Public License v3 or later (AGPLv3+)","License :: OSI Approved :: GNU Free Documentation License (FDL)","License :: OSI Approved :: GNU General Public License (GPL)","License :: OSI Approved :: GNU General Public License v2 (GPLv2)","License :: OSI Approved :: GNU General Public License v2 or later (GPLv2+)","License :: OSI Approved :: GNU General Public License v3 (GPLv3)","License :: OSI Approved :: GNU General Public License v3 or later (GPLv3+)","License :: OSI Approved :: GNU Lesser General Public License v2 (LGPLv2)","License :: OSI Approved :: GNU Lesser General Public License v2 or later (LGPLv2+)","License :: OSI Approved :: GNU Lesser General Public License v3 (LGPLv3)","License :: OSI Approved :: GNU Lesser General Public License v3 or later (LGPLv3+)","License :: OSI Approved :: GNU Library or Lesser General Public License (LGPL)","License :: OSI Approved :: Historical Permission Notice and Disclaimer (HPND)","License :: OSI Approved :: IBM Public License","License :: OSI Approved :: ISC License (ISCL)","License :: OSI Approved :: MIT License","License :: OSI Approved :: MIT No Attribution License (MIT-0)","License :: OSI Approved :: MirOS License (MirOS)","License :: OSI Approved :: Motosoto License","License :: OSI Approved :: Mozilla Public License 1.0 (MPL)","License :: OSI Approved :: Mozilla Public License 1.1 (MPL 1.1)","License :: OSI Approved :: Mozilla Public License 2.0 (MPL 2.0)","License :: OSI Approved :: Mulan Permissive Software License v2 (MulanPSL-2.0)","License :: OSI Approved :: NASA Open Source Agreement v1.3 (NASA-1.3)","License :: OSI Approved :: Nethack General Public License","License :: OSI Approved :: Nokia Open Source License","License :: OSI Approved :: Open Group Test Suite License","License :: OSI Approved :: Open Software License 3.0 (OSL-3.0)","License :: OSI Approved :: PostgreSQL License","License :: OSI Approved :: Python License (CNRI Python License)","License :: OSI Approved :: Python Software Foundation License","License :: OSI Approved :: Qt Public License (QPL)","License :: OSI Approved :: Ricoh Source Code Public License","License :: OSI Approved :: SIL Open Font License 1.1 (OFL-1.1)","License :: OSI Approved :: Sleepycat License","License :: OSI Approved :: Sun Public License","License :: OSI Approved :: The Unlicense (Unlicense)","License :: OSI Approved :: Universal Permissive License (UPL)","License :: OSI Approved :: University of Illinois/NCSA Open Source License","License :: OSI Approved :: Vovida Software License 1.0","License :: OSI Approved :: W3C License","License :: OSI Approved :: Zero-Clause BSD (0BSD)","License :: OSI Approved :: Zope Public License","License :: OSI Approved :: zlib/libpng License","License :: Other/Proprietary License","License :: Public Domain","License :: Repoze Public License","Natural Language :: Afrikaans","Natural Language :: Arabic","Natural Language :: Armenian","Natural Language :: Basque","Natural Language :: Bengali","Natural Language :: Bosnian","Natural Language :: Bulgarian","Natural Language :: Cantonese","Natural Language :: Catalan","Natural Language :: Catalan (Valencian)","Natural Language :: Chinese (Simplified)","Natural Language :: Chinese (Traditional)","Natural Language :: Croatian","Natural Language :: Czech","Natural Language :: Danish","Natural Language :: Dutch","Natural Language :: English","Natural Language :: Esperanto","Natural Language :: Estonian","Natural Language :: Finnish","Natural Language :: French","Natural Language :: Galician","Natural Language :: Georgian","Natural Language :: German","Natural Language :: Greek","Natural Language :: Hebrew","Natural Language :: Hindi","Natural Language :: Hungarian","Natural Language :: Icelandic","Natural Language :: Indonesian","Natural Language :: Irish","Natural Language :: Italian","Natural Language :: Japanese","Natural Language :: Javanese","Natural Language :: Korean","Natural Language :: Latin","Natural Language :: Latvian","Natural Language :: Lithuanian","Natural Language :: Macedonian","Natural Language :: Malay","Natural Language :: Marathi","Natural Language :: Nepali","Natural Language :: Norwegian","Natural Language :: Panjabi","Natural Language :: Persian","Natural Language :: Polish","Natural Language :: Portuguese","Natural Language :: Portuguese (Brazilian)","Natural Language :: Romanian","Natural Language :: Russian","Natural Language :: Serbian","Natural Language :: Slovak","Natural Language :: Slovenian","Natural Language :: Spanish","Natural Language :: Swedish","Natural Language :: Tamil","Natural Language :: Telugu","Natural Language :: Thai","Natural Language :: Tibetan","Natural Language :: Turkish","Natural Language :: Ukrainian","Natural Language :: Urdu","Natural Language :: Vietnamese","Natural Language :: Yiddish","Operating System :: Android","Operating System :: BeOS","Operating System :: MacOS","Operating System :: MacOS :: MacOS 9","Operating System :: MacOS :: MacOS X","Operating System :: Microsoft","Operating System :: Microsoft :: MS-DOS","Operating System :: Microsoft :: Windows","Operating System :: Microsoft :: Windows :: Windows 3.1 or Earlier","Operating System :: Microsoft :: Windows :: Windows 7","Operating System :: Microsoft :: Windows :: Windows 8","Operating System :: Microsoft :: Windows :: Windows 8.1","Operating System :: Microsoft :: Windows :: Windows 10","Operating System :: Microsoft :: Windows :: Windows 11","Operating System :: Microsoft :: Windows :: Windows 95/98/2000","Operating System :: Microsoft :: Windows :: Windows CE","Operating System :: Microsoft :: Windows :: Windows NT/2000","Operating System :: Microsoft :: Windows :: Windows Server 2003","Operating System :: Microsoft :: Windows :: Windows Server 2008","Operating System :: Microsoft :: Windows :: Windows Vista","Operating System :: Microsoft :: Windows :: Windows XP","Operating System :: OS Independent","Operating System :: OS/2","Operating System :: Other OS","Operating System :: PDA Systems","Operating System :: POSIX","Operating System :: POSIX :: AIX","Operating System :: POSIX :: BSD","Operating System :: POSIX :: BSD :: BSD/OS","Operating System :: POSIX :: BSD :: FreeBSD","Operating System :: POSIX :: BSD :: NetBSD","Operating System :: POSIX :: BSD :: OpenBSD","Operating System :: POSIX :: GNU Hurd","Operating System :: POSIX :: HP-UX","Operating System :: POSIX :: IRIX","Operating System :: POSIX :: Linux","Operating System :: POSIX :: Other","Operating System :: POSIX :: SCO","Operating System :: POSIX :: SunOS/Solaris","Operating System :: PalmOS","Operating System :: RISC OS","Operating System :: Unix","Operating System :: iOS","Programming Language :: APL","Programming Language :: ASP","Programming Language :: Ada","Programming Language :: Assembly","Programming Language :: Awk","Programming Language :: Basic","Programming Language :: C","Programming Language :: C#","Programming Language :: C++","Programming Language :: Cold Fusion","Programming Language :: Cython","Programming Language :: D","Programming Language :: Delphi/Kylix","Programming Language :: Dylan","Programming Language :: Eiffel","Programming Language :: Emacs-Lisp","Programming Language :: Erlang","Programming Language :: Euler","Programming Language :: Euphoria","Programming Language :: F#","Programming Language :: Forth","Programming Language :: Fortran","Programming Language :: Go","Programming Language :: Haskell","Programming Language :: Hy","Programming Language :: Java","Programming Language :: JavaScript","Programming Language :: Kotlin","Programming Language :: Lisp","Programming Language :: Logo","Programming Language :: Lua","Programming Language :: ML","Programming Language :: Modula","Programming Language :: OCaml","Programming Language :: Object Pascal","Programming Language :: Objective C","Programming Language :: Other","Programming Language :: Other Scripting Engines","Programming Language :: PHP","Programming Language :: PL/SQL","Programming Language :: PROGRESS","Programming Language :: Pascal","Programming Language :: Perl","Programming Language :: Pike","Programming Language :: Pliant","Programming Language :: Prolog","Programming Language :: Python","Programming Language :: Python :: 2","Programming Language :: Python :: 2 :: Only","Programming Language :: Python :: 2.3","Programming Language :: Python :: 2.4","Programming Language :: Python :: 2.5","Programming Language :: Python :: 2.6","Programming Language :: Python :: 2.7","Programming Language :: Python :: 3","Programming Language :: Python :: 3 :: Only","Programming Language :: Python :: 3.0","Programming Language :: Python :: 3.1","Programming Language :: Python :: 3.2","Programming Language :: Python :: 3.3","Programming Language :: Python :: 3.4","Programming Language :: Python :: 3.5","Programming Language :: Python :: 3.6","Programming Language :: Python :: 3.7","Programming Language :: Python :: 3.8","Programming Language :: Python :: 3.9","Programming Language :: Python :: 3.10","Programming Language :: Python :: 3.11","Programming Language :: Python :: 3.12","Programming Language :: Python :: 3.13","Programming Language :: Python :: 3.14","Programming Language :: Python :: 3.15","Programming Language :: Python :: 3.16","Programming Language :: Python :: Free Threading","Programming Language :: Python :: Free Threading :: 1 - Unstable","Programming Language :: Python :: Free Threading :: 2 - Beta","Programming Language :: Python :: Free Threading :: 3 - Stable","Programming Language :: Python :: Free Threading :: 4 - Resilient","Programming Language :: Python :: Implementation","Programming Language :: Python :: Implementation :: CPython","Programming Language :: Python :: Implementation :: GraalPy","Programming Language :: Python :: Implementation :: IronPython","Programming Language :: Python :: Implementation :: Jython","Programming Language :: Python :: Implementation :: MicroPython","Programming Language :: Python :: Implementation :: PyPy","Programming Language :: Python :: Implementation :: Stackless","Programming Language :: R","Programming Language :: REBOL","Programming Language :: Rexx","Programming Language :: Ruby","Programming Language :: Rust","Programming Language :: SQL","Programming Language :: Scheme","Programming Language :: Simula","Programming Language :: Smalltalk","Programming Language :: Tcl","Programming Language :: Unix Shell","Programming Language :: Visual Basic","Programming Language :: XBasic","Programming Language :: YACC","Programming Language :: Zig","Programming Language :: Zope","Topic :: Adaptive Technologies","Topic :: Artistic Software","Topic :: Communications","Topic :: Communications :: BBS","Topic :: Communications :: Chat","Topic :: Communications :: Chat :: ICQ","Topic :: Communications :: Chat :: Internet Relay Chat","Topic :: Communications :: Chat :: Unix Talk","Topic :: Communications :: Conferencing","Topic :: Communications :: Email","Topic :: Communications :: Email :: Address Book","Topic :: Communications :: Email :: Email Clients (MUA)","Topic :: Communications :: Email :: Filters","Topic :: Communications :: Email :: Mail Transport Agents","Topic :: Communications :: Email :: Mailing List Servers","Topic :: Communications :: Email :: Post-Office","Topic :: Communications :: Email :: Post-Office :: IMAP","Topic :: Communications :: Email :: Post-Office :: POP3","Topic :: Communications :: FIDO","Topic :: Communications :: Fax","Topic :: Communications :: File Sharing","Topic :: Communications :: File Sharing :: Gnutella","Topic :: Communications :: File Sharing :: Napster","Topic :: Communications :: Ham Radio","Topic :: Communications :: Internet Phone","Topic :: Communications :: Telephony","Topic :: Communications :: Usenet News","Topic :: Database","Topic :: Database :: Database Engines/Servers","Topic :: Database :: Front-Ends","Topic :: Desktop Environment","Topic :: Desktop Environment :: File Managers","Topic :: Desktop Environment :: GNUstep","Topic :: Desktop Environment :: Gnome","Topic :: Desktop Environment :: K Desktop Environment (KDE)","Topic :: Desktop Environment :: K Desktop Environment (KDE) :: Themes","Topic :: Desktop Environment :: PicoGUI","Topic :: Desktop Environment :: PicoGUI :: Applications","Topic :: Desktop Environment :: PicoGUI :: Themes","Topic :: Desktop Environment :: Screen Savers","Topic :: Desktop Environment :: Window Managers","Topic :: Desktop Environment :: Window Managers :: Afterstep","Topic :: Desktop Environment :: Window Managers :: Afterstep :: Themes","Topic :: Desktop Environment :: Window Managers :: Applets","Topic :: Desktop Environment :: Window Managers :: Blackbox","Topic :: Desktop Environment :: Window Managers :: Blackbox :: Themes","Topic :: Desktop Environment :: Window Managers :: CTWM","Topic :: Desktop Environment :: Window Managers :: CTWM :: Themes","Topic :: Desktop Environment :: Window Managers :: Enlightenment","Topic :: Desktop Environment :: Window Managers :: Enlightenment :: Epplets","Topic :: Desktop Environment :: Window Managers :: Enlightenment :: Themes DR15","Topic :: Desktop Environment :: Window Managers :: Enlightenment :: Themes DR16","Topic :: Desktop Environment :: Window Managers :: Enlightenment :: Themes DR17","Topic :: Desktop Environment :: Window Managers :: FVWM","Topic :: Desktop Environment :: Window Managers :: FVWM :: Themes","Topic :: Desktop Environment :: Window Managers :: Fluxbox","Topic :: Desktop Environment :: Window Managers :: Fluxbox :: Themes","Topic :: Desktop Environment :: Window Managers :: IceWM","Topic :: Desktop Environment :: Window Managers :: IceWM :: Themes","Topic :: Desktop Environment :: Window Managers :: MetaCity","Topic :: Desktop Environment :: Window Managers :: MetaCity :: Themes","Topic :: Desktop Environment :: Window Managers :: Oroborus","Topic :: Desktop Environment :: Window Managers :: Oroborus :: Themes","Topic :: Desktop Environment :: Window Managers :: Sawfish","Topic :: Desktop Environment :: Window Managers :: Sawfish :: Themes 0.30","Topic :: Desktop Environment :: Window Managers :: Sawfish :: Themes pre-0.30","Topic :: Desktop Environment :: Window Managers :: Waimea","Topic :: Desktop Environment :: Window Managers :: Waimea :: Themes","Topic :: Desktop Environment :: Window Managers :: Window Maker","Topic :: Desktop Environment :: Window Managers :: Window Maker :: Applets","Topic :: Desktop Environment :: Window Managers :: Window Maker :: Themes","Topic :: Desktop Environment :: Window Managers :: XFCE","Topic :: Desktop Environment :: Window Managers :: XFCE :: Themes","Topic :: Documentation","Topic :: Documentation :: Sphinx","Topic :: Education","Topic :: Education :: Computer Aided Instruction (CAI)","Topic :: Education :: Testing","Topic :: File Formats","Topic :: File Formats :: JSON","Topic :: File Formats :: JSON :: JSON Schema","Topic :: Games/Entertainment","Topic :: Games/Entertainment :: Arcade","Topic :: Games/Entertainment :: Board Games","Topic :: Games/Entertainment :: First Person Shooters","Topic :: Games/Entertainment :: Fortune Cookies","Topic :: Games/Entertainment :: Multi-User Dungeons (MUD)","Topic :: Games/Entertainment :: Puzzle Games","Topic :: Games/Entertainment :: Real Time Strategy","Topic :: Games/Entertainment :: Role-Playing","Topic :: Games/Entertainment :: Side-Scrolling/Arcade Games","Topic :: Games/Entertainment :: Simulation","Topic :: Games/Entertainment :: Turn Based Strategy","Topic :: Home Automation","Topic :: Internet","Topic :: Internet :: File Transfer Protocol (FTP)","Topic :: Internet :: Finger","Topic :: Internet :: Log Analysis","Topic :: Internet :: Name Service (DNS)","Topic :: Internet :: Proxy Servers","Topic :: Internet :: WAP","Topic :: Internet :: WWW/HTTP","Topic :: Internet :: WWW/HTTP :: Browsers","Topic :: Internet :: WWW/HTTP :: Dynamic Content","Topic :: Internet :: WWW/HTTP :: Dynamic Content :: CGI Tools/Libraries","Topic :: Internet :: WWW/HTTP :: Dynamic Content :: Content Management System","Topic :: Internet :: WWW/HTTP :: Dynamic Content :: Message Boards","Topic :: Internet :: WWW/HTTP :: Dynamic Content :: News/Diary","Topic :: Internet :: WWW/HTTP :: Dynamic Content :: Page Counters","Topic :: Internet :: WWW/HTTP :: Dynamic Content :: Wiki","Topic :: Internet :: WWW/HTTP :: HTTP Servers","Topic :: Internet :: WWW/HTTP :: Indexing/Search","Topic :: Internet :: WWW/HTTP :: Session","Topic :: Internet :: WWW/HTTP :: Site Management","Topic :: Internet :: WWW/HTTP :: Site Management :: Link Checking","Topic :: Internet :: WWW/HTTP :: WSGI","Topic :: Internet :: WWW/HTTP :: WSGI :: Application","Topic :: Internet :: WWW/HTTP :: WSGI :: Middleware","Topic :: Internet :: WWW/HTTP :: WSGI :: Server","Topic :: Internet :: XMPP","Topic :: Internet :: Z39.50","Topic :: Multimedia","Topic :: Multimedia :: Graphics","Topic :: Multimedia :: Graphics :: 3D Modeling","Topic :: Multimedia :: Graphics :: 3D Rendering","Topic :: Multimedia :: Graphics :: Capture","Topic :: Multimedia :: Graphics :: Capture :: Digital Camera","Topic :: Multimedia :: Graphics :: Capture :: Scanners","Topic :: Multimedia :: Graphics :: Capture :: Screen Capture","Topic :: Multimedia :: Graphics :: Editors","Topic :: Multimedia :: Graphics :: Editors :: Raster-Based","Topic :: Multimedia :: Graphics :: Editors :: Vector-Based","Topic :: Multimedia :: Graphics :: Graphics Conversion","Topic :: Multimedia :: Graphics :: Presentation","Topic :: Multimedia :: Graphics :: Viewers","Topic :: Multimedia :: Sound/Audio","Topic :: Multimedia :: Sound/Audio :: Analysis","Topic :: Multimedia :: Sound/Audio :: CD Audio","Topic :: Multimedia :: Sound/Audio :: CD Audio :: CD Playing","Topic :: Multimedia :: Sound/Audio :: CD Audio :: CD Ripping","Topic :: Multimedia :: Sound/Audio :: CD Audio :: CD Writing","Topic :: Multimedia :: Sound/Audio :: Capture/Recording","Topic :: Multimedia :: Sound/Audio :: Conversion","Topic :: Multimedia :: Sound/Audio :: Editors","Topic :: Multimedia :: Sound/Audio :: MIDI","Topic :: Multimedia :: Sound/Audio :: Mixers","Topic :: Multimedia :: Sound/Audio :: Players","Topic :: Multimedia :: Sound/Audio :: Players :: MP3","Topic :: Multimedia :: Sound/Audio :: Sound Synthesis","Topic :: Multimedia :: Sound/Audio :: Speech","Topic :: Multimedia :: Video","Topic :: Multimedia :: Video :: Capture","Topic :: Multimedia :: Video :: Conversion","Topic :: Multimedia :: Video :: Display","Topic :: Multimedia :: Video :: Non-Linear Editor","Topic :: Office/Business","Topic :: Office/Business :: Financial","Topic :: Office/Business :: Financial :: Accounting","Topic :: Office/Business :: Financial :: Investment","Topic :: Office/Business :: Financial :: Point-Of-Sale","Topic :: Office/Business :: Financial :: Spreadsheet","Topic :: Office/Business :: Groupware","Topic :: Office/Business :: News/Diary","Topic :: Office/Business :: Office Suites","Topic :: Office/Business :: Scheduling","Topic :: Other/Nonlisted Topic","Topic :: Printing","Topic :: Religion","Topic :: Scientific/Engineering","Topic :: Scientific/Engineering :: Artificial Intelligence","Topic :: Scientific/Engineering :: Artificial Life","Topic :: Scientific/Engineering :: Astronomy","Topic :: Scientific/Engineering :: Atmospheric Science","Topic :: Scientific/Engineering :: Bio-Informatics","Topic :: Scientific/Engineering :: Chemistry","Topic :: Scientific/Engineering :: Electronic Design Automation (EDA)","Topic :: Scientific/Engineering :: GIS","Topic :: Scientific/Engineering :: Human Machine Interfaces","Topic :: Scientific/Engineering :: Hydrology","Topic :: Scientific/Engineering :: Image Processing","Topic :: Scientific/Engineering :: Image Recognition","Topic :: Scientific/Engineering :: Information Analysis","Topic :: Scientific/Engineering :: Instrument Drivers","Topic :: Scientific/Engineering :: Instrument Drivers :: IVI Conformant","Topic :: Scientific/Engineering :: Interface Engine/Protocol Translator","Topic :: Scientific/Engineering :: Mathematics","Topic :: Scientific/Engineering :: Medical Science Apps.","Topic :: Scientific/Engineering :: Oceanography","Topic :: Scientific/Engineering :: Physics","Topic :: Scientific/Engineering :: Quantum Computing","Topic :: Scientific/Engineering :: Visualization","Topic :: Security","Topic :: Security :: Cryptography","Topic :: Sociology","Topic :: Sociology :: Genealogy","Topic :: Sociology :: History","Topic :: Software Development","Topic :: Software Development :: Assemblers","Topic :: Software Development :: Bug Tracking","Topic :: Software Development :: Build Tools","Topic :: Software Development :: Code Generators","Topic :: Software Development :: Compilers","Topic :: Software Development :: Debuggers","Topic :: Software Development :: Disassemblers","Topic :: Software Development :: Documentation","Topic :: Software Development :: Embedded Systems","Topic :: Software Development :: Embedded Systems :: Controller Area Network (CAN)","Topic :: Software Development :: Embedded Systems :: Controller Area Network (CAN) :: CANopen","Topic :: Software Development :: Embedded Systems :: Controller Area Network (CAN) :: J1939","Topic :: Software Development :: Internationalization","Topic :: Software Development :: Interpreters","Topic :: Software Development :: Libraries","Topic :: Software Development :: Libraries :: Application Frameworks","Topic :: Software Development :: Libraries :: Java Libraries","Topic :: Software Development :: Libraries :: PHP Classes","Topic :: Software Development :: Libraries :: Perl Modules","Topic :: Software Development :: Libraries :: Pike Modules","Topic :: Software Development :: Libraries :: Python Modules","Topic :: Software Development :: Libraries :: Ruby Modules","Topic :: Software Development :: Libraries :: Tcl Extensions","Topic :: Software Development :: Libraries :: pygame","Topic :: Software Development :: Localization","Topic :: Software Development :: Object Brokering","Topic :: Software Development :: Object Brokering :: CORBA","Topic :: Software Development :: Pre-processors","Topic :: Software Development :: Quality Assurance","Topic :: Software Development :: Testing","Topic :: Software Development :: Testing :: Acceptance","Topic :: Software Development :: Testing :: BDD","Topic :: Software Development :: Testing :: Mocking","Topic :: Software Development :: Testing :: Traffic Generation","Topic :: Software Development :: Testing :: Unit","Topic :: Software Development :: User Interfaces","Topic :: Software Development :: Version Control","Topic :: Software Development :: Version Control :: Bazaar","Topic :: Software Development :: Version Control :: CVS","Topic :: Software Development :: Version Control :: Git","Topic :: Software Development :: Version Control :: Mercurial","Topic :: Software Development :: Version Control :: RCS","Topic :: Software Development :: Version Control :: SCCS","Topic :: Software Development :: Widget Sets","Topic :: System","Topic :: System :: Archiving","Topic :: System :: Archiving :: Backup","Topic :: System :: Archiving :: Compression","Topic :: System :: Archiving :: Mirroring","Topic :: System :: Archiving :: Packaging","Topic :: System :: Benchmark","Topic :: System :: Boot","Topic :: System :: Boot :: Init","Topic :: System :: Clustering","Topic :: System :: Console Fonts","Topic :: System :: Distributed Computing","Topic :: System :: Emulators","Topic :: System :: Filesystems","Topic :: System :: Hardware","Topic :: System :: Hardware :: Hardware Drivers","Topic :: System :: Hardware :: Mainframes","Topic :: System :: Hardware :: Symmetric Multi-processing","Topic :: System :: Hardware :: Universal Serial Bus (USB)","Topic :: System :: Hardware :: Universal Serial Bus (USB) :: Audio","Topic :: System :: Hardware :: Universal Serial Bus (USB) :: Audio/Video (AV)","Topic :: System :: Hardware :: Universal Serial Bus (USB) :: Communications Device Class (CDC)","Topic :: System :: Hardware :: Universal Serial Bus (USB) :: Diagnostic Device","Topic :: System :: Hardware :: Universal Serial Bus (USB) :: Hub","Topic :: System :: Hardware :: Universal Serial Bus (USB) :: Human Interface Device (HID)","Topic :: System :: Hardware :: Universal Serial Bus (USB) :: Mass Storage","Topic :: System :: Hardware :: Universal Serial Bus (USB) :: Miscellaneous","Topic :: System :: Hardware :: Universal Serial Bus (USB) :: Printer","Topic :: System :: Hardware :: Universal Serial Bus (USB) :: Smart Card","Topic :: System :: Hardware :: Universal Serial Bus (USB) :: Vendor","Topic :: System :: Hardware :: Universal Serial Bus (USB) :: Video (UVC)","Topic :: System :: Hardware :: Universal Serial Bus (USB) :: Wireless Controller","Topic :: System :: Installation/Setup","Topic :: System :: Logging","Topic :: System :: Monitoring","Topic :: System :: Networking","Topic :: System :: Networking :: Firewalls","Topic :: System :: Networking :: Monitoring","Topic :: System :: Networking :: Monitoring :: Hardware Watchdog","Topic :: System :: Networking :: Time Synchronization","Topic :: System :: Operating System","Topic :: System :: Operating System Kernels","Topic :: System :: Operating System Kernels :: BSD","Topic :: System :: Operating System Kernels :: GNU Hurd","Topic :: System :: Operating System Kernels :: Linux","Topic :: System :: Power (UPS)","Topic :: System :: Recovery Tools","Topic :: System :: Shells","Topic :: System :: Software Distribution","Topic :: System :: System Shells","Topic :: System :: Systems Administration","Topic :: System :: Systems Administration :: Authentication/Directory","Topic :: System :: Systems Administration :: Authentication/Directory :: LDAP","Topic :: System :: Systems Administration :: Authentication/Directory :: NIS","Topic :: Terminals","Topic :: Terminals :: Serial","Topic :: Terminals :: Telnet","Topic :: Terminals :: Terminal Emulators/X Terminals","Topic :: Text Editors","Topic :: Text Editors :: Documentation","Topic :: Text Editors :: Emacs","Topic :: Text Editors :: Integrated Development Environments (IDE)","Topic :: Text Editors :: Text Processing","Topic :: Text Editors :: Word Processors","Topic :: Text Processing","Topic :: Text Processing :: Filters","Topic :: Text Processing :: Fonts","Topic :: Text Processing :: General","Topic :: Text Processing :: Indexing","Topic :: Text Processing :: Linguistic","Topic :: Text Processing :: Markup","Topic :: Text Processing :: Markup :: HTML","Topic :: Text Processing :: Markup :: LaTeX","Topic :: Text Processing :: Markup :: Markdown","Topic :: Text Processing :: Markup :: SGML","Topic :: Text Processing :: Markup :: VRML","Topic :: Text Processing :: Markup :: XML","Topic :: Text Processing :: Markup :: reStructuredText","Topic :: Utilities","Typing :: Stubs Only","Typing :: Typed"],"io":{"Framework :: Django CMS :: 4.2":["Framework :: Django CMS :: 5.0"],"License :: OSI Approved :: Intel Open Source License":[],"License :: OSI Approved :: Jabber Open Source License":[],"License :: OSI Approved :: MITRE Collaborative Virtual Workspace License (CVW)":[],"License :: OSI Approved :: Sun Industry Standards Source License (SISSL)":[],"License :: OSI Approved :: X.Net License":[],"Natural Language :: Ukranian":["Natural Language :: Ukrainian"],"Topic :: Communications :: Chat :: AOL Instant Messenger":[]}}');
;// CONCATENATED MODULE: ./src/warehouse/classifiers.ts
// The trove classifiers PyPI knows, and those it refuses as deprecated: warehouse checks every Classifier
// against trove_classifiers' all_classifiers and deprecated_classifiers (warehouse/forklift/metadata.py:162-190).
// The lists are generated into data/classifiers.json from the trove-classifiers package by
// scripts/refresh-pypi-data.mjs, which records the release they came from.

/** The trove-classifiers release the data was generated from (warehouse pins its own in requirements/main.txt). */
const CLASSIFIERS_SOURCE = {
    package: classifiers_namespaceObject.sP.F7,
    version: classifiers_namespaceObject.sP.rE
};
// Built on first use, not at import: trove_classifiers.all_classifiers (the current ones and the deprecated
// ones) and deprecated_classifiers.
let known;
let deprecated;
/** Whether PyPI knows the classifier (deprecated ones included): warehouse/forklift/metadata.py:163-166. */
function isKnownClassifier(c) {
    known ??= new Set([...classifiers_namespaceObject.bf, ...Object.keys(classifiers_namespaceObject.io)]);
    return known.has(c);
}
/**
 * The classifiers that replace a deprecated one, in trove_classifiers' order (warehouse prints them:
 * "use one of [...] instead", warehouse/forklift/metadata.py:175-182); [] when it is deprecated with no
 * replacement (metadata.py:184-189); undefined when it is not deprecated.
 */
function deprecatedClassifier(c) {
    deprecated ??= new Map(Object.entries(classifiers_namespaceObject.io));
    const replacements = deprecated.get(c);
    return replacements === undefined ? undefined : [...replacements];
}

;// CONCATENATED MODULE: ./src/warehouse/email.ts
// Author-email and Maintainer-email as warehouse judges them (warehouse/forklift/metadata.py:141-157): the
// address that Python's email.utils.parseaddr finds (CPython 3.14, strict=True, over email._parseaddr's
// AddrlistClass), then email_validator 2.3.0's validate_email(address, check_deliverability=False) with its
// defaults: SMTPUTF8 allowed, no quoted local part, no domain literal, no display name, globally deliverable.
//
// ASCII addresses follow email_validator exactly. For internationalized domains the UTS #46 mapping and the
// IDNA 2008 code point classes are derived from the Unicode properties JavaScript knows (NFKC, lower case,
// general categories, scripts) instead of idna's tables, and the Bidi rule's directions from scripts: the
// verdict may differ there (and so may the wording, which names idna's error). A character email_validator names by its
// Unicode name is named here only for spaces and invisible formatting characters; others print as U+XXXX.

// ---------------------------------------------------------------------------------------------------------
// email.utils.parseaddr (CPython 3.14, Lib/email/utils.py) over email/_parseaddr.py AddrlistClass
const SPECIALS = '()<>@,:;."[]';
const LWS = ' \t';
const CR = '\r\n';
const ATOMENDS = SPECIALS + LWS + CR;
const PHRASEENDS = ATOMENDS.replace('.', '');
const FWS = LWS + CR;
/** _parseaddr.quote: backslash-escape backslashes and double quotes. */
const quoteAddr = (text) => text.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
/** email._parseaddr.AddrlistClass: the address parser parseaddr uses, method for method. */
class AddrlistClass {
    field;
    pos = 0;
    commentlist = [];
    constructor(field) {
        this.field = field;
    }
    at() {
        return this.field[this.pos];
    }
    gotonext() {
        let ws = '';
        while (this.pos < this.field.length) {
            const c = this.at();
            if ((LWS + '\n\r').includes(c)) {
                if (!'\n\r'.includes(c))
                    ws += c;
                this.pos++;
            }
            else if (c === '(')
                this.commentlist.push(this.getcomment());
            else
                break;
        }
        return ws;
    }
    getaddrlist() {
        const result = [];
        while (this.pos < this.field.length) {
            const ad = this.getaddress();
            if (ad.length > 0)
                result.push(...ad);
            else
                result.push(['', '']);
        }
        return result;
    }
    getaddress() {
        this.commentlist = [];
        this.gotonext();
        const oldpos = this.pos;
        const oldcl = this.commentlist;
        const plist = this.getphraselist();
        this.gotonext();
        let returnlist = [];
        if (this.pos >= this.field.length) {
            if (plist.length > 0)
                returnlist = [[this.commentlist.join(' '), plist[0]]];
        }
        else if ('.@'.includes(this.at())) {
            this.pos = oldpos;
            this.commentlist = oldcl;
            const addrspec = this.getaddrspec();
            returnlist = [[this.commentlist.join(' '), addrspec]];
        }
        else if (this.at() === ':') {
            returnlist = [];
            const fieldlen = this.field.length;
            this.pos++;
            while (this.pos < this.field.length) {
                this.gotonext();
                if (this.pos < fieldlen && this.at() === ';') {
                    this.pos++;
                    break;
                }
                returnlist = returnlist.concat(this.getaddress());
            }
        }
        else if (this.at() === '<') {
            const routeaddr = this.getrouteaddr();
            if (this.commentlist.length > 0)
                returnlist = [[`${plist.join(' ')} (${this.commentlist.join(' ')})`, routeaddr]];
            else
                returnlist = [[plist.join(' '), routeaddr]];
        }
        else if (plist.length > 0) {
            returnlist = [[this.commentlist.join(' '), plist[0]]];
        }
        else if (SPECIALS.includes(this.at())) {
            this.pos++;
        }
        this.gotonext();
        if (this.pos < this.field.length && this.at() === ',')
            this.pos++;
        return returnlist;
    }
    getrouteaddr() {
        let expectroute = false;
        this.pos++;
        this.gotonext();
        let adlist = '';
        while (this.pos < this.field.length) {
            if (expectroute) {
                this.getdomain();
                expectroute = false;
            }
            else if (this.at() === '>') {
                this.pos++;
                break;
            }
            else if (this.at() === '@') {
                this.pos++;
                expectroute = true;
            }
            else if (this.at() === ':') {
                this.pos++;
            }
            else {
                adlist = this.getaddrspec();
                this.pos++;
                break;
            }
            this.gotonext();
        }
        return adlist;
    }
    getaddrspec() {
        const aslist = [];
        this.gotonext();
        while (this.pos < this.field.length) {
            let preserveWs = true;
            const c = this.at();
            if (c === '.') {
                if (aslist.length > 0 && aslist[aslist.length - 1].trim() === '')
                    aslist.pop();
                aslist.push('.');
                this.pos++;
                preserveWs = false;
            }
            else if (c === '"') {
                aslist.push(`"${quoteAddr(this.getquote())}"`);
            }
            else if (ATOMENDS.includes(c)) {
                if (aslist.length > 0 && aslist[aslist.length - 1].trim() === '')
                    aslist.pop();
                break;
            }
            else {
                aslist.push(this.getatom());
            }
            const ws = this.gotonext();
            if (preserveWs && ws)
                aslist.push(ws);
        }
        if (this.pos >= this.field.length || this.at() !== '@')
            return aslist.join('');
        aslist.push('@');
        this.pos++;
        this.gotonext();
        const domain = this.getdomain();
        // bpo-34155: an invalid domain gives an empty address, not the local part alone
        if (!domain)
            return '';
        return aslist.join('') + domain;
    }
    getdomain() {
        const sdlist = [];
        while (this.pos < this.field.length) {
            const c = this.at();
            if (LWS.includes(c))
                this.pos++;
            else if (c === '(')
                this.commentlist.push(this.getcomment());
            else if (c === '[')
                sdlist.push(this.getdomainliteral());
            else if (c === '.') {
                this.pos++;
                sdlist.push('.');
            }
            else if (c === '@')
                return '';
            else if (ATOMENDS.includes(c))
                break;
            else
                sdlist.push(this.getatom());
        }
        return sdlist.join('');
    }
    getdelimited(beginchar, endchars, allowcomments = true) {
        if (this.at() !== beginchar)
            return '';
        let out = '';
        let quote = false;
        this.pos++;
        while (this.pos < this.field.length) {
            const c = this.at();
            if (quote) {
                out += c;
                quote = false;
            }
            else if (endchars.includes(c)) {
                this.pos++;
                break;
            }
            else if (allowcomments && c === '(') {
                out += this.getcomment();
                continue;
            }
            else if (c === '\\')
                quote = true;
            else
                out += c;
            this.pos++;
        }
        return out;
    }
    getquote() {
        return this.getdelimited('"', '"\r', false);
    }
    getcomment() {
        return this.getdelimited('(', ')\r', true);
    }
    getdomainliteral() {
        return `[${this.getdelimited('[', ']\r', false)}]`;
    }
    getatom(atomends = ATOMENDS) {
        const start = this.pos;
        while (this.pos < this.field.length && !atomends.includes(this.at()))
            this.pos++;
        return this.field.slice(start, this.pos);
    }
    getphraselist() {
        const plist = [];
        while (this.pos < this.field.length) {
            const c = this.at();
            if (FWS.includes(c))
                this.pos++;
            else if (c === '"')
                plist.push(this.getquote());
            else if (c === '(')
                this.commentlist.push(this.getcomment());
            else if (PHRASEENDS.includes(c))
                break;
            else
                plist.push(this.getatom(PHRASEENDS));
        }
        return plist;
    }
}
/** utils._iter_escaped_chars: characters, a backslash and the one after it taken together. */
function* escapedChars(addr) {
    let escape = false;
    let pos = 0;
    for (pos = 0; pos < addr.length; pos++) {
        const ch = addr[pos];
        if (escape) {
            yield [pos, `\\${ch}`];
            escape = false;
        }
        else if (ch === '\\')
            escape = true;
        else
            yield [pos, ch];
    }
    if (escape)
        yield [pos - 1, '\\'];
}
/** utils._strip_quoted_realnames. */
function stripQuotedRealnames(addr) {
    if (!addr.includes('"'))
        return addr;
    let start = 0;
    let openPos;
    let result = '';
    for (const [pos, ch] of escapedChars(addr)) {
        if (ch !== '"')
            continue;
        if (openPos === undefined)
            openPos = pos;
        else {
            if (start !== openPos)
                result += addr.slice(start, openPos);
            start = pos + 1;
            openPos = undefined;
        }
    }
    if (start < addr.length)
        result += addr.slice(start);
    return result;
}
/** utils._check_parenthesis: parentheses outside quoted names balance. */
function parenthesesBalance(addr) {
    let opens = 0;
    for (const [, ch] of escapedChars(stripQuotedRealnames(addr))) {
        if (ch === '(')
            opens++;
        else if (ch === ')' && --opens < 0)
            return false;
    }
    return opens === 0;
}
/** email.utils.parseaddr(addr) in CPython 3.14 (strict): [realname, address], ['', ''] when it fails. */
function parseaddr(addr) {
    const checked = parenthesesBalance(addr) ? addr : "('', '')";
    const parsed = checked ? new AddrlistClass(checked).getaddrlist() : [];
    // a '[' left in an address means a domain literal failed to parse
    const addrs = parsed.map(([name, address]) => (address.includes('[') ? ['', ''] : [name, address]));
    if (addrs.length !== 1)
        return ['', ''];
    return addrs[0];
}
// ---------------------------------------------------------------------------------------------------------
// email_validator 2.3.0 (syntax.py, validate_email.py, rfc_constants.py)
/** email_validator.EmailSyntaxError: str() is the message warehouse prints. */
class EmailSyntaxError extends Error {
    name = 'EmailSyntaxError';
}
const ATEXT = "a-zA-Z0-9_!#\\$%&'\\*\\+\\-/=\\?\\^`\\{\\|\\}~";
const ATEXT_CHAR = new RegExp(`^[.${ATEXT}]$`);
const DOT_ATOM_TEXT = new RegExp(`^[${ATEXT}]+(?:\\.[${ATEXT}]+)*$`);
const ATEXT_INTL = `${ATEXT}\\u0080-\\u{10FFFF}`;
const ATEXT_INTL_DOT = new RegExp(`^[.${ATEXT_INTL}]$`, 'u');
const DOT_ATOM_TEXT_INTL = new RegExp(`^[${ATEXT_INTL}]+(?:\\.[${ATEXT_INTL}]+)*$`, 'u');
const ATEXT_HOSTNAME_INTL = /^[a-zA-Z0-9\-.\u0080-\u{10FFFF}]$/u;
const QTEXT_INTL = /^[\u0020-\u007E\u0080-\u{10FFFF}]$/u;
const EMAIL_MAX_LENGTH = 254;
const DOMAIN_MAX_LENGTH = 253;
const DNS_LABEL_LENGTH_LIMIT = 63;
// email_validator/__init__.py SPECIAL_USE_DOMAIN_NAMES
const SPECIAL_USE_DOMAIN_NAMES = ['arpa', 'invalid', 'local', 'localhost', 'onion', 'test'];
const CATEGORIES = ['Lu', 'Ll', 'Lt', 'Lm', 'Lo', 'Mn', 'Mc', 'Me', 'Nd', 'Nl', 'No', 'Zs', 'Zl', 'Zp', 'Cc', 'Cf', 'Cs', 'Co'].map(gc => [gc, new RegExp(`^\\p{${gc}}$`, 'u')]);
/** Python's unicodedata.category, as far as the checks below look at it (P and S only by their major class). */
function category(c) {
    if (/^[A-Za-z0-9]$/.test(c))
        return /[0-9]/.test(c) ? 'Nd' : 'L';
    for (const [gc, re] of CATEGORIES)
        if (re.test(c))
            return gc;
    if (/^\p{P}$/u.test(c))
        return 'P';
    if (/^\p{S}$/u.test(c))
        return 'S';
    return 'Cn';
}
// unicodedata.name() of the characters email_validator most often has to name (it names every character
// outside letters, numbers, punctuation and symbols); the rest print as U+XXXX here
const CHARACTER_NAMES = {
    0x20: 'SPACE',
    0xa0: 'NO-BREAK SPACE',
    0xad: 'SOFT HYPHEN',
    0x61c: 'ARABIC LETTER MARK',
    0x1680: 'OGHAM SPACE MARK',
    0x180e: 'MONGOLIAN VOWEL SEPARATOR',
    0x2000: 'EN QUAD',
    0x2001: 'EM QUAD',
    0x2002: 'EN SPACE',
    0x2003: 'EM SPACE',
    0x2004: 'THREE-PER-EM SPACE',
    0x2005: 'FOUR-PER-EM SPACE',
    0x2006: 'SIX-PER-EM SPACE',
    0x2007: 'FIGURE SPACE',
    0x2008: 'PUNCTUATION SPACE',
    0x2009: 'THIN SPACE',
    0x200a: 'HAIR SPACE',
    0x200b: 'ZERO WIDTH SPACE',
    0x200c: 'ZERO WIDTH NON-JOINER',
    0x200d: 'ZERO WIDTH JOINER',
    0x200e: 'LEFT-TO-RIGHT MARK',
    0x200f: 'RIGHT-TO-LEFT MARK',
    0x2028: 'LINE SEPARATOR',
    0x2029: 'PARAGRAPH SEPARATOR',
    0x202a: 'LEFT-TO-RIGHT EMBEDDING',
    0x202b: 'RIGHT-TO-LEFT EMBEDDING',
    0x202c: 'POP DIRECTIONAL FORMATTING',
    0x202d: 'LEFT-TO-RIGHT OVERRIDE',
    0x202e: 'RIGHT-TO-LEFT OVERRIDE',
    0x202f: 'NARROW NO-BREAK SPACE',
    0x205f: 'MEDIUM MATHEMATICAL SPACE',
    0x2060: 'WORD JOINER',
    0x2061: 'FUNCTION APPLICATION',
    0x2062: 'INVISIBLE TIMES',
    0x2063: 'INVISIBLE SEPARATOR',
    0x2064: 'INVISIBLE PLUS',
    0x2066: 'LEFT-TO-RIGHT ISOLATE',
    0x2067: 'RIGHT-TO-LEFT ISOLATE',
    0x2068: 'FIRST STRONG ISOLATE',
    0x2069: 'POP DIRECTIONAL ISOLATE',
    0x3000: 'IDEOGRAPHIC SPACE',
    0xfeff: 'ZERO WIDTH NO-BREAK SPACE',
    0x300: 'COMBINING GRAVE ACCENT',
    0x301: 'COMBINING ACUTE ACCENT',
    0x302: 'COMBINING CIRCUMFLEX ACCENT',
    0x303: 'COMBINING TILDE',
    0x308: 'COMBINING DIAERESIS',
    0x338: 'COMBINING LONG SOLIDUS OVERLAY'
};
/** syntax.py safe_character_display. */
function safeCharacterDisplay(c) {
    if (c === '\\')
        return `"${c}"`;
    if ('LNPS'.includes(category(c)[0]))
        return (0,python/* pyRepr */.n)(c);
    const code = c.codePointAt(0);
    const hex = code < 0xffff ? `U+${code.toString(16).toUpperCase().padStart(4, '0')}` : `U+${code.toString(16).toUpperCase().padStart(8, '0')}`;
    return CHARACTER_NAMES[code] ?? hex;
}
/** Python's sorted() of str: code point order. */
function sortPy(items) {
    return [...items].sort((a, b) => {
        const x = [...a].map(c => c.codePointAt(0));
        const y = [...b].map(c => c.codePointAt(0));
        for (let i = 0; i < Math.min(x.length, y.length); i++)
            if (x[i] !== y[i])
                return x[i] - y[i];
        return x.length - y.length;
    });
}
/** "X, Y" of the displayed characters that fail `ok`, sorted as Python sorts the set of displays. */
function badCharacters(text, ok) {
    const bad = new Set();
    for (const c of text)
        if (!ok(c))
            bad.add(safeCharacterDisplay(c));
    return bad.size > 0 ? sortPy(bad).join(', ') : undefined;
}
/** syntax.py split_email: display name, local part (unquoted), domain part, whether the local part was quoted. */
function splitEmail(email) {
    const splitAtUnquotedSpecial = (text, specials) => {
        let insideQuote = false;
        let escaped = false;
        let left = '';
        const chars = [...text];
        for (let i = 0; i < chars.length; i++) {
            const c = chars[i];
            // a character that combines with what follows is not special (NFC of the rest starts with something else)
            const composed = chars
                .slice(i, i + 16)
                .join('')
                .normalize('NFC');
            if ([...composed][0] !== c)
                left += c;
            else if (insideQuote) {
                left += c;
                if (c === '\\' && !escaped)
                    escaped = true;
                else if (c === '"' && !escaped) {
                    insideQuote = false;
                    escaped = false;
                }
                else
                    escaped = false;
            }
            else if (c === '"') {
                left += c;
                insideQuote = true;
            }
            else if (specials.includes(c))
                break;
            else
                left += c;
        }
        if (left.length === text.length) {
            if (text.includes('＠'))
                throw new EmailSyntaxError('The email address has the "full-width" at-sign (@) character instead of a regular at-sign.');
            if (text.includes('﹫'))
                throw new EmailSyntaxError('The email address has the "small commercial at" character instead of a regular at-sign.');
            throw new EmailSyntaxError('An email address must have an @-sign.');
        }
        return [left, text.slice(left.length)];
    };
    const unquote = (text) => {
        let quoted = false;
        let escaped = false;
        let value = '';
        const chars = [...text];
        for (let i = 0; i < chars.length; i++) {
            const c = chars[i];
            if (quoted) {
                if (escaped) {
                    value += c;
                    escaped = false;
                }
                else if (c === '\\')
                    escaped = true;
                else if (c === '"') {
                    if (i !== chars.length - 1) {
                        const extra = chars
                            .slice(i + 1)
                            .map(safeCharacterDisplay)
                            .join(', ');
                        throw new EmailSyntaxError(`Extra character(s) found after close quote: ${extra}`);
                    }
                    break;
                }
                else
                    value += c;
            }
            else if (i === 0 && c === '"')
                quoted = true;
            else
                value += c;
        }
        return [value, quoted];
    };
    let [left, right] = splitAtUnquotedSpecial(email, '@<');
    let displayName;
    let local;
    let domain;
    if (right.startsWith('<')) {
        left = left.replace(/[\s]+$/u, '');
        const [name, nameQuoted] = unquote(left);
        displayName = name;
        if (!nameQuoted) {
            const bad = badCharacters(name, c => (ATEXT_CHAR.test(c) || c === ' ') && c !== '.');
            if (bad)
                throw new EmailSyntaxError(`The display name contains invalid characters when not quoted: ${bad}.`);
        }
        checkUnsafeChars(name, true);
        if (!right.includes('>'))
            throw new EmailSyntaxError('An open angle bracket at the start of the email address has to be followed by a close angle bracket at the end.');
        right = right.replace(/ +$/, '');
        if (!right.endsWith('>'))
            throw new EmailSyntaxError("There can't be anything after the email address.");
        [local, domain] = splitAtUnquotedSpecial(right.slice(1).replace(/>+$/, ''), '@');
    }
    else {
        local = left;
        domain = right;
    }
    if (domain.startsWith('@'))
        domain = domain.slice(1);
    const [unquoted, quoted] = unquote(local);
    return displayName === undefined ? { local: unquoted, domain, quoted } : { displayName, local: unquoted, domain, quoted };
}
/** syntax.py check_unsafe_chars. */
function checkUnsafeChars(s, allowSpace = false) {
    const bad = new Set();
    [...s].forEach((c, i) => {
        const gc = category(c);
        if ('LNPS'.includes(gc[0]))
            return;
        if (gc[0] === 'M') {
            if (i === 0)
                bad.add(c);
        }
        else if (gc === 'Zs') {
            if (!allowSpace)
                bad.add(c);
        }
        else
            bad.add(c);
    });
    if (bad.size > 0)
        throw new EmailSyntaxError(`The email address contains unsafe characters: ${sortPy(bad).map(safeCharacterDisplay).join(', ')}.`);
}
/** syntax.py check_dot_atom. */
function checkDotAtom(label, startDescr, endDescr, isHostname) {
    if (label.endsWith('.'))
        throw new EmailSyntaxError(endDescr.replace('{}', 'period'));
    if (label.startsWith('.'))
        throw new EmailSyntaxError(startDescr.replace('{}', 'period'));
    if (label.includes('..'))
        throw new EmailSyntaxError('An email address cannot have two periods in a row.');
    if (isHostname) {
        if (label.endsWith('-'))
            throw new EmailSyntaxError(endDescr.replace('{}', 'hyphen'));
        if (label.startsWith('-'))
            throw new EmailSyntaxError(startDescr.replace('{}', 'hyphen'));
        if (label.includes('.-') || label.includes('-.'))
            throw new EmailSyntaxError('An email address cannot have a period and a hyphen next to each other.');
    }
}
/** syntax.py validate_email_local_part: the local part's normalized form and whether it needs SMTPUTF8. */
function validateLocalPart(local, quoted) {
    if (local.length === 0)
        throw new EmailSyntaxError('There must be something before the @-sign.');
    if (DOT_ATOM_TEXT.test(local))
        return { local, ascii: local };
    let valid;
    let smtputf8 = false;
    if (DOT_ATOM_TEXT_INTL.test(local)) {
        valid = 'dot-atom';
        smtputf8 = true;
    }
    else if (quoted) {
        const bad = badCharacters(local, c => QTEXT_INTL.test(c));
        if (bad)
            throw new EmailSyntaxError(`The email address contains invalid characters in quotes before the @-sign: ${bad}.`);
        if ([...local].some(c => c.codePointAt(0) < 32 || c.codePointAt(0) > 126))
            smtputf8 = true;
        valid = 'quoted';
    }
    if (valid) {
        checkUnsafeChars(local, valid === 'quoted');
        if (/\p{Cs}/u.test(local))
            throw new EmailSyntaxError('The email address contains an invalid character.');
        const normalized = valid === 'quoted' ? `"${local.replace(/["\\]/g, '\\$&')}"` : local;
        return smtputf8 ? { local: normalized } : { local: normalized, ascii: normalized };
    }
    const bad = badCharacters(local, c => ATEXT_INTL_DOT.test(c));
    if (bad)
        throw new EmailSyntaxError(`The email address contains invalid characters before the @-sign: ${bad}.`);
    checkDotAtom(local, 'An email address cannot start with a {}.', 'An email address cannot have a {} immediately before the @-sign.', false);
    throw new EmailSyntaxError('The email address contains invalid characters before the @-sign.');
}
/** syntax.py uts46_valid_char. */
function uts46ValidChar(char) {
    const c = char.codePointAt(0);
    if (c >= 0x80 && c <= 0x9f)
        return false;
    if ((c >= 0x2010 && c <= 0x2060 && !(c >= 0x2024 && c <= 0x2026) && !(c >= 0x2028 && c <= 0x202e)) ||
        c === 0xad ||
        c === 0x2064 ||
        c === 0xff0e ||
        (c >= 0x200b && c <= 0x200d) ||
        (c >= 0x1bca0 && c <= 0x1bca3)) {
        return true;
    }
    if (['Cf', 'Cn', 'Co', 'Cs', 'Zs', 'Zl', 'Zp'].includes(category(char)))
        return false;
    // characters whose decomposition holds a full stop (approximated by their compatibility decomposition)
    const decomposed = char.normalize('NFKD');
    if (decomposed !== char && decomposed.includes('.'))
        return false;
    return true;
}
/** idna.uts46_remap(domain, std3_rules=False): exact for ASCII; NFKC + lower case for the rest (see top). */
function uts46Remap(domain) {
    if (domain.length > 1024)
        throw new IdnaError('Domain too long');
    if (/^[\0-\x7f]*$/.test(domain))
        return domain.toLowerCase();
    return domain
        .replace(/[\u3002\uff0e\uff61]/g, '.')
        .replace(/[\p{Default_Ignorable_Code_Point}]/gu, c => (c === '\u200c' || c === '\u200d' ? c : ''))
        .normalize('NFKC')
        .toLowerCase()
        .normalize('NFKC')
        .normalize('NFC');
}
class IdnaError extends Error {
}
// ---- IDNA 2008 (idna 3.x core.py), approximated from Unicode properties where idna reads its tables
/** RFC 3492 Punycode. */
const punycode = {
    base: 36,
    adapt(delta, numPoints, first) {
        delta = first ? Math.floor(delta / 700) : delta >> 1;
        delta += Math.floor(delta / numPoints);
        let k = 0;
        while (delta > 455) {
            delta = Math.floor(delta / 35);
            k += 36;
        }
        return k + Math.floor((36 * delta) / (delta + 38));
    },
    digit(d) {
        return String.fromCharCode(d + 22 + 75 * (d < 26 ? 1 : 0));
    },
    encode(input) {
        const codes = [...input].map(c => c.codePointAt(0));
        let output = codes
            .filter(c => c < 0x80)
            .map(c => String.fromCharCode(c))
            .join('');
        const basic = output.length;
        let handled = basic;
        if (basic > 0)
            output += '-';
        let n = 128;
        let delta = 0;
        let bias = 72;
        while (handled < codes.length) {
            const m = Math.min(...codes.filter(c => c >= n));
            delta += (m - n) * (handled + 1);
            n = m;
            for (const c of codes) {
                if (c < n)
                    delta++;
                if (c !== n)
                    continue;
                let q = delta;
                for (let k = 36;; k += 36) {
                    const t = k <= bias ? 1 : k >= bias + 26 ? 26 : k - bias;
                    if (q < t)
                        break;
                    output += this.digit(t + ((q - t) % (36 - t)));
                    q = Math.floor((q - t) / (36 - t));
                }
                output += this.digit(q);
                bias = this.adapt(delta, handled + 1, handled === basic);
                delta = 0;
                handled++;
            }
            delta++;
            n++;
        }
        return output;
    },
    decode(input) {
        const output = [];
        const last = input.lastIndexOf('-');
        const basic = last < 0 ? 0 : last;
        for (let j = 0; j < basic; j++) {
            if (input.charCodeAt(j) >= 0x80)
                return undefined;
            output.push(input.charCodeAt(j));
        }
        let n = 128;
        let bias = 72;
        let i = 0;
        for (let index = basic > 0 ? basic + 1 : 0; index < input.length;) {
            const oldi = i;
            let w = 1;
            for (let k = 36;; k += 36) {
                if (index >= input.length)
                    return undefined;
                const c = input.charCodeAt(index++);
                const digit = c - 48 < 10 ? c - 22 : c - 65 < 26 ? c - 65 : c - 97 < 26 ? c - 97 : 36;
                if (digit >= 36)
                    return undefined;
                i += digit * w;
                if (i > 0x7fffffff)
                    return undefined;
                const t = k <= bias ? 1 : k >= bias + 26 ? 26 : k - bias;
                if (digit < t)
                    break;
                w *= 36 - t;
            }
            bias = this.adapt(i - oldi, output.length + 1, oldi === 0);
            n += Math.floor(i / (output.length + 1));
            i %= output.length + 1;
            if (n > 0x10ffff)
                return undefined;
            output.splice(i++, 0, n);
        }
        return String.fromCodePoint(...output);
    }
};
const VIRAMAS = /[\u094d\u09cd\u0a4d\u0acd\u0b4d\u0bcd\u0c4d\u0ccd\u0d4d\u0dca\u0e3a\u0f84\u1039\u103a\u1714\u1734\u17d2\u1a60\u1b44\u1baa\u1bab\ua806\ua8c4\ua953\uabed]/;
/** RFC 5892's derivation of a code point's IDNA 2008 class (idna reads the same result from idnadata). */
function idnaClass(c) {
    const cp = c.codePointAt(0);
    if ([0xdf, 0x3c2, 0x6fd, 0x6fe, 0xf0b, 0x3007].includes(cp))
        return 'PVALID';
    if ([0xb7, 0x375, 0x5f3, 0x5f4, 0x30fb].includes(cp) || (cp >= 0x660 && cp <= 0x669) || (cp >= 0x6f0 && cp <= 0x6f9))
        return 'CONTEXTO';
    if (cp === 0x200c || cp === 0x200d)
        return 'CONTEXTJ';
    if (/[a-z0-9-]/.test(c))
        return 'PVALID';
    if (/\p{Cn}/u.test(c))
        return 'DISALLOWED';
    if (c !== c.normalize('NFKC').toLowerCase().normalize('NFKC'))
        return 'DISALLOWED';
    if (/[\p{Default_Ignorable_Code_Point}\p{White_Space}\p{Noncharacter_Code_Point}]/u.test(c))
        return 'DISALLOWED';
    if ((cp >= 0x20d0 && cp <= 0x20ff) || (cp >= 0x1d100 && cp <= 0x1d24f))
        return 'DISALLOWED';
    if ((cp >= 0x1100 && cp <= 0x11ff) || (cp >= 0xa960 && cp <= 0xa97f) || (cp >= 0xd7b0 && cp <= 0xd7ff))
        return 'DISALLOWED';
    if (/[\p{Ll}\p{Lu}\p{Lo}\p{Nd}\p{Lm}\p{Mn}\p{Mc}]/u.test(c))
        return 'PVALID';
    return 'DISALLOWED';
}
const unot = (cp) => `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
// unicodedata.bidirectional, approximated from scripts and categories (JavaScript has no Bidi_Class property)
const BIDI_AL = /[\p{Script=Arabic}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Hanifi_Rohingya}]/u;
const BIDI_R = /[\p{Script=Hebrew}\p{Script=Samaritan}\p{Script=Mandaic}\p{Script=Nko}\p{Script=Adlam}\p{Script=Mende_Kikakui}]/u;
function bidiClass(c) {
    if (/[\p{Mn}\p{Me}]/u.test(c))
        return 'NSM';
    if (/[0-9\u06f0-\u06f9]/.test(c))
        return 'EN';
    if (/[\u0660-\u0669\u066b\u066c]/.test(c))
        return 'AN';
    if (c === '-')
        return 'ES';
    if (/[\p{L}\p{Nd}\p{Mc}]/u.test(c))
        return BIDI_AL.test(c) ? 'AL' : BIDI_R.test(c) ? 'R' : 'L';
    return 'ON';
}
/** idna check_bidi (RFC 5893), applied when the label holds a right-to-left character. */
function checkBidi(label) {
    const classes = [...label].map(bidiClass);
    if (!classes.some(d => d === 'R' || d === 'AL' || d === 'AN'))
        return;
    const rtl = classes[0] === 'R' || classes[0] === 'AL';
    if (!rtl && classes[0] !== 'L')
        throw new IdnaError(`First codepoint in label ${(0,python/* pyRepr */.n)(label)} must be directionality L, R or AL`);
    let validEnding = false;
    let numberType;
    for (const [i, d] of classes.entries()) {
        if (rtl) {
            if (!['R', 'AL', 'AN', 'EN', 'ES', 'CS', 'ET', 'ON', 'BN', 'NSM'].includes(d)) {
                throw new IdnaError(`Invalid direction for codepoint at position ${i + 1} in a right-to-left label`);
            }
            if (['R', 'AL', 'EN', 'AN'].includes(d))
                validEnding = true;
            else if (d !== 'NSM')
                validEnding = false;
            if (d === 'AN' || d === 'EN') {
                if (!numberType)
                    numberType = d;
                else if (numberType !== d)
                    throw new IdnaError('Can not mix numeral types in a right-to-left label');
            }
        }
        else {
            if (!['L', 'EN', 'ES', 'CS', 'ET', 'ON', 'BN', 'NSM'].includes(d)) {
                throw new IdnaError(`Invalid direction for codepoint at position ${i + 1} in a left-to-right label`);
            }
            if (d === 'L' || d === 'EN')
                validEnding = true;
            else if (d !== 'NSM')
                validEnding = false;
        }
    }
    if (!validEnding)
        throw new IdnaError('Label ends with illegal codepoint directionality');
}
/** idna check_label. */
function checkLabel(label) {
    if (label.length === 0)
        throw new IdnaError('Empty Label');
    if (label.normalize('NFC') !== label)
        throw new IdnaError('Label must be in Normalization Form C');
    const chars = [...label];
    if (chars.slice(2, 4).join('') === '--')
        throw new IdnaError('Label has disallowed hyphens in 3rd and 4th position');
    if (label.startsWith('-') || label.endsWith('-'))
        throw new IdnaError('Label must not start or end with a hyphen');
    if (/^\p{M}/u.test(label))
        throw new IdnaError('Label begins with an illegal combining character');
    chars.forEach((c, pos) => {
        const cp = c.codePointAt(0);
        const kind = idnaClass(c);
        if (kind === 'PVALID')
            return;
        if (kind === 'CONTEXTJ') {
            if (pos > 0 && VIRAMAS.test(chars[pos - 1]))
                return;
            throw new IdnaError(`Joiner ${unot(cp)} not allowed at position ${pos + 1} in ${(0,python/* pyRepr */.n)(label)}`);
        }
        if (kind === 'CONTEXTO') {
            if (contextoValid(chars, pos))
                return;
            throw new IdnaError(`Codepoint ${unot(cp)} not allowed at position ${pos + 1} in ${(0,python/* pyRepr */.n)(label)}`);
        }
        throw new IdnaError(`Codepoint ${unot(cp)} at position ${pos + 1} of ${(0,python/* pyRepr */.n)(label)} not allowed`);
    });
    checkBidi(label);
}
/** idna valid_contexto (RFC 5892 Appendix A). */
function contextoValid(chars, pos) {
    const cp = chars[pos].codePointAt(0);
    if (cp === 0xb7)
        return pos > 0 && pos < chars.length - 1 && chars[pos - 1] === 'l' && chars[pos + 1] === 'l';
    if (cp === 0x375)
        return pos < chars.length - 1 && /\p{Script=Greek}/u.test(chars[pos + 1]);
    if (cp === 0x5f3 || cp === 0x5f4)
        return pos > 0 && /\p{Script=Hebrew}/u.test(chars[pos - 1]);
    if (cp === 0x30fb)
        return chars.some(c => c !== '\u30fb' && /[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}]/u.test(c));
    if (cp >= 0x660 && cp <= 0x669)
        return !chars.some(c => /[\u06f0-\u06f9]/.test(c));
    if (cp >= 0x6f0 && cp <= 0x6f9)
        return !chars.some(c => /[\u0660-\u0669]/.test(c));
    return false;
}
/** idna ulabel. */
function ulabel(label) {
    if (!/^[\0-\x7f]*$/.test(label)) {
        checkLabel(label);
        return label;
    }
    const lower = label.toLowerCase();
    if (!lower.startsWith('xn--')) {
        checkLabel(lower);
        return lower;
    }
    const body = lower.slice(4);
    if (!body)
        throw new IdnaError('Malformed A-label, no Punycode eligible content found');
    if (body.endsWith('-'))
        throw new IdnaError('A-label must not end with a hyphen');
    const decoded = punycode.decode(body);
    if (decoded === undefined)
        throw new IdnaError('Invalid A-label');
    if (punycode.encode(decoded) !== body)
        throw new IdnaError('A-label is not the canonical Punycode encoding of its U-label');
    checkLabel(decoded);
    return decoded;
}
/** idna alabel. */
function alabel(label) {
    if (/^[\0-\x7f]*$/.test(label)) {
        ulabel(label);
        if (label.length > 63)
            throw new IdnaError('Label too long');
        return label;
    }
    checkLabel(label);
    const encoded = `xn--${punycode.encode(label)}`;
    if (encoded.length > 63)
        throw new IdnaError('Label too long');
    return encoded;
}
/** idna.decode / idna.encode (non-strict: the ideographic full stops separate labels too). */
function idnaLabels(domain) {
    if (domain.length > 254)
        throw new IdnaError('Domain too long');
    const labels = domain.split(/[.\u3002\uff0e\uff61]/);
    if (labels.length === 1 && labels[0] === '')
        throw new IdnaError('Empty domain');
    if (labels[labels.length - 1] === '')
        labels.pop();
    return labels;
}
function idnaDecode(domain) {
    return idnaLabels(domain)
        .map(label => {
        const u = ulabel(label);
        if (!u)
            throw new IdnaError('Empty label');
        return u;
    })
        .join('.');
}
function idnaEncode(domain) {
    return idnaLabels(domain)
        .map(label => {
        const a = alabel(label);
        if (!a)
            throw new IdnaError('Empty label');
        return a;
    })
        .join('.');
}
const HOSTNAME_LABEL = /^[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?$/;
const isHostname = (domain) => domain.split('.').every(label => HOSTNAME_LABEL.test(label));
/** "(N characters too many)". */
function lengthReason(text, limit) {
    const diff = [...text].length - limit;
    return `(${diff} character${diff > 1 ? 's' : ''} too many)`;
}
/** syntax.py validate_email_domain_name (test_environment=False, globally_deliverable=True). */
function validateDomainName(domain) {
    let bad = badCharacters(domain, c => ATEXT_HOSTNAME_INTL.test(c));
    if (bad)
        throw new EmailSyntaxError(`The part after the @-sign contains invalid characters: ${bad}.`);
    checkUnsafeChars(domain);
    bad = badCharacters(domain, uts46ValidChar);
    if (bad)
        throw new EmailSyntaxError(`The part after the @-sign contains invalid characters: ${bad}.`);
    const original = domain;
    try {
        domain = uts46Remap(domain);
    }
    catch (error) {
        throw new EmailSyntaxError(`The part after the @-sign contains invalid characters (${error.message}).`);
    }
    bad = badCharacters(domain, c => ATEXT_HOSTNAME_INTL.test(c));
    if (bad)
        throw new EmailSyntaxError(`The part after the @-sign contains invalid characters after Unicode normalization: ${bad}.`);
    checkDotAtom(domain, 'An email address cannot have a {} immediately after the @-sign.', 'An email address cannot end with a {}.', true);
    for (const label of domain.split('.')) {
        if (/^(?![xX][nN])[^\n][^\n]--/u.test(label)) {
            throw new EmailSyntaxError('An email address cannot have two letters followed by two dashes immediately after the @-sign or after a period, except Punycode.');
        }
    }
    let ascii;
    if (isHostname(domain))
        ascii = domain;
    else {
        try {
            ascii = domain.split('.').map(alabel).join('.');
        }
        catch (error) {
            throw new EmailSyntaxError(`The part after the @-sign is invalid (${error.message}).`);
        }
        if (!isHostname(ascii))
            throw new EmailSyntaxError('The email address contains invalid characters after the @-sign after IDNA encoding.');
    }
    if (ascii.length > DOMAIN_MAX_LENGTH) {
        if (ascii === original)
            throw new EmailSyntaxError(`The email address is too long after the @-sign ${lengthReason(ascii, DOMAIN_MAX_LENGTH)}.`);
        const diff = ascii.length - DOMAIN_MAX_LENGTH;
        throw new EmailSyntaxError(`The email address is too long after the @-sign (${diff} byte${diff === 1 ? '' : 's'} too many after IDNA encoding).`);
    }
    for (const label of ascii.split('.')) {
        if (label.length > DNS_LABEL_LENGTH_LIMIT) {
            throw new EmailSyntaxError(`After the @-sign, periods cannot be separated by so many characters ${lengthReason(label, DNS_LABEL_LENGTH_LIMIT)}.`);
        }
    }
    if (!ascii.includes('.'))
        throw new EmailSyntaxError('The part after the @-sign is not valid. It should have a period.');
    if (!/[A-Za-z]$/.test(ascii))
        throw new EmailSyntaxError('The part after the @-sign is not valid. It is not within a valid top-level domain.');
    for (const d of SPECIAL_USE_DOMAIN_NAMES) {
        if (ascii === d || ascii.endsWith(`.${d}`)) {
            throw new EmailSyntaxError('The part after the @-sign is a special-use or reserved name that cannot be used with email.');
        }
    }
    let unicode;
    try {
        unicode = idnaDecode(ascii);
    }
    catch (error) {
        throw new EmailSyntaxError(`The part after the @-sign is not valid IDNA (${error.message}).`);
    }
    bad = badCharacters(unicode, c => ATEXT_HOSTNAME_INTL.test(c));
    if (bad)
        throw new EmailSyntaxError(`The part after the @-sign contains invalid characters: ${bad}.`);
    checkUnsafeChars(unicode);
    try {
        idnaEncode(unicode);
    }
    catch (error) {
        throw new EmailSyntaxError(`The part after the @-sign became invalid after normalizing to international characters (${error.message}).`);
    }
    return { ascii, unicode };
}
/** syntax.py validate_email_length: the original, normalized and IDNA ASCII forms, in UTF-8 bytes. */
function validateLength(original, normalized, asciiForm) {
    const forms = [
        [original, undefined],
        [normalized, 'after normalization'],
        [asciiForm, 'when the part after the @-sign is converted to IDNA ASCII']
    ];
    for (const [addr, why] of forms) {
        const chars = [...addr].length;
        const bytes = Buffer.byteLength(addr, 'utf8');
        const diff = bytes - EMAIL_MAX_LENGTH;
        if (diff <= 0)
            continue;
        const s = diff > 1 ? 's' : '';
        let reason;
        if (why === undefined && chars === bytes)
            reason = lengthReason(addr, EMAIL_MAX_LENGTH);
        else if (why === undefined) {
            const widest = Math.max(...[...addr].map(c => Buffer.byteLength(c, 'utf8')));
            const least = Math.max(1, Math.floor(diff / widest));
            reason = least === diff ? `(${diff} character${s} too many)` : `(${least}-${diff} character${s} too many)`;
        }
        else
            reason = `${why} (${diff} byte${s} too many)`;
        throw new EmailSyntaxError(`The email address is too long ${reason}.`);
    }
}
/**
 * email_validator.validate_email(email, check_deliverability=False) with its default options: returns
 * undefined when valid, else the EmailSyntaxError's message (warehouse prints it after the address).
 */
function emailValidatorError(email) {
    try {
        validateEmail(email);
        return undefined;
    }
    catch (error) {
        if (error instanceof EmailSyntaxError)
            return error.message;
        throw error;
    }
}
function validateEmail(email) {
    const { displayName, local, domain, quoted } = splitEmail(email);
    const original = `${quoted ? `"${local}"` : local}@${domain}`;
    let localInfo = validateLocalPart(local, quoted);
    const nfc = localInfo.local.normalize('NFC');
    if (nfc !== localInfo.local) {
        try {
            validateLocalPart(nfc, quoted);
        }
        catch (error) {
            if (error instanceof EmailSyntaxError)
                throw new EmailSyntaxError(`After Unicode normalization: ${error.message}`);
            throw error;
        }
        localInfo = { ...localInfo, local: nfc };
    }
    if (quoted)
        throw new EmailSyntaxError('Quoting the part before the @-sign is not allowed here.');
    const mailboxes = [
        'info',
        'marketing',
        'sales',
        'support',
        'abuse',
        'noc',
        'security',
        'postmaster',
        'hostmaster',
        'usenet',
        'news',
        'webmaster',
        'www',
        'uucp',
        'ftp'
    ];
    if (localInfo.ascii !== undefined && mailboxes.includes(localInfo.ascii.toLowerCase())) {
        localInfo = { local: localInfo.local.toLowerCase(), ascii: localInfo.ascii.toLowerCase() };
    }
    if (domain.length === 0)
        throw new EmailSyntaxError('There must be something after the @-sign.');
    if (domain.startsWith('[') && domain.endsWith(']')) {
        // parseaddr blanks every address holding '[' before warehouse calls validate_email, so no domain literal
        // reaches here; if one did, email_validator refuses it by default
        throw new EmailSyntaxError('A bracketed IP address after the @-sign is not allowed here.');
    }
    const { ascii, unicode } = validateDomainName(domain);
    validateLength(original, `${localInfo.local}@${unicode}`, `${localInfo.ascii ?? localInfo.local}@${ascii}`);
    if (displayName !== undefined)
        throw new EmailSyntaxError('A display name and angle brackets around the email address are not permitted here.');
}
// ---------------------------------------------------------------------------------------------------------
// A Content-Type header as Python's email package reads it (email/_header_value_parser.py
// parse_content_type_header and headerregistry.ContentTypeHeader): packaging validates
// Description-Content-Type by storing it in an EmailMessage (packaging/metadata.py:_process_description_content_type).
// RFC 2047 encoded words inside the header are read as plain text here (Python decodes them).
/** An exception Python raises out of the parser (packaging catches ValueError and IndexError). */
class PythonParseError extends Error {
    name = 'PythonParseError';
}
class HeaderParseError extends Error {
}
const WSP = ' \t';
const CFWS_LEADER = WSP + '(';
const HV_SPECIALS = '()<>@,:;.\\"[]';
const PHRASE_ENDS = [...HV_SPECIALS].filter(c => !'."('.includes(c)).join('');
const TSPECIALS = [...(HV_SPECIALS + '/?=')].filter(c => c !== '.').join('');
const TOKEN_ENDS = TSPECIALS + WSP;
const ASPECIALS = TSPECIALS + "*'%";
const ATTRIBUTE_ENDS = ASPECIALS + WSP;
const EXTENDED_ATTRIBUTE_ENDS = [...ATTRIBUTE_ENDS].filter(c => c !== '%').join('');
const ATOM_ENDS = HV_SPECIALS + WSP;
/** Python's value[0] on a str: IndexError when it is empty. */
function head(value) {
    if (value === '')
        throw new PythonParseError('string index out of range');
    return value[0];
}
class Terminal {
    text;
    tokenType;
    cls;
    defects = [];
    constructor(text, tokenType, cls = 'ValueTerminal') {
        this.text = text;
        this.tokenType = tokenType;
        this.cls = cls;
    }
    get value() {
        return this.cls === 'WhiteSpaceTerminal' ? ' ' : this.text;
    }
    str() {
        return this.text;
    }
    repr() {
        return `${this.cls}(${(0,python/* pyRepr */.n)(this.text)})`;
    }
    allDefects(into = []) {
        into.push(...this.defects);
        return into;
    }
}
class TokenList {
    cls;
    tokenType;
    defects = [];
    items = [];
    // Parameter's extras
    sectioned = false;
    extended = false;
    charset = 'us-ascii';
    number = 0;
    constructor(cls, tokenType) {
        this.cls = cls;
        this.tokenType = tokenType;
    }
    push(...nodes) {
        this.items.push(...nodes);
        return this;
    }
    get value() {
        if (this.cls === 'CFWSList' || this.cls === 'Comment')
            return ' ';
        if (this.cls === 'BareQuotedString')
            return this.items.map(x => x.str()).join('');
        return this.items
            .map(x => x.value)
            .filter(v => v)
            .join('');
    }
    str() {
        const inner = () => this.items.map(x => x.str()).join('');
        if (this.cls === 'BareQuotedString')
            return `"${inner().replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
        if (this.cls === 'Comment') {
            const quoted = this.items.map(x => x instanceof TokenList && x.tokenType === 'comment' ? x.str() : x.str().replace(/\\/g, '\\\\').replace(/\(/g, '\\(').replace(/\)/g, '\\)'));
            return `(${quoted.join('')})`;
        }
        if (this.cls === 'MimeParameters') {
            const params = mimeParams(this).map(([name, value]) => (value ? `${name}="${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"` : name));
            return params.length > 0 ? ` ${params.join('; ')}` : '';
        }
        return inner();
    }
    repr() {
        return `${this.cls}([${this.items.map(x => x.repr()).join(', ')}])`;
    }
    /** all_defects: this list's own defects, then its children's, depth first. */
    allDefects(into = []) {
        into.push(...this.defects);
        for (const item of this.items)
            item.allDefects(into);
        return into;
    }
    /** QuotedString/Attribute/Value.stripped_value. */
    get strippedValue() {
        if (this.tokenType === 'attribute') {
            const text = this.items.find(x => x.tokenType.endsWith('attrtext'));
            return text?.value ?? '';
        }
        if (this.tokenType === 'value') {
            let token = this.items[0];
            if (token.tokenType === 'cfws')
                token = this.items[1];
            if (token instanceof TokenList && ['quoted-string', 'attribute', 'extended-attribute'].some(t => token.tokenType.endsWith(t)))
                return token.strippedValue;
            return this.value;
        }
        const bare = this.items.find(x => x.tokenType === 'bare-quoted-string');
        return bare?.value ?? '';
    }
    get sectionNumber() {
        return this.sectioned ? this.items[1].number : 0;
    }
    /** Parameter.param_value. */
    get paramValue() {
        for (const token of this.items) {
            if (token.tokenType === 'value' && token instanceof TokenList)
                return token.strippedValue;
            if (token.tokenType === 'quoted-string' && token instanceof TokenList) {
                for (const inner of token.items) {
                    if (inner.tokenType !== 'bare-quoted-string' || !(inner instanceof TokenList))
                        continue;
                    for (const v of inner.items)
                        if (v.tokenType === 'value' && v instanceof TokenList)
                            return v.strippedValue;
                }
            }
        }
        return '';
    }
}
const nonPrintables = (text) => text.match(/[\x00-\x20\x7f]/g) ?? [];
/** _validate_xtext: non-printable ASCII is a defect (surrogates cannot come from a form field). */
function validateXtext(token) {
    const found = nonPrintables(token.text);
    if (found.length > 0)
        token.defects.push(`the following ASCII non-printables found in header: [${found.map(python/* pyRepr */.n).join(', ')}]`);
    return token;
}
/** A run of characters not in `ends`, as the _non_*_end_matcher patterns take it. */
function runNotIn(value, ends) {
    let i = 0;
    while (i < value.length && !ends.includes(value[i]))
        i++;
    return value.slice(0, i);
}
/**
 * _get_ptext_to_endchars: up to an end character or whitespace, quoted pairs unquoted. (Python splits at the
 * first whitespace first; scanning only as far as the text is consumed gives the same result in linear time.)
 */
function ptextToEndchars(value, endchars) {
    let vchars = '';
    let escape = false;
    let pos = 0;
    for (; pos < value.length; pos++) {
        const c = value[pos];
        if (c === ' ' || c === '\t')
            break;
        if (c === '\\') {
            if (escape)
                escape = false;
            else {
                escape = true;
                continue;
            }
        }
        if (escape)
            escape = false;
        else if (endchars.includes(c))
            break;
        vchars += c;
    }
    return [vchars, value.slice(pos)];
}
const LEADING_PY_SPACE = /[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*/y;
/** get_fws: value.lstrip() (Python's whitespace) as the token, the rest after it. */
function getFws(value) {
    LEADING_PY_SPACE.lastIndex = 0;
    const length = LEADING_PY_SPACE.exec(value)[0].length;
    return [new Terminal(value.slice(0, length), 'fws', 'WhiteSpaceTerminal'), value.slice(length)];
}
function getQpCtext(value) {
    const [ptext, rest] = ptextToEndchars(value, '()');
    return [validateXtext(new Terminal(ptext, 'ptext', 'WhiteSpaceTerminal')), rest];
}
function getQcontent(value) {
    const [ptext, rest] = ptextToEndchars(value, '"');
    return [validateXtext(new Terminal(ptext, 'ptext')), rest];
}
function getAtext(value) {
    const atext = runNotIn(value, ATOM_ENDS);
    if (!atext)
        throw new HeaderParseError(`expected atext but found '${value}'`);
    return [validateXtext(new Terminal(atext, 'atext')), value.slice(atext.length)];
}
function getBareQuotedString(value) {
    if (head(value) !== '"')
        throw new HeaderParseError(`expected '"' but found '${value}'`);
    const bare = new TokenList('BareQuotedString', 'bare-quoted-string');
    value = value.slice(1);
    if (value && value[0] === '"') {
        const [token, rest] = getQcontent(value);
        bare.push(token);
        value = rest;
    }
    while (value && value[0] !== '"') {
        const [token, rest] = WSP.includes(value[0]) ? getFws(value) : getQcontent(value);
        bare.push(token);
        value = rest;
    }
    if (!value) {
        bare.defects.push('end of header inside quoted string');
        return [bare, value];
    }
    return [bare, value.slice(1)];
}
function getComment(value) {
    if (value && value[0] !== '(')
        throw new HeaderParseError(`expected '(' but found '${value}'`);
    const comment = new TokenList('Comment', 'comment');
    value = value.slice(1);
    while (value && value[0] !== ')') {
        const [token, rest] = WSP.includes(value[0]) ? getFws(value) : value[0] === '(' ? getComment(value) : getQpCtext(value);
        comment.push(token);
        value = rest;
    }
    if (!value) {
        comment.defects.push('end of header inside comment');
        return [comment, value];
    }
    return [comment, value.slice(1)];
}
function getCfws(value) {
    const cfws = new TokenList('CFWSList', 'cfws');
    while (value && CFWS_LEADER.includes(value[0])) {
        const [token, rest] = WSP.includes(value[0]) ? getFws(value) : getComment(value);
        cfws.push(token);
        value = rest;
    }
    return [cfws, value];
}
function getQuotedString(value) {
    const quoted = new TokenList('QuotedString', 'quoted-string');
    if (value && CFWS_LEADER.includes(value[0])) {
        const [token, rest] = getCfws(value);
        quoted.push(token);
        value = rest;
    }
    const [bare, rest] = getBareQuotedString(value);
    quoted.push(bare);
    value = rest;
    if (value && CFWS_LEADER.includes(value[0])) {
        const [token, rest2] = getCfws(value);
        quoted.push(token);
        value = rest2;
    }
    return [quoted, value];
}
function getAtom(value) {
    const atom = new TokenList('Atom', 'atom');
    if (value && CFWS_LEADER.includes(value[0])) {
        const [token, rest] = getCfws(value);
        atom.push(token);
        value = rest;
    }
    if (value && ATOM_ENDS.includes(value[0]))
        throw new HeaderParseError(`expected atom but found '${value}'`);
    const [token, rest] = getAtext(value);
    atom.push(token);
    value = rest;
    if (value && CFWS_LEADER.includes(value[0])) {
        const [cfws, rest2] = getCfws(value);
        atom.push(cfws);
        value = rest2;
    }
    return [atom, value];
}
function getWord(value) {
    let leader;
    if (CFWS_LEADER.includes(head(value)))
        [leader, value] = getCfws(value);
    if (!value)
        throw new HeaderParseError("Expected 'atom' or 'quoted-string' but found nothing.");
    let token;
    if (value[0] === '"')
        [token, value] = getQuotedString(value);
    else if (HV_SPECIALS.includes(value[0]))
        throw new HeaderParseError(`Expected 'atom' or 'quoted-string' but found '${value}'`);
    else
        [token, value] = getAtom(value);
    if (leader)
        token.items.unshift(leader);
    return [token, value];
}
function getPhrase(value) {
    const phrase = new TokenList('Phrase', 'phrase');
    try {
        const [token, rest] = getWord(value);
        phrase.push(token);
        value = rest;
    }
    catch (error) {
        if (!(error instanceof HeaderParseError))
            throw error;
        phrase.defects.push('phrase does not start with word');
    }
    while (value && !PHRASE_ENDS.includes(value[0])) {
        if (value[0] === '.') {
            phrase.push(new Terminal('.', 'dot'));
            phrase.defects.push("period in 'phrase'");
            value = value.slice(1);
            continue;
        }
        try {
            const [token, rest] = getWord(value);
            phrase.push(token);
            value = rest;
        }
        catch (error) {
            if (!(error instanceof HeaderParseError) || !CFWS_LEADER.includes(value[0]))
                throw error;
            const [token, rest] = getCfws(value);
            phrase.defects.push('comment found without atom');
            phrase.push(token);
            value = rest;
        }
    }
    return [phrase, value];
}
function getInvalidParameter(value) {
    const invalid = new TokenList('InvalidParameter', 'invalid-parameter');
    while (value && value[0] !== ';') {
        if (PHRASE_ENDS.includes(value[0])) {
            invalid.push(new Terminal(value[0], 'misplaced-special'));
            value = value.slice(1);
        }
        else {
            const [token, rest] = getPhrase(value);
            invalid.push(token);
            value = rest;
        }
    }
    return [invalid, value];
}
function getTtext(value) {
    const ttext = runNotIn(value, TOKEN_ENDS);
    if (!ttext)
        throw new HeaderParseError(`expected ttext but found '${value}'`);
    return [validateXtext(new Terminal(ttext, 'ttext')), value.slice(ttext.length)];
}
function getToken(value) {
    const token = new TokenList('Token', 'token');
    if (value && CFWS_LEADER.includes(value[0])) {
        const [cfws, rest] = getCfws(value);
        token.push(cfws);
        value = rest;
    }
    if (value && TOKEN_ENDS.includes(value[0]))
        throw new HeaderParseError(`expected token but found '${value}'`);
    const [ttext, rest] = getTtext(value);
    token.push(ttext);
    value = rest;
    if (value && CFWS_LEADER.includes(value[0])) {
        const [cfws, rest2] = getCfws(value);
        token.push(cfws);
        value = rest2;
    }
    return [token, value];
}
function getAttrtext(value, extended = false) {
    const text = runNotIn(value, extended ? EXTENDED_ATTRIBUTE_ENDS : ATTRIBUTE_ENDS);
    if (!text)
        throw new HeaderParseError(`expected ${extended ? 'extended ' : ''}attrtext but found ${(0,python/* pyRepr */.n)(value)}`);
    return [validateXtext(new Terminal(text, extended ? 'extended-attrtext' : 'attrtext')), value.slice(text.length)];
}
function getAttribute(value, extended = false) {
    const attribute = new TokenList('Attribute', 'attribute');
    if (value && CFWS_LEADER.includes(value[0])) {
        const [cfws, rest] = getCfws(value);
        attribute.push(cfws);
        value = rest;
    }
    if (value && (extended ? EXTENDED_ATTRIBUTE_ENDS : ATTRIBUTE_ENDS).includes(value[0]))
        throw new HeaderParseError(`expected token but found '${value}'`);
    const [text, rest] = getAttrtext(value, extended);
    attribute.push(text);
    value = rest;
    if (value && CFWS_LEADER.includes(value[0])) {
        const [cfws, rest2] = getCfws(value);
        attribute.push(cfws);
        value = rest2;
    }
    return [attribute, value];
}
// str.isdigit(): decimal digits, and the superscript/subscript/circled digits int() then refuses
const PY_DIGIT = /^[\p{Nd}\u00b2\u00b3\u00b9\u2070\u2074-\u2079\u2080-\u2089\u2460-\u2468\u2474-\u247c\u2488-\u2490\u24ea\u24f5-\u24fd\u24ff\u2776-\u277e\u2780-\u2788\u278a-\u2792]$/u;
function getSection(value) {
    const section = new TokenList('Section', 'section');
    if (!value || value[0] !== '*')
        throw new HeaderParseError(`Expected section but found ${value}`);
    section.push(new Terminal('*', 'section-marker'));
    value = value.slice(1);
    const chars = [...value];
    if (chars.length === 0 || !PY_DIGIT.test(chars[0]))
        throw new HeaderParseError(`Expected section number but found ${value}`);
    let digits = '';
    while (chars.length > 0 && PY_DIGIT.test(chars[0]))
        digits += chars.shift();
    value = chars.join('');
    if (digits[0] === '0' && digits !== '0')
        section.defects.push('section number has an invalid leading 0');
    // int() takes decimal digits of any script, but no superscript or circled digit
    if (![...digits].every(d => /\p{Nd}/u.test(d)))
        throw new PythonParseError(`invalid literal for int() with base 10: ${(0,python/* pyRepr */.n)(digits)}`);
    // digits of other scripts count as 0 here (Python takes their value): it only orders RFC 2231 sections
    section.number = Number([...digits].map(d => (/[0-9]/.test(d) ? d : '0')).join(''));
    section.push(new Terminal(digits, 'digits'));
    return [section, value];
}
function getValue(value) {
    const v = new TokenList('Value', 'value');
    if (!value)
        throw new HeaderParseError('Expected value but found end of string');
    let leader;
    if (CFWS_LEADER.includes(value[0]))
        [leader, value] = getCfws(value);
    if (!value)
        throw new HeaderParseError(`Expected value but found only ${leader.str()}`);
    let token;
    if (value[0] === '"')
        [token, value] = getQuotedString(value);
    else
        [token, value] = getAttribute(value, true);
    if (leader)
        token.items.unshift(leader);
    v.push(token);
    return [v, value];
}
function getParameter(value) {
    const param = new TokenList('Parameter', 'parameter');
    const [attribute, afterAttribute] = getAttribute(value);
    let token = attribute;
    value = afterAttribute;
    param.push(token);
    if (!value || value[0] === ';') {
        param.defects.push(`Parameter contains name (${token.str()}) but no value`);
        return [param, value];
    }
    if (value[0] === '*') {
        try {
            ;
            [token, value] = getSection(value);
            param.sectioned = true;
            param.push(token);
        }
        catch (error) {
            if (!(error instanceof HeaderParseError))
                throw error;
        }
        if (!value)
            throw new HeaderParseError('Incomplete parameter');
        if (value[0] === '*') {
            param.push(new Terminal('*', 'extended-parameter-marker'));
            value = value.slice(1);
            param.extended = true;
        }
    }
    if (head(value) !== '=')
        throw new HeaderParseError("Parameter not followed by '='");
    param.push(new Terminal('=', 'parameter-separator'));
    value = value.slice(1);
    if (value && CFWS_LEADER.includes(value[0])) {
        const [cfws, rest2] = getCfws(value);
        param.push(cfws);
        value = rest2;
    }
    let remainder;
    let appendto = param;
    if (param.extended && value && value[0] === '"') {
        // _header_value_parser.py: the common invalid case of double quotes around an extended value
        const [qstring, rest2] = getQuotedString(value);
        remainder = rest2;
        const inner = qstring.strippedValue;
        let semiValid = false;
        if (param.sectionNumber === 0) {
            if (inner && inner[0] === "'")
                semiValid = true;
            else {
                const [, after] = getAttrtext(inner);
                if (after && after[0] === "'")
                    semiValid = true;
            }
        }
        else {
            try {
                const [, after] = getAttrtext(inner, true);
                if (!after)
                    semiValid = true;
            }
            catch {
                // Python's bare except: not semi-valid
            }
        }
        if (semiValid) {
            param.defects.push('Quoted string value for extended parameter is invalid');
            param.push(qstring);
            for (const t of qstring.items) {
                if (t.tokenType === 'bare-quoted-string' && t instanceof TokenList) {
                    t.items = [];
                    appendto = t;
                    break;
                }
            }
            value = inner;
        }
        else {
            remainder = undefined;
            param.defects.push('Parameter marked as extended but appears to have a quoted string value that is non-encoded');
        }
    }
    let valueToken;
    if (value && value[0] === "'")
        valueToken = undefined;
    else
        [valueToken, value] = getValue(value);
    if (!param.extended || param.sectionNumber > 0) {
        if (!value || value[0] !== "'") {
            appendto.push(valueToken);
            if (remainder !== undefined)
                value = remainder;
            return [param, value];
        }
        param.defects.push('Apparent initial-extended-value but attribute was not marked as extended or was not initial section');
    }
    if (!value) {
        param.defects.push('Missing required charset/lang delimiters');
        appendto.push(valueToken);
        if (remainder === undefined)
            return [param, value];
    }
    else {
        if (valueToken !== undefined) {
            let t;
            for (t of valueToken.items)
                if (t.tokenType === 'extended-attrtext')
                    break;
            appendto.push(t);
            param.charset = t.value;
        }
        if (value[0] !== "'")
            throw new HeaderParseError(`Expected RFC2231 char/lang encoding delimiter, but found ${(0,python/* pyRepr */.n)(value)}`);
        appendto.push(new Terminal("'", 'RFC2231-delimiter'));
        value = value.slice(1);
        if (value && value[0] !== "'") {
            const [lang, rest2] = getAttrtext(value);
            appendto.push(lang);
            value = rest2;
            if (!value || value[0] !== "'")
                throw new HeaderParseError(`Expected RFC2231 char/lang encoding delimiter, but found ${value}`);
        }
        appendto.push(new Terminal("'", 'RFC2231-delimiter'));
        value = value.slice(1);
    }
    let last;
    if (remainder !== undefined) {
        last = new TokenList('Value', 'value');
        while (value) {
            let piece;
            if (WSP.includes(value[0]))
                [piece, value] = getFws(value);
            else if (value[0] === '"') {
                piece = new Terminal('"', 'DQUOTE');
                value = value.slice(1);
            }
            else
                [piece, value] = getQcontent(value);
            last.push(piece);
        }
    }
    else
        [last, value] = getValue(value);
    appendto.push(last);
    if (remainder !== undefined)
        value = remainder;
    return [param, value];
}
function parseMimeParameters(value) {
    const params = new TokenList('MimeParameters', 'mime-parameters');
    while (value) {
        try {
            const [token, rest] = getParameter(value);
            params.push(token);
            value = rest;
        }
        catch (error) {
            if (!(error instanceof HeaderParseError))
                throw error;
            let leader;
            if (CFWS_LEADER.includes(value[0]))
                [leader, value] = getCfws(value);
            if (!value) {
                params.push(leader);
                return params;
            }
            if (value[0] === ';') {
                if (leader)
                    params.push(leader);
                params.defects.push('parameter entry with no content');
            }
            else {
                const [token, rest] = getInvalidParameter(value);
                if (leader)
                    token.items.unshift(leader);
                value = rest;
                params.push(token);
                params.defects.push(`invalid parameter ${token.repr()}`);
            }
        }
        if (value && value[0] !== ';') {
            const param = params.items[params.items.length - 1];
            param.tokenType = 'invalid-parameter';
            const [token, rest] = getInvalidParameter(value);
            param.items.push(...token.items);
            value = rest;
            params.defects.push(`parameter with invalid trailing text ${token.repr()}`);
        }
        if (value) {
            params.push(new Terminal(';', 'parameter-separator'));
            value = value.slice(1);
        }
    }
    return params;
}
function findMimeParameters(list, value) {
    while (value && value[0] !== ';') {
        if (PHRASE_ENDS.includes(value[0])) {
            list.push(new Terminal(value[0], 'misplaced-special'));
            value = value.slice(1);
        }
        else {
            const [token, rest] = getPhrase(value);
            list.push(token);
            value = rest;
        }
    }
    if (!value)
        return;
    list.push(new Terminal(';', 'parameter-separator'));
    list.push(parseMimeParameters(value.slice(1)));
}
/** MimeParameters.params: RFC 2231 sections joined, duplicates dropped (with the defects Python records then). */
function mimeParams(list) {
    const byName = new Map();
    for (const token of list.items) {
        if (!(token instanceof TokenList) || !token.tokenType.endsWith('parameter'))
            continue;
        if (token.items[0]?.tokenType !== 'attribute')
            continue;
        const name = token.items[0].value.replace(/^[\s]+|[\s]+$/gu, '');
        if (!byName.has(name))
            byName.set(name, []);
        byName.get(name).push([token.sectionNumber, token]);
    }
    const out = [];
    for (const [name, found] of byName) {
        let parts = [...found].sort((a, b) => a[0] - b[0]);
        const first = parts[0][1];
        if (!first.extended && parts.length > 1 && parts[1][0] === 0) {
            parts[1][1].defects.push('duplicate parameter name; duplicate(s) ignored');
            parts = parts.slice(0, 1);
        }
        const values = [];
        let i = 0;
        for (const [sectionNumber, param] of parts) {
            if (sectionNumber !== i) {
                if (!param.extended) {
                    param.defects.push('duplicate parameter name; duplicate ignored');
                    continue;
                }
                param.defects.push('inconsistent RFC2231 parameter numbering');
            }
            i++;
            let value = param.paramValue;
            if (param.extended) {
                const bytes = percentDecode(value);
                const decoded = decodeCharset(bytes, first.charset);
                if (decoded.undecodable)
                    param.defects.push('');
                value = decoded.text;
            }
            values.push(value);
        }
        out.push([name, values.join('')]);
    }
    return out;
}
/** urllib.parse.unquote_to_bytes. */
function percentDecode(text) {
    const bytes = [];
    const raw = Buffer.from(text, 'utf8');
    for (let i = 0; i < raw.length; i++) {
        const hex = raw.subarray(i + 1, i + 3).toString('latin1');
        if (raw[i] === 0x25 && /^[0-9a-fA-F]{2}$/.test(hex)) {
            bytes.push(parseInt(hex, 16));
            i += 2;
        }
        else
            bytes.push(raw[i]);
    }
    return Buffer.from(bytes);
}
/** bytes.decode(charset, 'surrogateescape') then _sanitize: UTF-8 with replacement unless the codec is Latin-1. */
function decodeCharset(bytes, charset) {
    const codec = charset.toLowerCase().replace(/_/g, '-');
    if (['latin-1', 'latin1', 'iso-8859-1', 'iso8859-1', 'l1', 'latin'].includes(codec))
        return { text: bytes.toString('latin1'), undecodable: false };
    const asciiOnly = !['utf-8', 'utf8', 'u8', 'utf'].includes(codec);
    const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
    const strict = (() => {
        try {
            new TextDecoder('utf-8', { fatal: true }).decode(bytes);
            return true;
        }
        catch {
            return false;
        }
    })();
    return { text, undecodable: asciiOnly ? bytes.some(b => b >= 0x80) : !strict };
}
function parseContentTypeTree(value) {
    const ctype = new TokenList('ContentType', 'content-type');
    if (!value) {
        ctype.defects.push('Missing content type specification');
        return ctype;
    }
    let token;
    try {
        ;
        [token, value] = getToken(value);
    }
    catch (error) {
        if (!(error instanceof HeaderParseError))
            throw error;
        ctype.defects.push(`Expected content maintype but found ${(0,python/* pyRepr */.n)(value)}`);
        findMimeParameters(ctype, value);
        return ctype;
    }
    ctype.push(token);
    if (!value || value[0] !== '/') {
        ctype.defects.push('Invalid content type');
        if (value)
            findMimeParameters(ctype, value);
        return ctype;
    }
    ctype.push(new Terminal('/', 'content-type-separator'));
    value = value.slice(1);
    try {
        ;
        [token, value] = getToken(value);
    }
    catch (error) {
        if (!(error instanceof HeaderParseError))
            throw error;
        ctype.defects.push(`Expected content subtype but found ${(0,python/* pyRepr */.n)(value)}`);
        findMimeParameters(ctype, value);
        return ctype;
    }
    ctype.push(token);
    if (!value)
        return ctype;
    if (value[0] !== ';') {
        ctype.defects.push(`Only parameters are valid after content type, but found ${(0,python/* pyRepr */.n)(value)}`);
        findMimeParameters(ctype, value);
        return ctype;
    }
    ctype.push(new Terminal(';', 'parameter-separator'));
    ctype.push(parseMimeParameters(value.slice(1)));
    return ctype;
}
/**
 * `EmailMessage()["content-type"] = value` (email.policy.EmailPolicy.header_store_parse and
 * headerregistry.ContentTypeHeader). Throws PythonParseError where Python raises ValueError or IndexError.
 */
function parseContentTypeHeader(value) {
    // policy.py header_store_parse: a value that splits into more than one line is refused
    if (value.replace(/(?:\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029])$/, '').match(/\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/)) {
        throw new PythonParseError('Header values may not contain linefeed or carriage return characters');
    }
    const tree = parseContentTypeTree(value);
    // str(parse_tree) runs MimeParameters.params, whose duplicate and RFC 2231 defects then count
    const text = tree.str();
    const defects = tree.allDefects();
    const params = new Map();
    const list = [...tree.items].reverse().find(x => x.tokenType === 'mime-parameters');
    if (list instanceof TokenList)
        for (const [name, v] of mimeParams(list))
            params.set(name.toLowerCase(), v);
    return { text, defects, params };
}

;// CONCATENATED MODULE: ./src/warehouse/data/spdx.json
const spdx_namespaceObject = /*#__PURE__*/JSON.parse('{"sP":{"F7":"packaging","rE":"26.2"},"o2":"3.27.0","Vy":{"0bsd":{"id":"0BSD","deprecated":false},"3d-slicer-1.0":{"id":"3D-Slicer-1.0","deprecated":false},"aal":{"id":"AAL","deprecated":false},"abstyles":{"id":"Abstyles","deprecated":false},"adacore-doc":{"id":"AdaCore-doc","deprecated":false},"adobe-2006":{"id":"Adobe-2006","deprecated":false},"adobe-display-postscript":{"id":"Adobe-Display-PostScript","deprecated":false},"adobe-glyph":{"id":"Adobe-Glyph","deprecated":false},"adobe-utopia":{"id":"Adobe-Utopia","deprecated":false},"adsl":{"id":"ADSL","deprecated":false},"afl-1.1":{"id":"AFL-1.1","deprecated":false},"afl-1.2":{"id":"AFL-1.2","deprecated":false},"afl-2.0":{"id":"AFL-2.0","deprecated":false},"afl-2.1":{"id":"AFL-2.1","deprecated":false},"afl-3.0":{"id":"AFL-3.0","deprecated":false},"afmparse":{"id":"Afmparse","deprecated":false},"agpl-1.0":{"id":"AGPL-1.0","deprecated":true},"agpl-1.0-only":{"id":"AGPL-1.0-only","deprecated":false},"agpl-1.0-or-later":{"id":"AGPL-1.0-or-later","deprecated":false},"agpl-3.0":{"id":"AGPL-3.0","deprecated":true},"agpl-3.0-only":{"id":"AGPL-3.0-only","deprecated":false},"agpl-3.0-or-later":{"id":"AGPL-3.0-or-later","deprecated":false},"aladdin":{"id":"Aladdin","deprecated":false},"amd-newlib":{"id":"AMD-newlib","deprecated":false},"amdplpa":{"id":"AMDPLPA","deprecated":false},"aml":{"id":"AML","deprecated":false},"aml-glslang":{"id":"AML-glslang","deprecated":false},"ampas":{"id":"AMPAS","deprecated":false},"antlr-pd":{"id":"ANTLR-PD","deprecated":false},"antlr-pd-fallback":{"id":"ANTLR-PD-fallback","deprecated":false},"any-osi":{"id":"any-OSI","deprecated":false},"any-osi-perl-modules":{"id":"any-OSI-perl-modules","deprecated":false},"apache-1.0":{"id":"Apache-1.0","deprecated":false},"apache-1.1":{"id":"Apache-1.1","deprecated":false},"apache-2.0":{"id":"Apache-2.0","deprecated":false},"apafml":{"id":"APAFML","deprecated":false},"apl-1.0":{"id":"APL-1.0","deprecated":false},"app-s2p":{"id":"App-s2p","deprecated":false},"apsl-1.0":{"id":"APSL-1.0","deprecated":false},"apsl-1.1":{"id":"APSL-1.1","deprecated":false},"apsl-1.2":{"id":"APSL-1.2","deprecated":false},"apsl-2.0":{"id":"APSL-2.0","deprecated":false},"arphic-1999":{"id":"Arphic-1999","deprecated":false},"artistic-1.0":{"id":"Artistic-1.0","deprecated":false},"artistic-1.0-cl8":{"id":"Artistic-1.0-cl8","deprecated":false},"artistic-1.0-perl":{"id":"Artistic-1.0-Perl","deprecated":false},"artistic-2.0":{"id":"Artistic-2.0","deprecated":false},"artistic-dist":{"id":"Artistic-dist","deprecated":false},"aspell-ru":{"id":"Aspell-RU","deprecated":false},"aswf-digital-assets-1.0":{"id":"ASWF-Digital-Assets-1.0","deprecated":false},"aswf-digital-assets-1.1":{"id":"ASWF-Digital-Assets-1.1","deprecated":false},"baekmuk":{"id":"Baekmuk","deprecated":false},"bahyph":{"id":"Bahyph","deprecated":false},"barr":{"id":"Barr","deprecated":false},"bcrypt-solar-designer":{"id":"bcrypt-Solar-Designer","deprecated":false},"beerware":{"id":"Beerware","deprecated":false},"bitstream-charter":{"id":"Bitstream-Charter","deprecated":false},"bitstream-vera":{"id":"Bitstream-Vera","deprecated":false},"bittorrent-1.0":{"id":"BitTorrent-1.0","deprecated":false},"bittorrent-1.1":{"id":"BitTorrent-1.1","deprecated":false},"blessing":{"id":"blessing","deprecated":false},"blueoak-1.0.0":{"id":"BlueOak-1.0.0","deprecated":false},"boehm-gc":{"id":"Boehm-GC","deprecated":false},"boehm-gc-without-fee":{"id":"Boehm-GC-without-fee","deprecated":false},"borceux":{"id":"Borceux","deprecated":false},"brian-gladman-2-clause":{"id":"Brian-Gladman-2-Clause","deprecated":false},"brian-gladman-3-clause":{"id":"Brian-Gladman-3-Clause","deprecated":false},"bsd-1-clause":{"id":"BSD-1-Clause","deprecated":false},"bsd-2-clause":{"id":"BSD-2-Clause","deprecated":false},"bsd-2-clause-darwin":{"id":"BSD-2-Clause-Darwin","deprecated":false},"bsd-2-clause-first-lines":{"id":"BSD-2-Clause-first-lines","deprecated":false},"bsd-2-clause-freebsd":{"id":"BSD-2-Clause-FreeBSD","deprecated":true},"bsd-2-clause-netbsd":{"id":"BSD-2-Clause-NetBSD","deprecated":true},"bsd-2-clause-patent":{"id":"BSD-2-Clause-Patent","deprecated":false},"bsd-2-clause-pkgconf-disclaimer":{"id":"BSD-2-Clause-pkgconf-disclaimer","deprecated":false},"bsd-2-clause-views":{"id":"BSD-2-Clause-Views","deprecated":false},"bsd-3-clause":{"id":"BSD-3-Clause","deprecated":false},"bsd-3-clause-acpica":{"id":"BSD-3-Clause-acpica","deprecated":false},"bsd-3-clause-attribution":{"id":"BSD-3-Clause-Attribution","deprecated":false},"bsd-3-clause-clear":{"id":"BSD-3-Clause-Clear","deprecated":false},"bsd-3-clause-flex":{"id":"BSD-3-Clause-flex","deprecated":false},"bsd-3-clause-hp":{"id":"BSD-3-Clause-HP","deprecated":false},"bsd-3-clause-lbnl":{"id":"BSD-3-Clause-LBNL","deprecated":false},"bsd-3-clause-modification":{"id":"BSD-3-Clause-Modification","deprecated":false},"bsd-3-clause-no-military-license":{"id":"BSD-3-Clause-No-Military-License","deprecated":false},"bsd-3-clause-no-nuclear-license":{"id":"BSD-3-Clause-No-Nuclear-License","deprecated":false},"bsd-3-clause-no-nuclear-license-2014":{"id":"BSD-3-Clause-No-Nuclear-License-2014","deprecated":false},"bsd-3-clause-no-nuclear-warranty":{"id":"BSD-3-Clause-No-Nuclear-Warranty","deprecated":false},"bsd-3-clause-open-mpi":{"id":"BSD-3-Clause-Open-MPI","deprecated":false},"bsd-3-clause-sun":{"id":"BSD-3-Clause-Sun","deprecated":false},"bsd-4-clause":{"id":"BSD-4-Clause","deprecated":false},"bsd-4-clause-shortened":{"id":"BSD-4-Clause-Shortened","deprecated":false},"bsd-4-clause-uc":{"id":"BSD-4-Clause-UC","deprecated":false},"bsd-4.3reno":{"id":"BSD-4.3RENO","deprecated":false},"bsd-4.3tahoe":{"id":"BSD-4.3TAHOE","deprecated":false},"bsd-advertising-acknowledgement":{"id":"BSD-Advertising-Acknowledgement","deprecated":false},"bsd-attribution-hpnd-disclaimer":{"id":"BSD-Attribution-HPND-disclaimer","deprecated":false},"bsd-inferno-nettverk":{"id":"BSD-Inferno-Nettverk","deprecated":false},"bsd-protection":{"id":"BSD-Protection","deprecated":false},"bsd-source-beginning-file":{"id":"BSD-Source-beginning-file","deprecated":false},"bsd-source-code":{"id":"BSD-Source-Code","deprecated":false},"bsd-systemics":{"id":"BSD-Systemics","deprecated":false},"bsd-systemics-w3works":{"id":"BSD-Systemics-W3Works","deprecated":false},"bsl-1.0":{"id":"BSL-1.0","deprecated":false},"busl-1.1":{"id":"BUSL-1.1","deprecated":false},"bzip2-1.0.5":{"id":"bzip2-1.0.5","deprecated":true},"bzip2-1.0.6":{"id":"bzip2-1.0.6","deprecated":false},"c-uda-1.0":{"id":"C-UDA-1.0","deprecated":false},"cal-1.0":{"id":"CAL-1.0","deprecated":false},"cal-1.0-combined-work-exception":{"id":"CAL-1.0-Combined-Work-Exception","deprecated":false},"caldera":{"id":"Caldera","deprecated":false},"caldera-no-preamble":{"id":"Caldera-no-preamble","deprecated":false},"catharon":{"id":"Catharon","deprecated":false},"catosl-1.1":{"id":"CATOSL-1.1","deprecated":false},"cc-by-1.0":{"id":"CC-BY-1.0","deprecated":false},"cc-by-2.0":{"id":"CC-BY-2.0","deprecated":false},"cc-by-2.5":{"id":"CC-BY-2.5","deprecated":false},"cc-by-2.5-au":{"id":"CC-BY-2.5-AU","deprecated":false},"cc-by-3.0":{"id":"CC-BY-3.0","deprecated":false},"cc-by-3.0-at":{"id":"CC-BY-3.0-AT","deprecated":false},"cc-by-3.0-au":{"id":"CC-BY-3.0-AU","deprecated":false},"cc-by-3.0-de":{"id":"CC-BY-3.0-DE","deprecated":false},"cc-by-3.0-igo":{"id":"CC-BY-3.0-IGO","deprecated":false},"cc-by-3.0-nl":{"id":"CC-BY-3.0-NL","deprecated":false},"cc-by-3.0-us":{"id":"CC-BY-3.0-US","deprecated":false},"cc-by-4.0":{"id":"CC-BY-4.0","deprecated":false},"cc-by-nc-1.0":{"id":"CC-BY-NC-1.0","deprecated":false},"cc-by-nc-2.0":{"id":"CC-BY-NC-2.0","deprecated":false},"cc-by-nc-2.5":{"id":"CC-BY-NC-2.5","deprecated":false},"cc-by-nc-3.0":{"id":"CC-BY-NC-3.0","deprecated":false},"cc-by-nc-3.0-de":{"id":"CC-BY-NC-3.0-DE","deprecated":false},"cc-by-nc-4.0":{"id":"CC-BY-NC-4.0","deprecated":false},"cc-by-nc-nd-1.0":{"id":"CC-BY-NC-ND-1.0","deprecated":false},"cc-by-nc-nd-2.0":{"id":"CC-BY-NC-ND-2.0","deprecated":false},"cc-by-nc-nd-2.5":{"id":"CC-BY-NC-ND-2.5","deprecated":false},"cc-by-nc-nd-3.0":{"id":"CC-BY-NC-ND-3.0","deprecated":false},"cc-by-nc-nd-3.0-de":{"id":"CC-BY-NC-ND-3.0-DE","deprecated":false},"cc-by-nc-nd-3.0-igo":{"id":"CC-BY-NC-ND-3.0-IGO","deprecated":false},"cc-by-nc-nd-4.0":{"id":"CC-BY-NC-ND-4.0","deprecated":false},"cc-by-nc-sa-1.0":{"id":"CC-BY-NC-SA-1.0","deprecated":false},"cc-by-nc-sa-2.0":{"id":"CC-BY-NC-SA-2.0","deprecated":false},"cc-by-nc-sa-2.0-de":{"id":"CC-BY-NC-SA-2.0-DE","deprecated":false},"cc-by-nc-sa-2.0-fr":{"id":"CC-BY-NC-SA-2.0-FR","deprecated":false},"cc-by-nc-sa-2.0-uk":{"id":"CC-BY-NC-SA-2.0-UK","deprecated":false},"cc-by-nc-sa-2.5":{"id":"CC-BY-NC-SA-2.5","deprecated":false},"cc-by-nc-sa-3.0":{"id":"CC-BY-NC-SA-3.0","deprecated":false},"cc-by-nc-sa-3.0-de":{"id":"CC-BY-NC-SA-3.0-DE","deprecated":false},"cc-by-nc-sa-3.0-igo":{"id":"CC-BY-NC-SA-3.0-IGO","deprecated":false},"cc-by-nc-sa-4.0":{"id":"CC-BY-NC-SA-4.0","deprecated":false},"cc-by-nd-1.0":{"id":"CC-BY-ND-1.0","deprecated":false},"cc-by-nd-2.0":{"id":"CC-BY-ND-2.0","deprecated":false},"cc-by-nd-2.5":{"id":"CC-BY-ND-2.5","deprecated":false},"cc-by-nd-3.0":{"id":"CC-BY-ND-3.0","deprecated":false},"cc-by-nd-3.0-de":{"id":"CC-BY-ND-3.0-DE","deprecated":false},"cc-by-nd-4.0":{"id":"CC-BY-ND-4.0","deprecated":false},"cc-by-sa-1.0":{"id":"CC-BY-SA-1.0","deprecated":false},"cc-by-sa-2.0":{"id":"CC-BY-SA-2.0","deprecated":false},"cc-by-sa-2.0-uk":{"id":"CC-BY-SA-2.0-UK","deprecated":false},"cc-by-sa-2.1-jp":{"id":"CC-BY-SA-2.1-JP","deprecated":false},"cc-by-sa-2.5":{"id":"CC-BY-SA-2.5","deprecated":false},"cc-by-sa-3.0":{"id":"CC-BY-SA-3.0","deprecated":false},"cc-by-sa-3.0-at":{"id":"CC-BY-SA-3.0-AT","deprecated":false},"cc-by-sa-3.0-de":{"id":"CC-BY-SA-3.0-DE","deprecated":false},"cc-by-sa-3.0-igo":{"id":"CC-BY-SA-3.0-IGO","deprecated":false},"cc-by-sa-4.0":{"id":"CC-BY-SA-4.0","deprecated":false},"cc-pddc":{"id":"CC-PDDC","deprecated":false},"cc-pdm-1.0":{"id":"CC-PDM-1.0","deprecated":false},"cc-sa-1.0":{"id":"CC-SA-1.0","deprecated":false},"cc0-1.0":{"id":"CC0-1.0","deprecated":false},"cddl-1.0":{"id":"CDDL-1.0","deprecated":false},"cddl-1.1":{"id":"CDDL-1.1","deprecated":false},"cdl-1.0":{"id":"CDL-1.0","deprecated":false},"cdla-permissive-1.0":{"id":"CDLA-Permissive-1.0","deprecated":false},"cdla-permissive-2.0":{"id":"CDLA-Permissive-2.0","deprecated":false},"cdla-sharing-1.0":{"id":"CDLA-Sharing-1.0","deprecated":false},"cecill-1.0":{"id":"CECILL-1.0","deprecated":false},"cecill-1.1":{"id":"CECILL-1.1","deprecated":false},"cecill-2.0":{"id":"CECILL-2.0","deprecated":false},"cecill-2.1":{"id":"CECILL-2.1","deprecated":false},"cecill-b":{"id":"CECILL-B","deprecated":false},"cecill-c":{"id":"CECILL-C","deprecated":false},"cern-ohl-1.1":{"id":"CERN-OHL-1.1","deprecated":false},"cern-ohl-1.2":{"id":"CERN-OHL-1.2","deprecated":false},"cern-ohl-p-2.0":{"id":"CERN-OHL-P-2.0","deprecated":false},"cern-ohl-s-2.0":{"id":"CERN-OHL-S-2.0","deprecated":false},"cern-ohl-w-2.0":{"id":"CERN-OHL-W-2.0","deprecated":false},"cfitsio":{"id":"CFITSIO","deprecated":false},"check-cvs":{"id":"check-cvs","deprecated":false},"checkmk":{"id":"checkmk","deprecated":false},"clartistic":{"id":"ClArtistic","deprecated":false},"clips":{"id":"Clips","deprecated":false},"cmu-mach":{"id":"CMU-Mach","deprecated":false},"cmu-mach-nodoc":{"id":"CMU-Mach-nodoc","deprecated":false},"cnri-jython":{"id":"CNRI-Jython","deprecated":false},"cnri-python":{"id":"CNRI-Python","deprecated":false},"cnri-python-gpl-compatible":{"id":"CNRI-Python-GPL-Compatible","deprecated":false},"coil-1.0":{"id":"COIL-1.0","deprecated":false},"community-spec-1.0":{"id":"Community-Spec-1.0","deprecated":false},"condor-1.1":{"id":"Condor-1.1","deprecated":false},"copyleft-next-0.3.0":{"id":"copyleft-next-0.3.0","deprecated":false},"copyleft-next-0.3.1":{"id":"copyleft-next-0.3.1","deprecated":false},"cornell-lossless-jpeg":{"id":"Cornell-Lossless-JPEG","deprecated":false},"cpal-1.0":{"id":"CPAL-1.0","deprecated":false},"cpl-1.0":{"id":"CPL-1.0","deprecated":false},"cpol-1.02":{"id":"CPOL-1.02","deprecated":false},"cronyx":{"id":"Cronyx","deprecated":false},"crossword":{"id":"Crossword","deprecated":false},"cryptoswift":{"id":"CryptoSwift","deprecated":false},"crystalstacker":{"id":"CrystalStacker","deprecated":false},"cua-opl-1.0":{"id":"CUA-OPL-1.0","deprecated":false},"cube":{"id":"Cube","deprecated":false},"curl":{"id":"curl","deprecated":false},"cve-tou":{"id":"cve-tou","deprecated":false},"d-fsl-1.0":{"id":"D-FSL-1.0","deprecated":false},"dec-3-clause":{"id":"DEC-3-Clause","deprecated":false},"diffmark":{"id":"diffmark","deprecated":false},"dl-de-by-2.0":{"id":"DL-DE-BY-2.0","deprecated":false},"dl-de-zero-2.0":{"id":"DL-DE-ZERO-2.0","deprecated":false},"doc":{"id":"DOC","deprecated":false},"docbook-dtd":{"id":"DocBook-DTD","deprecated":false},"docbook-schema":{"id":"DocBook-Schema","deprecated":false},"docbook-stylesheet":{"id":"DocBook-Stylesheet","deprecated":false},"docbook-xml":{"id":"DocBook-XML","deprecated":false},"dotseqn":{"id":"Dotseqn","deprecated":false},"drl-1.0":{"id":"DRL-1.0","deprecated":false},"drl-1.1":{"id":"DRL-1.1","deprecated":false},"dsdp":{"id":"DSDP","deprecated":false},"dtoa":{"id":"dtoa","deprecated":false},"dvipdfm":{"id":"dvipdfm","deprecated":false},"ecl-1.0":{"id":"ECL-1.0","deprecated":false},"ecl-2.0":{"id":"ECL-2.0","deprecated":false},"ecos-2.0":{"id":"eCos-2.0","deprecated":true},"efl-1.0":{"id":"EFL-1.0","deprecated":false},"efl-2.0":{"id":"EFL-2.0","deprecated":false},"egenix":{"id":"eGenix","deprecated":false},"elastic-2.0":{"id":"Elastic-2.0","deprecated":false},"entessa":{"id":"Entessa","deprecated":false},"epics":{"id":"EPICS","deprecated":false},"epl-1.0":{"id":"EPL-1.0","deprecated":false},"epl-2.0":{"id":"EPL-2.0","deprecated":false},"erlpl-1.1":{"id":"ErlPL-1.1","deprecated":false},"etalab-2.0":{"id":"etalab-2.0","deprecated":false},"eudatagrid":{"id":"EUDatagrid","deprecated":false},"eupl-1.0":{"id":"EUPL-1.0","deprecated":false},"eupl-1.1":{"id":"EUPL-1.1","deprecated":false},"eupl-1.2":{"id":"EUPL-1.2","deprecated":false},"eurosym":{"id":"Eurosym","deprecated":false},"fair":{"id":"Fair","deprecated":false},"fbm":{"id":"FBM","deprecated":false},"fdk-aac":{"id":"FDK-AAC","deprecated":false},"ferguson-twofish":{"id":"Ferguson-Twofish","deprecated":false},"frameworx-1.0":{"id":"Frameworx-1.0","deprecated":false},"freebsd-doc":{"id":"FreeBSD-DOC","deprecated":false},"freeimage":{"id":"FreeImage","deprecated":false},"fsfap":{"id":"FSFAP","deprecated":false},"fsfap-no-warranty-disclaimer":{"id":"FSFAP-no-warranty-disclaimer","deprecated":false},"fsful":{"id":"FSFUL","deprecated":false},"fsfullr":{"id":"FSFULLR","deprecated":false},"fsfullrsd":{"id":"FSFULLRSD","deprecated":false},"fsfullrwd":{"id":"FSFULLRWD","deprecated":false},"fsl-1.1-alv2":{"id":"FSL-1.1-ALv2","deprecated":false},"fsl-1.1-mit":{"id":"FSL-1.1-MIT","deprecated":false},"ftl":{"id":"FTL","deprecated":false},"furuseth":{"id":"Furuseth","deprecated":false},"fwlw":{"id":"fwlw","deprecated":false},"game-programming-gems":{"id":"Game-Programming-Gems","deprecated":false},"gcr-docs":{"id":"GCR-docs","deprecated":false},"gd":{"id":"GD","deprecated":false},"generic-xts":{"id":"generic-xts","deprecated":false},"gfdl-1.1":{"id":"GFDL-1.1","deprecated":true},"gfdl-1.1-invariants-only":{"id":"GFDL-1.1-invariants-only","deprecated":false},"gfdl-1.1-invariants-or-later":{"id":"GFDL-1.1-invariants-or-later","deprecated":false},"gfdl-1.1-no-invariants-only":{"id":"GFDL-1.1-no-invariants-only","deprecated":false},"gfdl-1.1-no-invariants-or-later":{"id":"GFDL-1.1-no-invariants-or-later","deprecated":false},"gfdl-1.1-only":{"id":"GFDL-1.1-only","deprecated":false},"gfdl-1.1-or-later":{"id":"GFDL-1.1-or-later","deprecated":false},"gfdl-1.2":{"id":"GFDL-1.2","deprecated":true},"gfdl-1.2-invariants-only":{"id":"GFDL-1.2-invariants-only","deprecated":false},"gfdl-1.2-invariants-or-later":{"id":"GFDL-1.2-invariants-or-later","deprecated":false},"gfdl-1.2-no-invariants-only":{"id":"GFDL-1.2-no-invariants-only","deprecated":false},"gfdl-1.2-no-invariants-or-later":{"id":"GFDL-1.2-no-invariants-or-later","deprecated":false},"gfdl-1.2-only":{"id":"GFDL-1.2-only","deprecated":false},"gfdl-1.2-or-later":{"id":"GFDL-1.2-or-later","deprecated":false},"gfdl-1.3":{"id":"GFDL-1.3","deprecated":true},"gfdl-1.3-invariants-only":{"id":"GFDL-1.3-invariants-only","deprecated":false},"gfdl-1.3-invariants-or-later":{"id":"GFDL-1.3-invariants-or-later","deprecated":false},"gfdl-1.3-no-invariants-only":{"id":"GFDL-1.3-no-invariants-only","deprecated":false},"gfdl-1.3-no-invariants-or-later":{"id":"GFDL-1.3-no-invariants-or-later","deprecated":false},"gfdl-1.3-only":{"id":"GFDL-1.3-only","deprecated":false},"gfdl-1.3-or-later":{"id":"GFDL-1.3-or-later","deprecated":false},"giftware":{"id":"Giftware","deprecated":false},"gl2ps":{"id":"GL2PS","deprecated":false},"glide":{"id":"Glide","deprecated":false},"glulxe":{"id":"Glulxe","deprecated":false},"glwtpl":{"id":"GLWTPL","deprecated":false},"gnuplot":{"id":"gnuplot","deprecated":false},"gpl-1.0":{"id":"GPL-1.0","deprecated":true},"gpl-1.0+":{"id":"GPL-1.0+","deprecated":true},"gpl-1.0-only":{"id":"GPL-1.0-only","deprecated":false},"gpl-1.0-or-later":{"id":"GPL-1.0-or-later","deprecated":false},"gpl-2.0":{"id":"GPL-2.0","deprecated":true},"gpl-2.0+":{"id":"GPL-2.0+","deprecated":true},"gpl-2.0-only":{"id":"GPL-2.0-only","deprecated":false},"gpl-2.0-or-later":{"id":"GPL-2.0-or-later","deprecated":false},"gpl-2.0-with-autoconf-exception":{"id":"GPL-2.0-with-autoconf-exception","deprecated":true},"gpl-2.0-with-bison-exception":{"id":"GPL-2.0-with-bison-exception","deprecated":true},"gpl-2.0-with-classpath-exception":{"id":"GPL-2.0-with-classpath-exception","deprecated":true},"gpl-2.0-with-font-exception":{"id":"GPL-2.0-with-font-exception","deprecated":true},"gpl-2.0-with-gcc-exception":{"id":"GPL-2.0-with-GCC-exception","deprecated":true},"gpl-3.0":{"id":"GPL-3.0","deprecated":true},"gpl-3.0+":{"id":"GPL-3.0+","deprecated":true},"gpl-3.0-only":{"id":"GPL-3.0-only","deprecated":false},"gpl-3.0-or-later":{"id":"GPL-3.0-or-later","deprecated":false},"gpl-3.0-with-autoconf-exception":{"id":"GPL-3.0-with-autoconf-exception","deprecated":true},"gpl-3.0-with-gcc-exception":{"id":"GPL-3.0-with-GCC-exception","deprecated":true},"graphics-gems":{"id":"Graphics-Gems","deprecated":false},"gsoap-1.3b":{"id":"gSOAP-1.3b","deprecated":false},"gtkbook":{"id":"gtkbook","deprecated":false},"gutmann":{"id":"Gutmann","deprecated":false},"haskellreport":{"id":"HaskellReport","deprecated":false},"hdf5":{"id":"HDF5","deprecated":false},"hdparm":{"id":"hdparm","deprecated":false},"hidapi":{"id":"HIDAPI","deprecated":false},"hippocratic-2.1":{"id":"Hippocratic-2.1","deprecated":false},"hp-1986":{"id":"HP-1986","deprecated":false},"hp-1989":{"id":"HP-1989","deprecated":false},"hpnd":{"id":"HPND","deprecated":false},"hpnd-dec":{"id":"HPND-DEC","deprecated":false},"hpnd-doc":{"id":"HPND-doc","deprecated":false},"hpnd-doc-sell":{"id":"HPND-doc-sell","deprecated":false},"hpnd-export-us":{"id":"HPND-export-US","deprecated":false},"hpnd-export-us-acknowledgement":{"id":"HPND-export-US-acknowledgement","deprecated":false},"hpnd-export-us-modify":{"id":"HPND-export-US-modify","deprecated":false},"hpnd-export2-us":{"id":"HPND-export2-US","deprecated":false},"hpnd-fenneberg-livingston":{"id":"HPND-Fenneberg-Livingston","deprecated":false},"hpnd-inria-imag":{"id":"HPND-INRIA-IMAG","deprecated":false},"hpnd-intel":{"id":"HPND-Intel","deprecated":false},"hpnd-kevlin-henney":{"id":"HPND-Kevlin-Henney","deprecated":false},"hpnd-markus-kuhn":{"id":"HPND-Markus-Kuhn","deprecated":false},"hpnd-merchantability-variant":{"id":"HPND-merchantability-variant","deprecated":false},"hpnd-mit-disclaimer":{"id":"HPND-MIT-disclaimer","deprecated":false},"hpnd-netrek":{"id":"HPND-Netrek","deprecated":false},"hpnd-pbmplus":{"id":"HPND-Pbmplus","deprecated":false},"hpnd-sell-mit-disclaimer-xserver":{"id":"HPND-sell-MIT-disclaimer-xserver","deprecated":false},"hpnd-sell-regexpr":{"id":"HPND-sell-regexpr","deprecated":false},"hpnd-sell-variant":{"id":"HPND-sell-variant","deprecated":false},"hpnd-sell-variant-mit-disclaimer":{"id":"HPND-sell-variant-MIT-disclaimer","deprecated":false},"hpnd-sell-variant-mit-disclaimer-rev":{"id":"HPND-sell-variant-MIT-disclaimer-rev","deprecated":false},"hpnd-uc":{"id":"HPND-UC","deprecated":false},"hpnd-uc-export-us":{"id":"HPND-UC-export-US","deprecated":false},"htmltidy":{"id":"HTMLTIDY","deprecated":false},"ibm-pibs":{"id":"IBM-pibs","deprecated":false},"icu":{"id":"ICU","deprecated":false},"iec-code-components-eula":{"id":"IEC-Code-Components-EULA","deprecated":false},"ijg":{"id":"IJG","deprecated":false},"ijg-short":{"id":"IJG-short","deprecated":false},"imagemagick":{"id":"ImageMagick","deprecated":false},"imatix":{"id":"iMatix","deprecated":false},"imlib2":{"id":"Imlib2","deprecated":false},"info-zip":{"id":"Info-ZIP","deprecated":false},"inner-net-2.0":{"id":"Inner-Net-2.0","deprecated":false},"innosetup":{"id":"InnoSetup","deprecated":false},"intel":{"id":"Intel","deprecated":false},"intel-acpi":{"id":"Intel-ACPI","deprecated":false},"interbase-1.0":{"id":"Interbase-1.0","deprecated":false},"ipa":{"id":"IPA","deprecated":false},"ipl-1.0":{"id":"IPL-1.0","deprecated":false},"isc":{"id":"ISC","deprecated":false},"isc-veillard":{"id":"ISC-Veillard","deprecated":false},"jam":{"id":"Jam","deprecated":false},"jasper-2.0":{"id":"JasPer-2.0","deprecated":false},"jove":{"id":"jove","deprecated":false},"jpl-image":{"id":"JPL-image","deprecated":false},"jpnic":{"id":"JPNIC","deprecated":false},"json":{"id":"JSON","deprecated":false},"kastrup":{"id":"Kastrup","deprecated":false},"kazlib":{"id":"Kazlib","deprecated":false},"knuth-ctan":{"id":"Knuth-CTAN","deprecated":false},"lal-1.2":{"id":"LAL-1.2","deprecated":false},"lal-1.3":{"id":"LAL-1.3","deprecated":false},"latex2e":{"id":"Latex2e","deprecated":false},"latex2e-translated-notice":{"id":"Latex2e-translated-notice","deprecated":false},"leptonica":{"id":"Leptonica","deprecated":false},"lgpl-2.0":{"id":"LGPL-2.0","deprecated":true},"lgpl-2.0+":{"id":"LGPL-2.0+","deprecated":true},"lgpl-2.0-only":{"id":"LGPL-2.0-only","deprecated":false},"lgpl-2.0-or-later":{"id":"LGPL-2.0-or-later","deprecated":false},"lgpl-2.1":{"id":"LGPL-2.1","deprecated":true},"lgpl-2.1+":{"id":"LGPL-2.1+","deprecated":true},"lgpl-2.1-only":{"id":"LGPL-2.1-only","deprecated":false},"lgpl-2.1-or-later":{"id":"LGPL-2.1-or-later","deprecated":false},"lgpl-3.0":{"id":"LGPL-3.0","deprecated":true},"lgpl-3.0+":{"id":"LGPL-3.0+","deprecated":true},"lgpl-3.0-only":{"id":"LGPL-3.0-only","deprecated":false},"lgpl-3.0-or-later":{"id":"LGPL-3.0-or-later","deprecated":false},"lgpllr":{"id":"LGPLLR","deprecated":false},"libpng":{"id":"Libpng","deprecated":false},"libpng-1.6.35":{"id":"libpng-1.6.35","deprecated":false},"libpng-2.0":{"id":"libpng-2.0","deprecated":false},"libselinux-1.0":{"id":"libselinux-1.0","deprecated":false},"libtiff":{"id":"libtiff","deprecated":false},"libutil-david-nugent":{"id":"libutil-David-Nugent","deprecated":false},"liliq-p-1.1":{"id":"LiLiQ-P-1.1","deprecated":false},"liliq-r-1.1":{"id":"LiLiQ-R-1.1","deprecated":false},"liliq-rplus-1.1":{"id":"LiLiQ-Rplus-1.1","deprecated":false},"linux-man-pages-1-para":{"id":"Linux-man-pages-1-para","deprecated":false},"linux-man-pages-copyleft":{"id":"Linux-man-pages-copyleft","deprecated":false},"linux-man-pages-copyleft-2-para":{"id":"Linux-man-pages-copyleft-2-para","deprecated":false},"linux-man-pages-copyleft-var":{"id":"Linux-man-pages-copyleft-var","deprecated":false},"linux-openib":{"id":"Linux-OpenIB","deprecated":false},"loop":{"id":"LOOP","deprecated":false},"lpd-document":{"id":"LPD-document","deprecated":false},"lpl-1.0":{"id":"LPL-1.0","deprecated":false},"lpl-1.02":{"id":"LPL-1.02","deprecated":false},"lppl-1.0":{"id":"LPPL-1.0","deprecated":false},"lppl-1.1":{"id":"LPPL-1.1","deprecated":false},"lppl-1.2":{"id":"LPPL-1.2","deprecated":false},"lppl-1.3a":{"id":"LPPL-1.3a","deprecated":false},"lppl-1.3c":{"id":"LPPL-1.3c","deprecated":false},"lsof":{"id":"lsof","deprecated":false},"lucida-bitmap-fonts":{"id":"Lucida-Bitmap-Fonts","deprecated":false},"lzma-sdk-9.11-to-9.20":{"id":"LZMA-SDK-9.11-to-9.20","deprecated":false},"lzma-sdk-9.22":{"id":"LZMA-SDK-9.22","deprecated":false},"mackerras-3-clause":{"id":"Mackerras-3-Clause","deprecated":false},"mackerras-3-clause-acknowledgment":{"id":"Mackerras-3-Clause-acknowledgment","deprecated":false},"magaz":{"id":"magaz","deprecated":false},"mailprio":{"id":"mailprio","deprecated":false},"makeindex":{"id":"MakeIndex","deprecated":false},"man2html":{"id":"man2html","deprecated":false},"martin-birgmeier":{"id":"Martin-Birgmeier","deprecated":false},"mcphee-slideshow":{"id":"McPhee-slideshow","deprecated":false},"metamail":{"id":"metamail","deprecated":false},"minpack":{"id":"Minpack","deprecated":false},"mips":{"id":"MIPS","deprecated":false},"miros":{"id":"MirOS","deprecated":false},"mit":{"id":"MIT","deprecated":false},"mit-0":{"id":"MIT-0","deprecated":false},"mit-advertising":{"id":"MIT-advertising","deprecated":false},"mit-click":{"id":"MIT-Click","deprecated":false},"mit-cmu":{"id":"MIT-CMU","deprecated":false},"mit-enna":{"id":"MIT-enna","deprecated":false},"mit-feh":{"id":"MIT-feh","deprecated":false},"mit-festival":{"id":"MIT-Festival","deprecated":false},"mit-khronos-old":{"id":"MIT-Khronos-old","deprecated":false},"mit-modern-variant":{"id":"MIT-Modern-Variant","deprecated":false},"mit-open-group":{"id":"MIT-open-group","deprecated":false},"mit-testregex":{"id":"MIT-testregex","deprecated":false},"mit-wu":{"id":"MIT-Wu","deprecated":false},"mitnfa":{"id":"MITNFA","deprecated":false},"mmixware":{"id":"MMIXware","deprecated":false},"motosoto":{"id":"Motosoto","deprecated":false},"mpeg-ssg":{"id":"MPEG-SSG","deprecated":false},"mpi-permissive":{"id":"mpi-permissive","deprecated":false},"mpich2":{"id":"mpich2","deprecated":false},"mpl-1.0":{"id":"MPL-1.0","deprecated":false},"mpl-1.1":{"id":"MPL-1.1","deprecated":false},"mpl-2.0":{"id":"MPL-2.0","deprecated":false},"mpl-2.0-no-copyleft-exception":{"id":"MPL-2.0-no-copyleft-exception","deprecated":false},"mplus":{"id":"mplus","deprecated":false},"ms-lpl":{"id":"MS-LPL","deprecated":false},"ms-pl":{"id":"MS-PL","deprecated":false},"ms-rl":{"id":"MS-RL","deprecated":false},"mtll":{"id":"MTLL","deprecated":false},"mulanpsl-1.0":{"id":"MulanPSL-1.0","deprecated":false},"mulanpsl-2.0":{"id":"MulanPSL-2.0","deprecated":false},"multics":{"id":"Multics","deprecated":false},"mup":{"id":"Mup","deprecated":false},"naist-2003":{"id":"NAIST-2003","deprecated":false},"nasa-1.3":{"id":"NASA-1.3","deprecated":false},"naumen":{"id":"Naumen","deprecated":false},"nbpl-1.0":{"id":"NBPL-1.0","deprecated":false},"ncbi-pd":{"id":"NCBI-PD","deprecated":false},"ncgl-uk-2.0":{"id":"NCGL-UK-2.0","deprecated":false},"ncl":{"id":"NCL","deprecated":false},"ncsa":{"id":"NCSA","deprecated":false},"net-snmp":{"id":"Net-SNMP","deprecated":true},"netcdf":{"id":"NetCDF","deprecated":false},"newsletr":{"id":"Newsletr","deprecated":false},"ngpl":{"id":"NGPL","deprecated":false},"ngrep":{"id":"ngrep","deprecated":false},"nicta-1.0":{"id":"NICTA-1.0","deprecated":false},"nist-pd":{"id":"NIST-PD","deprecated":false},"nist-pd-fallback":{"id":"NIST-PD-fallback","deprecated":false},"nist-software":{"id":"NIST-Software","deprecated":false},"nlod-1.0":{"id":"NLOD-1.0","deprecated":false},"nlod-2.0":{"id":"NLOD-2.0","deprecated":false},"nlpl":{"id":"NLPL","deprecated":false},"nokia":{"id":"Nokia","deprecated":false},"nosl":{"id":"NOSL","deprecated":false},"noweb":{"id":"Noweb","deprecated":false},"npl-1.0":{"id":"NPL-1.0","deprecated":false},"npl-1.1":{"id":"NPL-1.1","deprecated":false},"nposl-3.0":{"id":"NPOSL-3.0","deprecated":false},"nrl":{"id":"NRL","deprecated":false},"ntia-pd":{"id":"NTIA-PD","deprecated":false},"ntp":{"id":"NTP","deprecated":false},"ntp-0":{"id":"NTP-0","deprecated":false},"nunit":{"id":"Nunit","deprecated":true},"o-uda-1.0":{"id":"O-UDA-1.0","deprecated":false},"oar":{"id":"OAR","deprecated":false},"occt-pl":{"id":"OCCT-PL","deprecated":false},"oclc-2.0":{"id":"OCLC-2.0","deprecated":false},"odbl-1.0":{"id":"ODbL-1.0","deprecated":false},"odc-by-1.0":{"id":"ODC-By-1.0","deprecated":false},"offis":{"id":"OFFIS","deprecated":false},"ofl-1.0":{"id":"OFL-1.0","deprecated":false},"ofl-1.0-no-rfn":{"id":"OFL-1.0-no-RFN","deprecated":false},"ofl-1.0-rfn":{"id":"OFL-1.0-RFN","deprecated":false},"ofl-1.1":{"id":"OFL-1.1","deprecated":false},"ofl-1.1-no-rfn":{"id":"OFL-1.1-no-RFN","deprecated":false},"ofl-1.1-rfn":{"id":"OFL-1.1-RFN","deprecated":false},"ogc-1.0":{"id":"OGC-1.0","deprecated":false},"ogdl-taiwan-1.0":{"id":"OGDL-Taiwan-1.0","deprecated":false},"ogl-canada-2.0":{"id":"OGL-Canada-2.0","deprecated":false},"ogl-uk-1.0":{"id":"OGL-UK-1.0","deprecated":false},"ogl-uk-2.0":{"id":"OGL-UK-2.0","deprecated":false},"ogl-uk-3.0":{"id":"OGL-UK-3.0","deprecated":false},"ogtsl":{"id":"OGTSL","deprecated":false},"oldap-1.1":{"id":"OLDAP-1.1","deprecated":false},"oldap-1.2":{"id":"OLDAP-1.2","deprecated":false},"oldap-1.3":{"id":"OLDAP-1.3","deprecated":false},"oldap-1.4":{"id":"OLDAP-1.4","deprecated":false},"oldap-2.0":{"id":"OLDAP-2.0","deprecated":false},"oldap-2.0.1":{"id":"OLDAP-2.0.1","deprecated":false},"oldap-2.1":{"id":"OLDAP-2.1","deprecated":false},"oldap-2.2":{"id":"OLDAP-2.2","deprecated":false},"oldap-2.2.1":{"id":"OLDAP-2.2.1","deprecated":false},"oldap-2.2.2":{"id":"OLDAP-2.2.2","deprecated":false},"oldap-2.3":{"id":"OLDAP-2.3","deprecated":false},"oldap-2.4":{"id":"OLDAP-2.4","deprecated":false},"oldap-2.5":{"id":"OLDAP-2.5","deprecated":false},"oldap-2.6":{"id":"OLDAP-2.6","deprecated":false},"oldap-2.7":{"id":"OLDAP-2.7","deprecated":false},"oldap-2.8":{"id":"OLDAP-2.8","deprecated":false},"olfl-1.3":{"id":"OLFL-1.3","deprecated":false},"oml":{"id":"OML","deprecated":false},"openpbs-2.3":{"id":"OpenPBS-2.3","deprecated":false},"openssl":{"id":"OpenSSL","deprecated":false},"openssl-standalone":{"id":"OpenSSL-standalone","deprecated":false},"openvision":{"id":"OpenVision","deprecated":false},"opl-1.0":{"id":"OPL-1.0","deprecated":false},"opl-uk-3.0":{"id":"OPL-UK-3.0","deprecated":false},"opubl-1.0":{"id":"OPUBL-1.0","deprecated":false},"oset-pl-2.1":{"id":"OSET-PL-2.1","deprecated":false},"osl-1.0":{"id":"OSL-1.0","deprecated":false},"osl-1.1":{"id":"OSL-1.1","deprecated":false},"osl-2.0":{"id":"OSL-2.0","deprecated":false},"osl-2.1":{"id":"OSL-2.1","deprecated":false},"osl-3.0":{"id":"OSL-3.0","deprecated":false},"padl":{"id":"PADL","deprecated":false},"parity-6.0.0":{"id":"Parity-6.0.0","deprecated":false},"parity-7.0.0":{"id":"Parity-7.0.0","deprecated":false},"pddl-1.0":{"id":"PDDL-1.0","deprecated":false},"php-3.0":{"id":"PHP-3.0","deprecated":false},"php-3.01":{"id":"PHP-3.01","deprecated":false},"pixar":{"id":"Pixar","deprecated":false},"pkgconf":{"id":"pkgconf","deprecated":false},"plexus":{"id":"Plexus","deprecated":false},"pnmstitch":{"id":"pnmstitch","deprecated":false},"polyform-noncommercial-1.0.0":{"id":"PolyForm-Noncommercial-1.0.0","deprecated":false},"polyform-small-business-1.0.0":{"id":"PolyForm-Small-Business-1.0.0","deprecated":false},"postgresql":{"id":"PostgreSQL","deprecated":false},"ppl":{"id":"PPL","deprecated":false},"psf-2.0":{"id":"PSF-2.0","deprecated":false},"psfrag":{"id":"psfrag","deprecated":false},"psutils":{"id":"psutils","deprecated":false},"python-2.0":{"id":"Python-2.0","deprecated":false},"python-2.0.1":{"id":"Python-2.0.1","deprecated":false},"python-ldap":{"id":"python-ldap","deprecated":false},"qhull":{"id":"Qhull","deprecated":false},"qpl-1.0":{"id":"QPL-1.0","deprecated":false},"qpl-1.0-inria-2004":{"id":"QPL-1.0-INRIA-2004","deprecated":false},"radvd":{"id":"radvd","deprecated":false},"rdisc":{"id":"Rdisc","deprecated":false},"rhecos-1.1":{"id":"RHeCos-1.1","deprecated":false},"rpl-1.1":{"id":"RPL-1.1","deprecated":false},"rpl-1.5":{"id":"RPL-1.5","deprecated":false},"rpsl-1.0":{"id":"RPSL-1.0","deprecated":false},"rsa-md":{"id":"RSA-MD","deprecated":false},"rscpl":{"id":"RSCPL","deprecated":false},"ruby":{"id":"Ruby","deprecated":false},"ruby-pty":{"id":"Ruby-pty","deprecated":false},"sax-pd":{"id":"SAX-PD","deprecated":false},"sax-pd-2.0":{"id":"SAX-PD-2.0","deprecated":false},"saxpath":{"id":"Saxpath","deprecated":false},"scea":{"id":"SCEA","deprecated":false},"schemereport":{"id":"SchemeReport","deprecated":false},"sendmail":{"id":"Sendmail","deprecated":false},"sendmail-8.23":{"id":"Sendmail-8.23","deprecated":false},"sendmail-open-source-1.1":{"id":"Sendmail-Open-Source-1.1","deprecated":false},"sgi-b-1.0":{"id":"SGI-B-1.0","deprecated":false},"sgi-b-1.1":{"id":"SGI-B-1.1","deprecated":false},"sgi-b-2.0":{"id":"SGI-B-2.0","deprecated":false},"sgi-opengl":{"id":"SGI-OpenGL","deprecated":false},"sgp4":{"id":"SGP4","deprecated":false},"shl-0.5":{"id":"SHL-0.5","deprecated":false},"shl-0.51":{"id":"SHL-0.51","deprecated":false},"simpl-2.0":{"id":"SimPL-2.0","deprecated":false},"sissl":{"id":"SISSL","deprecated":false},"sissl-1.2":{"id":"SISSL-1.2","deprecated":false},"sl":{"id":"SL","deprecated":false},"sleepycat":{"id":"Sleepycat","deprecated":false},"smail-gpl":{"id":"SMAIL-GPL","deprecated":false},"smlnj":{"id":"SMLNJ","deprecated":false},"smppl":{"id":"SMPPL","deprecated":false},"snia":{"id":"SNIA","deprecated":false},"snprintf":{"id":"snprintf","deprecated":false},"sofa":{"id":"SOFA","deprecated":false},"softsurfer":{"id":"softSurfer","deprecated":false},"soundex":{"id":"Soundex","deprecated":false},"spencer-86":{"id":"Spencer-86","deprecated":false},"spencer-94":{"id":"Spencer-94","deprecated":false},"spencer-99":{"id":"Spencer-99","deprecated":false},"spl-1.0":{"id":"SPL-1.0","deprecated":false},"ssh-keyscan":{"id":"ssh-keyscan","deprecated":false},"ssh-openssh":{"id":"SSH-OpenSSH","deprecated":false},"ssh-short":{"id":"SSH-short","deprecated":false},"ssleay-standalone":{"id":"SSLeay-standalone","deprecated":false},"sspl-1.0":{"id":"SSPL-1.0","deprecated":false},"standardml-nj":{"id":"StandardML-NJ","deprecated":true},"sugarcrm-1.1.3":{"id":"SugarCRM-1.1.3","deprecated":false},"sul-1.0":{"id":"SUL-1.0","deprecated":false},"sun-ppp":{"id":"Sun-PPP","deprecated":false},"sun-ppp-2000":{"id":"Sun-PPP-2000","deprecated":false},"sunpro":{"id":"SunPro","deprecated":false},"swl":{"id":"SWL","deprecated":false},"swrule":{"id":"swrule","deprecated":false},"symlinks":{"id":"Symlinks","deprecated":false},"tapr-ohl-1.0":{"id":"TAPR-OHL-1.0","deprecated":false},"tcl":{"id":"TCL","deprecated":false},"tcp-wrappers":{"id":"TCP-wrappers","deprecated":false},"termreadkey":{"id":"TermReadKey","deprecated":false},"tgppl-1.0":{"id":"TGPPL-1.0","deprecated":false},"thirdeye":{"id":"ThirdEye","deprecated":false},"threeparttable":{"id":"threeparttable","deprecated":false},"tmate":{"id":"TMate","deprecated":false},"torque-1.1":{"id":"TORQUE-1.1","deprecated":false},"tosl":{"id":"TOSL","deprecated":false},"tpdl":{"id":"TPDL","deprecated":false},"tpl-1.0":{"id":"TPL-1.0","deprecated":false},"trustedqsl":{"id":"TrustedQSL","deprecated":false},"ttwl":{"id":"TTWL","deprecated":false},"ttyp0":{"id":"TTYP0","deprecated":false},"tu-berlin-1.0":{"id":"TU-Berlin-1.0","deprecated":false},"tu-berlin-2.0":{"id":"TU-Berlin-2.0","deprecated":false},"ubuntu-font-1.0":{"id":"Ubuntu-font-1.0","deprecated":false},"ucar":{"id":"UCAR","deprecated":false},"ucl-1.0":{"id":"UCL-1.0","deprecated":false},"ulem":{"id":"ulem","deprecated":false},"umich-merit":{"id":"UMich-Merit","deprecated":false},"unicode-3.0":{"id":"Unicode-3.0","deprecated":false},"unicode-dfs-2015":{"id":"Unicode-DFS-2015","deprecated":false},"unicode-dfs-2016":{"id":"Unicode-DFS-2016","deprecated":false},"unicode-tou":{"id":"Unicode-TOU","deprecated":false},"unixcrypt":{"id":"UnixCrypt","deprecated":false},"unlicense":{"id":"Unlicense","deprecated":false},"unlicense-libtelnet":{"id":"Unlicense-libtelnet","deprecated":false},"unlicense-libwhirlpool":{"id":"Unlicense-libwhirlpool","deprecated":false},"upl-1.0":{"id":"UPL-1.0","deprecated":false},"urt-rle":{"id":"URT-RLE","deprecated":false},"vim":{"id":"Vim","deprecated":false},"vostrom":{"id":"VOSTROM","deprecated":false},"vsl-1.0":{"id":"VSL-1.0","deprecated":false},"w3c":{"id":"W3C","deprecated":false},"w3c-19980720":{"id":"W3C-19980720","deprecated":false},"w3c-20150513":{"id":"W3C-20150513","deprecated":false},"w3m":{"id":"w3m","deprecated":false},"watcom-1.0":{"id":"Watcom-1.0","deprecated":false},"widget-workshop":{"id":"Widget-Workshop","deprecated":false},"wsuipa":{"id":"Wsuipa","deprecated":false},"wtfpl":{"id":"WTFPL","deprecated":false},"wwl":{"id":"wwl","deprecated":false},"wxwindows":{"id":"wxWindows","deprecated":true},"x11":{"id":"X11","deprecated":false},"x11-distribute-modifications-variant":{"id":"X11-distribute-modifications-variant","deprecated":false},"x11-swapped":{"id":"X11-swapped","deprecated":false},"xdebug-1.03":{"id":"Xdebug-1.03","deprecated":false},"xerox":{"id":"Xerox","deprecated":false},"xfig":{"id":"Xfig","deprecated":false},"xfree86-1.1":{"id":"XFree86-1.1","deprecated":false},"xinetd":{"id":"xinetd","deprecated":false},"xkeyboard-config-zinoviev":{"id":"xkeyboard-config-Zinoviev","deprecated":false},"xlock":{"id":"xlock","deprecated":false},"xnet":{"id":"Xnet","deprecated":false},"xpp":{"id":"xpp","deprecated":false},"xskat":{"id":"XSkat","deprecated":false},"xzoom":{"id":"xzoom","deprecated":false},"ypl-1.0":{"id":"YPL-1.0","deprecated":false},"ypl-1.1":{"id":"YPL-1.1","deprecated":false},"zed":{"id":"Zed","deprecated":false},"zeeff":{"id":"Zeeff","deprecated":false},"zend-2.0":{"id":"Zend-2.0","deprecated":false},"zimbra-1.3":{"id":"Zimbra-1.3","deprecated":false},"zimbra-1.4":{"id":"Zimbra-1.4","deprecated":false},"zlib":{"id":"Zlib","deprecated":false},"zlib-acknowledgement":{"id":"zlib-acknowledgement","deprecated":false},"zpl-1.1":{"id":"ZPL-1.1","deprecated":false},"zpl-2.0":{"id":"ZPL-2.0","deprecated":false},"zpl-2.1":{"id":"ZPL-2.1","deprecated":false}},"z2":{"389-exception":{"id":"389-exception","deprecated":false},"asterisk-exception":{"id":"Asterisk-exception","deprecated":false},"asterisk-linking-protocols-exception":{"id":"Asterisk-linking-protocols-exception","deprecated":false},"autoconf-exception-2.0":{"id":"Autoconf-exception-2.0","deprecated":false},"autoconf-exception-3.0":{"id":"Autoconf-exception-3.0","deprecated":false},"autoconf-exception-generic":{"id":"Autoconf-exception-generic","deprecated":false},"autoconf-exception-generic-3.0":{"id":"Autoconf-exception-generic-3.0","deprecated":false},"autoconf-exception-macro":{"id":"Autoconf-exception-macro","deprecated":false},"bison-exception-1.24":{"id":"Bison-exception-1.24","deprecated":false},"bison-exception-2.2":{"id":"Bison-exception-2.2","deprecated":false},"bootloader-exception":{"id":"Bootloader-exception","deprecated":false},"cgal-linking-exception":{"id":"CGAL-linking-exception","deprecated":false},"classpath-exception-2.0":{"id":"Classpath-exception-2.0","deprecated":false},"clisp-exception-2.0":{"id":"CLISP-exception-2.0","deprecated":false},"cryptsetup-openssl-exception":{"id":"cryptsetup-OpenSSL-exception","deprecated":false},"digia-qt-lgpl-exception-1.1":{"id":"Digia-Qt-LGPL-exception-1.1","deprecated":false},"digirule-foss-exception":{"id":"DigiRule-FOSS-exception","deprecated":false},"ecos-exception-2.0":{"id":"eCos-exception-2.0","deprecated":false},"erlang-otp-linking-exception":{"id":"erlang-otp-linking-exception","deprecated":false},"fawkes-runtime-exception":{"id":"Fawkes-Runtime-exception","deprecated":false},"fltk-exception":{"id":"FLTK-exception","deprecated":false},"fmt-exception":{"id":"fmt-exception","deprecated":false},"font-exception-2.0":{"id":"Font-exception-2.0","deprecated":false},"freertos-exception-2.0":{"id":"freertos-exception-2.0","deprecated":false},"gcc-exception-2.0":{"id":"GCC-exception-2.0","deprecated":false},"gcc-exception-2.0-note":{"id":"GCC-exception-2.0-note","deprecated":false},"gcc-exception-3.1":{"id":"GCC-exception-3.1","deprecated":false},"gmsh-exception":{"id":"Gmsh-exception","deprecated":false},"gnat-exception":{"id":"GNAT-exception","deprecated":false},"gnome-examples-exception":{"id":"GNOME-examples-exception","deprecated":false},"gnu-compiler-exception":{"id":"GNU-compiler-exception","deprecated":false},"gnu-javamail-exception":{"id":"gnu-javamail-exception","deprecated":false},"gpl-3.0-389-ds-base-exception":{"id":"GPL-3.0-389-ds-base-exception","deprecated":false},"gpl-3.0-interface-exception":{"id":"GPL-3.0-interface-exception","deprecated":false},"gpl-3.0-linking-exception":{"id":"GPL-3.0-linking-exception","deprecated":false},"gpl-3.0-linking-source-exception":{"id":"GPL-3.0-linking-source-exception","deprecated":false},"gpl-cc-1.0":{"id":"GPL-CC-1.0","deprecated":false},"gstreamer-exception-2005":{"id":"GStreamer-exception-2005","deprecated":false},"gstreamer-exception-2008":{"id":"GStreamer-exception-2008","deprecated":false},"harbour-exception":{"id":"harbour-exception","deprecated":false},"i2p-gpl-java-exception":{"id":"i2p-gpl-java-exception","deprecated":false},"independent-modules-exception":{"id":"Independent-modules-exception","deprecated":false},"kicad-libraries-exception":{"id":"KiCad-libraries-exception","deprecated":false},"lgpl-3.0-linking-exception":{"id":"LGPL-3.0-linking-exception","deprecated":false},"libpri-openh323-exception":{"id":"libpri-OpenH323-exception","deprecated":false},"libtool-exception":{"id":"Libtool-exception","deprecated":false},"linux-syscall-note":{"id":"Linux-syscall-note","deprecated":false},"llgpl":{"id":"LLGPL","deprecated":false},"llvm-exception":{"id":"LLVM-exception","deprecated":false},"lzma-exception":{"id":"LZMA-exception","deprecated":false},"mif-exception":{"id":"mif-exception","deprecated":false},"mxml-exception":{"id":"mxml-exception","deprecated":false},"nokia-qt-exception-1.1":{"id":"Nokia-Qt-exception-1.1","deprecated":true},"ocaml-lgpl-linking-exception":{"id":"OCaml-LGPL-linking-exception","deprecated":false},"occt-exception-1.0":{"id":"OCCT-exception-1.0","deprecated":false},"openjdk-assembly-exception-1.0":{"id":"OpenJDK-assembly-exception-1.0","deprecated":false},"openvpn-openssl-exception":{"id":"openvpn-openssl-exception","deprecated":false},"pcre2-exception":{"id":"PCRE2-exception","deprecated":false},"polyparse-exception":{"id":"polyparse-exception","deprecated":false},"ps-or-pdf-font-exception-20170817":{"id":"PS-or-PDF-font-exception-20170817","deprecated":false},"qpl-1.0-inria-2004-exception":{"id":"QPL-1.0-INRIA-2004-exception","deprecated":false},"qt-gpl-exception-1.0":{"id":"Qt-GPL-exception-1.0","deprecated":false},"qt-lgpl-exception-1.1":{"id":"Qt-LGPL-exception-1.1","deprecated":false},"qwt-exception-1.0":{"id":"Qwt-exception-1.0","deprecated":false},"romic-exception":{"id":"romic-exception","deprecated":false},"rrdtool-floss-exception-2.0":{"id":"RRDtool-FLOSS-exception-2.0","deprecated":false},"sane-exception":{"id":"SANE-exception","deprecated":false},"shl-2.0":{"id":"SHL-2.0","deprecated":false},"shl-2.1":{"id":"SHL-2.1","deprecated":false},"stunnel-exception":{"id":"stunnel-exception","deprecated":false},"swi-exception":{"id":"SWI-exception","deprecated":false},"swift-exception":{"id":"Swift-exception","deprecated":false},"texinfo-exception":{"id":"Texinfo-exception","deprecated":false},"u-boot-exception-2.0":{"id":"u-boot-exception-2.0","deprecated":false},"ubdl-exception":{"id":"UBDL-exception","deprecated":false},"universal-foss-exception-1.0":{"id":"Universal-FOSS-exception-1.0","deprecated":false},"vsftpd-openssl-exception":{"id":"vsftpd-openssl-exception","deprecated":false},"wxwindows-exception-3.1":{"id":"WxWindows-exception-3.1","deprecated":false},"x11vnc-openssl-exception":{"id":"x11vnc-openssl-exception","deprecated":false}}}');
;// CONCATENATED MODULE: ./src/warehouse/licenses.ts
// License-Expression as PyPI judges it: warehouse validates core metadata with packaging, whose
// canonicalize_license_expression (packaging/licenses/__init__.py:71-186) accepts or refuses the expression.
// This is a port of that function, step by step, with the SPDX tables it reads (packaging/licenses/_spdx.py)
// generated into data/spdx.json by scripts/refresh-pypi-data.mjs.
//
// Why packaging 26.2 and not the newest: warehouse pins packaging==26.2 (requirements/main.txt:1551 at commit
// 6b62157124ab), and 26.3 changed this function in ways that change what is refused. 26.2 takes
// `LicenseRef-` with nothing after it and `LicenseRef-x+` when another token spells `LicenseRef-x`; it lets
// WITH stand before a parenthesis or a second WITH ('MIT WITH (Apache-2.0)', 'MIT WITH A WITH B'); its
// licenseref message quotes the token without its '+'. Line numbers below are 26.2's; its _spdx.py is the
// same as 26.3's (SPDX list 3.27.0). Follow warehouse when it moves its pin.


/** Where the SPDX tables come from: the packaging release and the SPDX license list version it states. */
const SPDX_SOURCE = {
    package: spdx_namespaceObject.sP.F7,
    version: spdx_namespaceObject.sP.rE,
    spdxVersion: spdx_namespaceObject.o2
};
/**
 * packaging's InvalidLicenseExpression (a ValueError): the message is packaging's, word for word.
 *
 * `python` names the exception packaging really raises. It is 'KeyError' for a `LicenseRef-…+` whose id
 * without the '+' is spelled nowhere else in the expression: 26.2 looks that id up in its own table of the
 * expression's refs (__init__.py:174) and fails. packaging's metadata catches ValueError only
 * (metadata.py:698-704) and warehouse's upload view catches InvalidMetadata only (forklift/legacy.py:701-703),
 * so PyPI answers such an upload with a server error (HTTP 500), not a 400 naming the field; the message is
 * then str(KeyError), the repr of the missing key.
 */
class InvalidLicenseExpression extends Error {
    name = 'InvalidLicenseExpression';
    python;
    constructor(message, python = 'InvalidLicenseExpression') {
        super(message);
        this.python = python;
    }
}
// Keyed by the lower-case id, as packaging's LICENSES and EXCEPTIONS are; built on first use.
let tables;
function spdxTables() {
    tables ??= {
        licenses: new Map(Object.entries(spdx_namespaceObject.Vy)),
        exceptions: new Map(Object.entries(spdx_namespaceObject.z2))
    };
    return tables;
}
const GRAMMAR = new Set(['or', 'and', 'with', '(', ')']);
// packaging/licenses/__init__.py:51 license_ref_allowed = re.compile("^[A-Za-z0-9.-]*$"), matched (:171)
// against the whole lower-cased token without its '+', prefix included: so an empty id passes. The tokens
// never hold a newline, which Python's `$` would let through at the end: they come from a whitespace split.
const LICENSE_REF_ALLOWED = /^[A-Za-z0-9.-]*$/;
// Python's str.split() with no argument splits on runs of what str.isspace() calls whitespace (this set, not
// JavaScript's \s: it has \x1c-\x1f and \x85, and not \ufeff).
const PY_WHITESPACE = /[\t\n\v\f\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;
// CPython's tokenizer refuses a 201st nested parenthesis (MAXLEVEL 200): "too many nested parentheses".
const PY_MAX_NESTING = 200;
function licenses_pySplit(text) {
    return text.split(PY_WHITESPACE).filter(token => token !== '');
}
/**
 * Whether Python's compile(..., "eval") accepts the placeholder expression packaging builds
 * (packaging/licenses/__init__.py:126-147 in 26.2): `False` for every license, `or`/`and` between, parentheses around.
 * Its grammar here is operand (operator operand)*, an operand being `False` or a parenthesised expression.
 */
function pythonCompiles(tokens) {
    let depth = 0;
    let expectOperand = true;
    for (const token of tokens) {
        if (expectOperand) {
            if (token === 'False')
                expectOperand = false;
            else if (token === '(') {
                if (depth >= PY_MAX_NESTING)
                    return false;
                depth++;
            }
            else
                return false;
        }
        else if (token === 'or' || token === 'and')
            expectOperand = true;
        else if (token === ')') {
            if (depth === 0)
                return false;
            depth--;
        }
        else
            return false;
    }
    return !expectOperand && depth === 0;
}
/**
 * packaging.licenses.canonicalize_license_expression (26.2): the canonical form of a valid License-Expression
 * ('mit and (apache-2.0 or bsd-2-clause)' → 'MIT AND (Apache-2.0 OR BSD-2-Clause)'); throws
 * InvalidLicenseExpression with packaging's message for anything packaging refuses (see its `python` field
 * for the one case where packaging raises KeyError instead).
 */
function canonicalizeLicenseExpression(rawLicenseExpression) {
    const invalid = () => new InvalidLicenseExpression(`Invalid license expression: ${(0,python/* pyRepr */.n)(rawLicenseExpression)}`);
    // :102-104
    if (!rawLicenseExpression)
        throw invalid();
    // :108-114 parentheses padded so a whitespace split tokenizes; LicenseRef- ids keep their case after the
    // prefix (the last spelling of each wins, as in packaging's dict comprehension). A trailing '+' stays part
    // of the key here, which is why :174 can miss.
    const padded = rawLicenseExpression.replaceAll('(', ' ( ').replaceAll(')', ' ) ');
    const licenseRefs = new Map();
    for (const ref of licenses_pySplit(padded)) {
        if (ref.toLowerCase().startsWith('licenseref-'))
            licenseRefs.set(ref.toLowerCase(), 'LicenseRef-' + ref.slice('LicenseRef-'.length));
    }
    // :118-120
    const tokens = licenses_pySplit(padded.toLowerCase());
    // :126-147 the placeholder Python expression, and the two shapes packaging refuses before compiling it
    // (WITH stands in as `or`, so this pass only sees it between two operands)
    const pythonTokens = [];
    for (const token of tokens) {
        const last = pythonTokens.at(-1);
        if (!GRAMMAR.has(token))
            pythonTokens.push('False');
        else if (token === 'with')
            pythonTokens.push('or');
        else if ((token === '(' && last !== undefined && !['or', 'and', '('].includes(last)) || (token === ')' && last === '('))
            throw invalid();
        else
            pythonTokens.push(token);
    }
    if (!pythonCompiles(pythonTokens))
        throw invalid();
    // :150-179 the final pass: each id looked up, LicenseRef- checked; a token right after WITH must be a known
    // exception, and nothing else about WITH is checked (26.2 has no look at what precedes or follows it)
    const { licenses, exceptions } = spdxTables();
    const normalized = [];
    for (const token of tokens) {
        // :152-154
        if (GRAMMAR.has(token)) {
            normalized.push(token.toUpperCase());
            continue;
        }
        // :156-161
        if (normalized.at(-1) === 'WITH') {
            const exception = exceptions.get(token);
            if (exception === undefined)
                throw new InvalidLicenseExpression(`Unknown license exception: ${(0,python/* pyRepr */.n)(token)}`);
            normalized.push(exception.id);
            continue;
        }
        // :163-168
        const suffix = token.endsWith('+') ? '+' : '';
        const finalToken = suffix ? token.slice(0, -1) : token;
        if (finalToken.startsWith('licenseref-')) {
            // :170-174 the message quotes the token without its '+'
            if (!LICENSE_REF_ALLOWED.test(finalToken))
                throw new InvalidLicenseExpression(`Invalid licenseref: ${(0,python/* pyRepr */.n)(finalToken)}`);
            const spelled = licenseRefs.get(finalToken);
            if (spelled === undefined)
                throw new InvalidLicenseExpression((0,python/* pyRepr */.n)(finalToken), 'KeyError');
            normalized.push(spelled + suffix);
        }
        else {
            // :176-179
            const license = licenses.get(finalToken);
            if (license === undefined)
                throw new InvalidLicenseExpression(`Unknown license: ${(0,python/* pyRepr */.n)(finalToken)}`);
            normalized.push(license.id + suffix);
        }
    }
    // :181-186
    return normalized.join(' ').replaceAll('( ', '(').replaceAll(' )', ')');
}

;// CONCATENATED MODULE: ./src/warehouse/pep508.ts
// Dependency specifiers (PEP 508), version specifiers and versions (PEP 440) exactly as packaging 26.2 reads
// them: the tokenizer and recursive-descent parser of packaging/_tokenizer.py and _parser.py, Requirement
// (requirements.py), Marker's string form (markers.py), Specifier/SpecifierSet's syntax (specifiers.py) and
// Version's pattern and string form (version.py). Warehouse validates Requires-Dist, Provides-Dist,
// Obsoletes-Dist, Requires-Python and Version with these classes, so what they accept and their error text
// decide PyPI's answer. 26.2, not the newer 26.3, because warehouse pins packaging==26.2
// (requirements/main.txt at 6b62157); line citations are to the 26.2 tag. Where 26.2 differs from 26.3:
// a requirement may end in one '\n' (END is `$`); a bad quoted marker value and an invalid specifier inside a
// requirement raise exceptions nothing catches (PyPI answers HTTP 500, see PackagingCrash); '.*' after any
// operator has one message; marker values always print in double quotes; only top-level `extra` comparisons
// are normalized; a doubly parenthesized group prints without its parentheses.
//
// Python's regular expressions differ from JavaScript's in ways these patterns reach: `\s` and str.strip()
// know more spaces, `\b` and `\w` are Unicode-aware, and IGNORECASE outside `(?a:...)` lets 'ſ' match 's' and
// 'ı'/'İ' match 'i'. The patterns below spell those sets out. Every pattern is linear on hostile input: no
// nested quantifier can split the same text two ways.

/** Python's str.isspace() set, which is also `\s` in a str pattern and what str.strip() removes. */
const pep508_PY_SPACE = '\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const PY_SPACE_RUN_START = new RegExp(`^[${pep508_PY_SPACE}]+`);
const PY_SPACE_RUN_END = new RegExp(`[${pep508_PY_SPACE}]+$`);
/** Python's str.strip() with no argument. */
function pep508_pyStrip(text) {
    return text.replace(PY_SPACE_RUN_START, '').replace(PY_SPACE_RUN_END, '');
}
/** The number of code points before a UTF-16 index: Python counts positions in code points. */
const codePoints = (text, end) => [...text.slice(0, end)].length;
// ---------------------------------------------------------------------------------------------------------
// Versions (packaging/version.py)
/** ASCII case-insensitive spelling of a word, as `(?a:...)` under re.IGNORECASE matches it. */
function ascii(word) {
    return [...word].map(c => (/[a-z]/.test(c) ? `[${c}${c.toUpperCase()}]` : c)).join('');
}
/** Unicode case-insensitive spelling, as re.IGNORECASE matches outside `(?a:...)`: 'İ'/'ı' match i, 'ſ' s, 'K' k. */
function unicodeCase(word) {
    const extra = { i: '\\u0130\\u0131', s: '\\u017f', k: '\\u212a' };
    return [...word].map(c => (/[a-z]/.test(c) ? `[${c}${c.toUpperCase()}${extra[c] ?? ''}]` : c)).join('');
}
const alternatives = (words, spell) => `(?:${words.map(spell).join('|')})`;
// version.py:193 _VERSION_PATTERN (its possessive quantifiers accept exactly what the plain ones do here: no
// separator can start a following part), compiled with re.VERBOSE | re.IGNORECASE, the body inside (?a:...)
const VERSION_BODY = `[vV]?(?:([0-9]+)!)?([0-9]+(?:\\.[0-9]+)*)` +
    `(?:[._-]?(${alternatives(['alpha', 'a', 'beta', 'b', 'preview', 'pre', 'c', 'rc'], ascii)})[._-]?([0-9]+)?)?` +
    `(?:-([0-9]+)|[._-]?(${alternatives(['post', 'rev', 'r'], ascii)})[._-]?([0-9]+)?)?` +
    `(?:[._-]?(${ascii('dev')})[._-]?([0-9]+)?)?` +
    `(?:\\+([a-zA-Z0-9]+(?:[._-][a-zA-Z0-9]+)*))?`;
// version.py:392 Version._regex = \s* VERSION_PATTERN \s*, used with fullmatch
const VERSION_RE = new RegExp(`^[${pep508_PY_SPACE}]*${VERSION_BODY}[${pep508_PY_SPACE}]*$`);
const LETTER_NORMALIZATION = { alpha: 'a', beta: 'b', c: 'rc', pre: 'rc', preview: 'rc', rev: 'post', r: 'post' };
/** int(text) as Python prints it back: leading zeros dropped. */
const pep508_pyInt = (digits) => digits.replace(/^0+(?=[0-9])/, '');
/**
 * packaging's Version(text) (version.py:404): undefined where it raises InvalidVersion. A component longer than
 * Python's int() accepts (4300 digits) makes packaging raise a ValueError, not InvalidVersion; that text is
 * accepted here (it is no version anyone publishes).
 */
function parseVersion(text) {
    // version.py:418-436: the fast path for digits and dots gives the same verdict as the pattern
    const match = VERSION_RE.exec(text);
    if (!match)
        return undefined;
    const [, epoch, release, preLetter, preNumber, postImplicit, postLetter, postNumber, devLetter, devNumber, local] = match;
    let normalized = release.split('.').map(pep508_pyInt).join('.');
    if (epoch !== undefined && pep508_pyInt(epoch) !== '0')
        normalized = `${pep508_pyInt(epoch)}!${normalized}`;
    if (preLetter !== undefined) {
        const letter = preLetter.toLowerCase();
        normalized += `${LETTER_NORMALIZATION[letter] ?? letter}${pep508_pyInt(preNumber ?? '0')}`;
    }
    if (postImplicit !== undefined)
        normalized += `.post${pep508_pyInt(postImplicit)}`;
    else if (postLetter !== undefined)
        normalized += `.post${pep508_pyInt(postNumber ?? '0')}`;
    if (devLetter !== undefined)
        normalized += `.dev${pep508_pyInt(devNumber ?? '0')}`;
    let localLabel;
    if (local !== undefined) {
        localLabel = local
            .split(/[._-]/)
            .map(part => (/^[0-9]+$/.test(part) ? pep508_pyInt(part) : part.toLowerCase()))
            .join('.');
        normalized += `+${localLabel}`;
    }
    return localLabel === undefined ? { normalized } : { normalized, local: localLabel };
}
// ---------------------------------------------------------------------------------------------------------
// Specifiers (packaging/specifiers.py)
const PRE_WORDS = ['alpha', 'beta', 'preview', 'pre', 'a', 'b', 'c', 'rc'];
const POST_WORDS = ['post', 'rev', 'r'];
/** The three optional release suffixes of a specifier's version, spelled with `spell`. */
function suffixes(spell) {
    return (`(?:[-_.]?${alternatives(PRE_WORDS, spell)}[-_.]?[0-9]*)?` +
        `(?:-[0-9]+|[-_.]?${alternatives(POST_WORDS, spell)}[-_.]?[0-9]*)?` +
        `(?:[-_.]?${spell('dev')}[-_.]?[0-9]*)?`);
}
// specifiers.py:466 Specifier._specifier_regex_str (re.VERBOSE | re.IGNORECASE); `(?a:...)` groups are ASCII
const SPECIFIER_BODY = '(?:' +
    `===[${pep508_PY_SPACE}]*[^${pep508_PY_SPACE};)]*` +
    '|' +
    `(?:==|!=)[${pep508_PY_SPACE}]*[vV]?(?:[0-9]+!)?[0-9]+(?:\\.[0-9]+)*` +
    `(?:\\.\\*|${suffixes(ascii)}(?:\\+[a-zA-Z0-9]+(?:[-_.][a-zA-Z0-9]+)*)?)?` +
    '|' +
    `~=[${pep508_PY_SPACE}]*[vV]?(?:[0-9]+!)?[0-9]+(?:\\.[0-9]+)+${suffixes(unicodeCase)}` +
    '|' +
    `(?:<=|>=|<|>)[${pep508_PY_SPACE}]*[vV]?(?:[0-9]+!)?[0-9]+(?:\\.[0-9]+)*${suffixes(ascii)}` +
    ')';
const SPECIFIER_FULL = new RegExp(`^${SPECIFIER_BODY}$`);
/** packaging.specifiers.InvalidSpecifier. */
class InvalidSpecifier extends Error {
    name = 'InvalidSpecifier';
}
/** One Specifier(text) (specifiers.py:573): its str() form, operator and version, or InvalidSpecifier. */
function parseSpecifier(text) {
    // the item is already stripped, so `\s* regex \s*` (specifiers.py:558) is the bare pattern
    if (!SPECIFIER_FULL.test(text))
        throw new InvalidSpecifier(`Invalid specifier: ${(0,python/* pyRepr */.n)(text)}`);
    const operator = text.startsWith('===') ? '===' : /^(?:~=|==|!=|<=|>=)/.test(text) ? text.slice(0, 2) : text.slice(0, 1);
    return `${operator}${pep508_pyStrip(text.slice(operator.length))}`;
}
/** SpecifierSet(text) (specifiers.py:1362): split at commas, each part stripped and parsed; throws InvalidSpecifier. */
function parseSpecifierSet(text) {
    const parts = text
        .split(',')
        .map(pep508_pyStrip)
        .filter(part => part !== '');
    return { specifiers: parts.map(parseSpecifier) };
}
/**
 * Specifier._canonical_spec (specifiers.py:851): what Specifier equality and hashing compare. A `~=` version the
 * specifier pattern takes but Version refuses ('~=1.0.poſt1': the pattern matches 'ſ' as 's', Version is ASCII)
 * fails the assertion at specifiers.py:630.
 */
function canonicalSpecifier(specifier) {
    const operator = /^(?:===|~=|==|!=|<=|>=|<|>)/.exec(specifier)[0];
    const version = specifier.slice(operator.length);
    if (operator === '===' || version.endsWith('.*'))
        return specifier;
    const match = VERSION_RE.exec(version);
    if (!match)
        throw new PackagingCrash('AssertionError', `str(SpecifierSet) hashes ${(0,python/* pyRepr */.n)(specifier)}, whose version Version() refuses`);
    // utils.py:119 canonicalize_version: trailing zeros of the release dropped (one kept), except for ~=
    let release = match[2].split('.').map(pep508_pyInt);
    if (operator !== '~=')
        while (release.length > 1 && release[release.length - 1] === '0')
            release = release.slice(0, -1);
    const normalized = parseVersion(version).normalized;
    const epoch = /^[0-9]+!/.exec(normalized)?.[0] ?? '';
    const rest = normalized.slice(epoch.length).replace(/^[0-9]+(?:\.[0-9]+)*/, '');
    return `${operator}${epoch}${release.join('.')}${rest}`;
}
/**
 * str(SpecifierSet) (specifiers.py:1525): with two or more specifiers, sorted by text and those equal to an
 * earlier one dropped (1407); throws PackagingCrash where that comparison fails (see canonicalSpecifier).
 */
function specifierSetString(set) {
    if (set.specifiers.length <= 1)
        return set.specifiers.join(',');
    const kept = new Map();
    for (const specifier of [...set.specifiers].sort(comparePy)) {
        const key = canonicalSpecifier(specifier);
        if (!kept.has(key))
            kept.set(key, specifier);
    }
    return [...kept.values()].join(',');
}
/** Python's ordering of str: by code point. */
function comparePy(a, b) {
    const x = [...a];
    const y = [...b];
    for (let i = 0; i < Math.min(x.length, y.length); i++) {
        const d = x[i].codePointAt(0) - y[i].codePointAt(0);
        if (d !== 0)
            return d;
    }
    return x.length - y.length;
}
// ---------------------------------------------------------------------------------------------------------
// The tokenizer (packaging/_tokenizer.py)
// Python's \b and \w in a str pattern: a word character is alphanumeric (any script) or '_'
const WORD = '[\\p{L}\\p{N}_]';
const WORD_START = `(?<!${WORD})`;
const WORD_END = `(?!${WORD})`;
const BOUNDARY = `(?:(?<=${WORD})(?!${WORD})|(?<!${WORD})(?=${WORD}))`;
const sticky = (source) => new RegExp(source, 'yu');
// _tokenizer.py:39 DEFAULT_RULES
const RULES = {
    LEFT_PARENTHESIS: sticky('\\('),
    RIGHT_PARENTHESIS: sticky('\\)'),
    LEFT_BRACKET: sticky('\\['),
    RIGHT_BRACKET: sticky('\\]'),
    SEMICOLON: sticky(';'),
    COMMA: sticky(','),
    QUOTED_STRING: sticky(`(?:'[^']*'|"[^"]*")`),
    OP: sticky('(?:===|==|~=|!=|<=|>=|<|>)'),
    BOOLOP: sticky(`${WORD_START}(?:or|and)${WORD_END}`),
    IN: sticky(`${WORD_START}in${WORD_END}`),
    NOT: sticky(`${WORD_START}not${WORD_END}`),
    VARIABLE: sticky(`${WORD_START}(?:python_version|python_full_version|os[._]name|sys[._]platform|platform_(?:release|system)` +
        `|platform[._](?:version|machine|python_implementation)|python_implementation|implementation_(?:name|version)` +
        `|extras?|dependency_groups)${WORD_END}`),
    SPECIFIER: sticky(SPECIFIER_BODY),
    AT: sticky('@'),
    URL: sticky('[^ \\t]+'),
    IDENTIFIER: sticky(`${WORD_START}[a-zA-Z0-9][a-zA-Z0-9._-]*${BOUNDARY}`),
    VERSION_PREFIX_TRAIL: sticky('\\.\\*'),
    VERSION_LOCAL_LABEL_TRAIL: sticky('\\+[a-z0-9]+(?:[-_.][a-z0-9]+)*'),
    WS: sticky('[ \\t]+'),
    // Python's `$` without MULTILINE (_tokenizer.py:87): the very end, or just before one final '\n'
    END: sticky('(?=\\n?$)')
};
/** packaging._tokenizer.ParserSyntaxError, with its str() as the message. */
class ParserSyntaxError extends Error {
    reason;
    source;
    span;
    name = 'ParserSyntaxError';
    constructor(reason, source, 
    /** Code-point offsets, as Python counts them. */
    span) {
        const marker = ' '.repeat(span[0]) + '~'.repeat(Math.max(0, span[1] - span[0])) + '^';
        super(`${reason}\n    ${source}\n    ${marker}`);
        this.reason = reason;
        this.source = source;
        this.span = span;
    }
}
/** Nesting of parenthesized markers PyPI's parser survives: past it Python's recursion limit ends the request. */
const MAX_MARKER_NESTING = 400;
/**
 * An exception packaging 26.2 raises that neither it nor warehouse catches: PyPI answers with a server error
 * (HTTP 500) instead of a 400 with a reason. `exception` is the Python exception's name.
 */
class PackagingCrash extends Error {
    exception;
    name = 'PackagingCrash';
    constructor(exception, message) {
        super(message);
        this.exception = exception;
    }
}
/** Raised where packaging would hit RecursionError. */
class MarkerTooDeep extends PackagingCrash {
    name = 'MarkerTooDeep';
    constructor() {
        super('RecursionError', 'maximum recursion depth exceeded');
    }
}
class Tokenizer {
    source;
    position = 0;
    next;
    depth = 0;
    constructor(source) {
        this.source = source;
    }
    consume(name) {
        if (this.check(name))
            this.read();
    }
    check(name, peek = false) {
        const rule = RULES[name];
        rule.lastIndex = this.position;
        const match = rule.exec(this.source);
        if (!match)
            return false;
        if (!peek)
            this.next = { name, text: match[0], position: this.position };
        return true;
    }
    expect(name, expected) {
        if (!this.check(name))
            this.raise(`Expected ${expected}`);
        return this.read();
    }
    read() {
        const token = this.next;
        this.position += token.text.length;
        this.next = undefined;
        return token;
    }
    raise(message, spanStart, spanEnd) {
        const start = spanStart ?? this.position;
        const end = spanEnd ?? this.position;
        throw new ParserSyntaxError(message, this.source, [codePoints(this.source, start), codePoints(this.source, end)]);
    }
    /** _tokenizer.py:173 enclosing_tokens: the body runs between an optional open token and its matching close. */
    enclosing(open, close, around, body) {
        let openPosition;
        if (this.check(open)) {
            openPosition = this.position;
            this.read();
        }
        const result = body();
        if (openPosition === undefined)
            return result;
        if (!this.check(close))
            this.raise(`Expected matching ${close} for ${open}, after ${around}`, openPosition);
        this.read();
        return result;
    }
}
function parseRequirementTokens(tokenizer) {
    tokenizer.consume('WS');
    const name = tokenizer.expect('IDENTIFIER', 'package name at the start of dependency specifier').text;
    tokenizer.consume('WS');
    const extras = parseExtras(tokenizer);
    tokenizer.consume('WS');
    const { url, specifier, marker } = parseRequirementDetails(tokenizer);
    tokenizer.expect('END', 'end of dependency specifier');
    return marker === undefined ? { name, url, extras, specifier } : { name, url, extras, specifier, marker };
}
function parseRequirementDetails(tokenizer) {
    if (tokenizer.check('AT')) {
        tokenizer.read();
        tokenizer.consume('WS');
        const urlStart = tokenizer.position;
        const url = tokenizer.expect('URL', 'URL after @').text;
        if (tokenizer.check('END', true))
            return { url, specifier: '' };
        tokenizer.expect('WS', 'whitespace after URL');
        if (tokenizer.check('END', true))
            return { url, specifier: '' };
        return { url, specifier: '', marker: parseRequirementMarker(tokenizer, urlStart, 'semicolon (after URL and whitespace)') };
    }
    const specifierStart = tokenizer.position;
    const specifier = parseSpecifier508(tokenizer);
    tokenizer.consume('WS');
    if (tokenizer.check('END', true))
        return { url: '', specifier };
    const expected = specifier ? 'comma (within version specifier), semicolon (after version specifier)' : 'semicolon (after name with no version specifier)';
    return { url: '', specifier, marker: parseRequirementMarker(tokenizer, specifierStart, expected) };
}
function parseRequirementMarker(tokenizer, spanStart, expected) {
    if (!tokenizer.check('SEMICOLON'))
        tokenizer.raise(`Expected ${expected} or end`, spanStart);
    tokenizer.read();
    const marker = parseMarker(tokenizer);
    tokenizer.consume('WS');
    return marker;
}
function parseExtras(tokenizer) {
    if (!tokenizer.check('LEFT_BRACKET', true))
        return [];
    return tokenizer.enclosing('LEFT_BRACKET', 'RIGHT_BRACKET', 'extras', () => {
        tokenizer.consume('WS');
        const extras = parseExtrasList(tokenizer);
        tokenizer.consume('WS');
        return extras;
    });
}
function parseExtrasList(tokenizer) {
    const extras = [];
    if (!tokenizer.check('IDENTIFIER'))
        return extras;
    extras.push(tokenizer.read().text);
    for (;;) {
        tokenizer.consume('WS');
        if (tokenizer.check('IDENTIFIER', true))
            tokenizer.raise('Expected comma between extra names');
        else if (!tokenizer.check('COMMA'))
            break;
        tokenizer.read();
        tokenizer.consume('WS');
        extras.push(tokenizer.expect('IDENTIFIER', 'extra name after comma').text);
    }
    return extras;
}
function parseSpecifier508(tokenizer) {
    return tokenizer.enclosing('LEFT_PARENTHESIS', 'RIGHT_PARENTHESIS', 'version specifier', () => {
        tokenizer.consume('WS');
        const specifiers = parseVersionMany(tokenizer);
        tokenizer.consume('WS');
        return specifiers;
    });
}
function parseVersionMany(tokenizer) {
    let specifiers = '';
    while (tokenizer.check('SPECIFIER')) {
        const spanStart = tokenizer.position;
        const specifier = tokenizer.read().text;
        specifiers += specifier;
        if (tokenizer.check('VERSION_PREFIX_TRAIL', true)) {
            // _parser.py:268: one message whatever the operator (26.3 words '==1.0a1.*' differently)
            const message = '.* suffix can only be used with `==` or `!=` operators';
            // the span ends one code point past the specifier (the '.' of '.*')
            throw new ParserSyntaxError(message, tokenizer.source, [codePoints(tokenizer.source, spanStart), codePoints(tokenizer.source, tokenizer.position) + 1]);
        }
        if (tokenizer.check('VERSION_LOCAL_LABEL_TRAIL', true)) {
            tokenizer.raise('Local version label can only be used with `==` or `!=` operators', spanStart);
        }
        tokenizer.consume('WS');
        if (!tokenizer.check('COMMA'))
            break;
        specifiers += tokenizer.read().text;
        tokenizer.consume('WS');
    }
    return specifiers;
}
function parseMarker(tokenizer) {
    const expression = [parseMarkerAtom(tokenizer)];
    while (tokenizer.check('BOOLOP')) {
        const token = tokenizer.read();
        const right = parseMarkerAtom(tokenizer);
        expression.push(token.text, right);
    }
    return expression;
}
function parseMarkerAtom(tokenizer) {
    tokenizer.consume('WS');
    let marker;
    if (tokenizer.check('LEFT_PARENTHESIS', true)) {
        if (++tokenizer.depth > MAX_MARKER_NESTING)
            throw new MarkerTooDeep();
        marker = tokenizer.enclosing('LEFT_PARENTHESIS', 'RIGHT_PARENTHESIS', 'marker expression', () => {
            tokenizer.consume('WS');
            const inner = parseMarker(tokenizer);
            tokenizer.consume('WS');
            return inner;
        });
        tokenizer.depth--;
    }
    else {
        marker = parseMarkerItem(tokenizer);
    }
    tokenizer.consume('WS');
    return marker;
}
function parseMarkerItem(tokenizer) {
    tokenizer.consume('WS');
    const left = parseMarkerVar(tokenizer);
    tokenizer.consume('WS');
    const op = parseMarkerOp(tokenizer);
    tokenizer.consume('WS');
    const right = parseMarkerVar(tokenizer);
    tokenizer.consume('WS');
    return { left, op, right };
}
function parseMarkerVar(tokenizer) {
    if (tokenizer.check('VARIABLE')) {
        const name = tokenizer.read().text.replace(/\./g, '_');
        const variable = name === 'platform_python_implementation' || name === 'python_implementation' ? 'platform_python_implementation' : name;
        return { kind: 'variable', value: variable };
    }
    if (tokenizer.check('QUOTED_STRING')) {
        const token = tokenizer.read();
        const value = pythonStringLiteral(token.text);
        // _parser.py:371 process_python_str: ast.literal_eval's SyntaxError is not turned into a ParserSyntaxError
        if (value === undefined)
            throw new PackagingCrash('SyntaxError', `ast.literal_eval cannot read the marker value ${token.text}`);
        return { kind: 'value', value };
    }
    tokenizer.raise('Expected a marker variable or quoted string');
}
function parseMarkerOp(tokenizer) {
    if (tokenizer.check('IN')) {
        tokenizer.read();
        return 'in';
    }
    if (tokenizer.check('NOT')) {
        tokenizer.read();
        tokenizer.expect('WS', "whitespace after 'not'");
        tokenizer.expect('IN', "'in' after 'not'");
        return 'not in';
    }
    if (tokenizer.check('OP'))
        return tokenizer.read().text;
    tokenizer.raise('Expected marker operator, one of <=, <, !=, ==, >=, >, ~=, ===, in, not in');
}
/**
 * ast.literal_eval of a quoted marker value (_parser.py:process_python_str): the escapes of a Python str literal,
 * or undefined where Python raises SyntaxError/ValueError. `\N{name}` is taken on trust when spelled as a name.
 */
function pythonStringLiteral(literal) {
    const body = literal.slice(1, -1);
    let out = '';
    for (let i = 0; i < body.length; i++) {
        const char = body[i];
        // a raw line break ends the literal unterminated; Python refuses NUL in source text
        if (char === '\n' || char === '\r' || char === '\0')
            return undefined;
        if (char !== '\\') {
            out += char;
            continue;
        }
        const next = body[i + 1];
        // a backslash before the closing quote escapes it: the literal is unterminated
        if (next === undefined)
            return undefined;
        i++;
        const simple = { '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };
        if (next === '\n')
            continue;
        if (next === '\r') {
            if (body[i + 1] === '\n')
                i++;
            continue;
        }
        if (next in simple)
            out += simple[next];
        else if (/[0-7]/.test(next)) {
            const digits = /^[0-7]{1,3}/.exec(body.slice(i))[0];
            out += String.fromCodePoint(parseInt(digits, 8));
            i += digits.length - 1;
        }
        else if (next === 'x' || next === 'u' || next === 'U') {
            const width = next === 'x' ? 2 : next === 'u' ? 4 : 8;
            const hex = body.slice(i + 1, i + 1 + width);
            if (!new RegExp(`^[0-9a-fA-F]{${width}}$`).test(hex))
                return undefined;
            const code = parseInt(hex, 16);
            if (code > 0x10ffff)
                return undefined;
            out += String.fromCodePoint(code);
            i += width;
        }
        else if (next === 'N') {
            // Unicode names and aliases are spelled with letters, digits, spaces and hyphens; whether one exists is
            // not checked (no name table here)
            const named = /^\{([A-Za-z0-9 -]+)\}/.exec(body.slice(i + 1));
            if (!named)
                return undefined;
            out += `\\N{${named[1]}}`;
            i += named[0].length;
        }
        else
            out += `\\${next}`;
    }
    return out;
}
// ---------------------------------------------------------------------------------------------------------
// Requirement (packaging/requirements.py) and Marker's string form (markers.py)
/** packaging.requirements.InvalidRequirement; its message is str(exc) as warehouse prints it. */
class InvalidRequirement extends Error {
    name = 'InvalidRequirement';
}
/** PEP 503 normalization, as canonicalize_name (without validation) does it. */
function pep508_canonicalizeName(name) {
    return name.toLowerCase().replace(/[-_.]+/g, '-');
}
/**
 * markers.py:152 _normalize_extras, applied by _normalize_extra_values (168) to the top-level items only: the
 * other side of an `extra` comparison becomes its normalized name, even when it is a variable.
 */
function normalizeExtras(marker) {
    return marker.map(item => {
        if (typeof item === 'string' || Array.isArray(item))
            return item;
        const { left, op, right } = item;
        const normalized = (v) => ({ kind: 'value', value: pep508_canonicalizeName(v.value) });
        if (left.kind === 'variable' && left.value === 'extra')
            return { left, op, right: normalized(right) };
        if (right.kind === 'variable' && right.value === 'extra')
            return { left: normalized(left), op, right };
        return item;
    });
}
/** _parser.py:69 Value.serialize: double quotes, whatever the value holds. */
const serializeVar = (v) => (v.kind === 'variable' ? v.value : `"${v.value}"`);
/** markers.py:176 _format_marker. */
function formatMarker(marker, first = true) {
    if (typeof marker === 'string')
        return marker;
    if (!Array.isArray(marker))
        return `${serializeVar(marker.left)} ${marker.op} ${serializeVar(marker.right)}`;
    // a one-item list is unwrapped and formatted as if outermost, so ((a or b)) and c loses its parentheses
    if (marker.length === 1 && typeof marker[0] !== 'string')
        return formatMarker(marker[0]);
    const inner = marker.map(m => formatMarker(m, false));
    return first ? inner.join(' ') : `(${inner.join(' ')})`;
}
/**
 * Requirement(text) (requirements.py:53): throws InvalidRequirement with packaging's message (the parser's
 * three-line syntax error), or PackagingCrash where 26.2 lets another exception escape: a marker value
 * ast.literal_eval refuses, a specifier SpecifierSet refuses (InvalidSpecifier, not caught at
 * requirements.py:61), nesting deep enough for RecursionError.
 */
function parseRequirement(text) {
    let parsed;
    try {
        parsed = parseRequirementTokens(new Tokenizer(text));
    }
    catch (error) {
        if (error instanceof ParserSyntaxError)
            throw new InvalidRequirement(error.message);
        throw error;
    }
    let specifiers;
    try {
        specifiers = parseSpecifierSet(parsed.specifier);
    }
    catch (error) {
        if (error instanceof InvalidSpecifier)
            throw new PackagingCrash('InvalidSpecifier', error.message);
        throw error;
    }
    const requirement = { name: parsed.name, extras: [...new Set(parsed.extras)], specifier: specifiers };
    if (parsed.url)
        requirement.url = parsed.url;
    if (parsed.marker !== undefined)
        requirement.marker = formatMarker(normalizeExtras(parsed.marker));
    return requirement;
}
/** str(Requirement) (requirements.py:68 _iter_parts); throws PackagingCrash where str(SpecifierSet) does. */
function requirementString(requirement) {
    let out = requirement.name;
    if (requirement.extras.length > 0)
        out += `[${[...requirement.extras].sort(comparePy).join(',')}]`;
    out += specifierSetString(requirement.specifier);
    if (requirement.url) {
        out += ` @ ${requirement.url}`;
        if (requirement.marker)
            out += ' ';
    }
    if (requirement.marker)
        out += `; ${requirement.marker}`;
    return out;
}

;// CONCATENATED MODULE: ./src/warehouse/uri.ts
// Whether warehouse takes a Home-page, Download-URL or Project-URL as a URL: warehouse/utils/http.py:48
// is_valid_uri, which parses with rfc3986 2.0.0 (uri_reference(uri).normalize()) and checks the scheme, host,
// port, path and query with its Validator. rfc3986 is lenient in ways worth keeping exactly: an authority it
// cannot parse is dropped by normalize() rather than refused (so 'http://exa mple.com/' passes), and path and
// query are percent-encoded before they are checked (so a space passes). What fails: a scheme other than http
// or https (or none), a port above 65535, '[' or ']' in the path or query, an IPv6 zone written the RFC 4007 way.
// rfc3986/abnf_regexp.py, character classes as the validator's patterns use them
const UNRESERVED = 'A-Za-z0-9._~\\-';
const SUB_DELIMITERS = "!$&'()*+,;=";
const PCT_ENCODED = '%[A-Fa-f0-9]{2}';
const REG_NAME = `((?:%[0-9A-Fa-f]{2}|[${SUB_DELIMITERS}${UNRESERVED}])*)`;
const IPV4 = '([0-9]{1,3}\\.){3}[0-9]{1,3}';
const HEX = '[0-9A-Fa-f]{1,4}';
const LS32 = `(${HEX}:${HEX}|${IPV4})`;
const IPV6 = '(' +
    [
        `(${HEX}:){6}${LS32}`,
        `::(${HEX}:){5}${LS32}`,
        `(${HEX})?::(${HEX}:){4}${LS32}`,
        `((${HEX}:)?${HEX})?::(${HEX}:){3}${LS32}`,
        `((${HEX}:){0,2}${HEX})?::(${HEX}:){2}${LS32}`,
        `((${HEX}:){0,3}${HEX})?::${HEX}:${LS32}`,
        `((${HEX}:){0,4}${HEX})?::${LS32}`,
        `((${HEX}:){0,5}${HEX})?::${HEX}`,
        `((${HEX}:){0,6}${HEX})?::`
    ]
        .map(v => `(${v})`)
        .join('|') +
    ')';
const ZONE_ID = `(?:[${UNRESERVED}]|${PCT_ENCODED})+`;
const IPV6_ADDRZ_RFC4007 = `${IPV6}(?:(?:%25|%)${ZONE_ID})?`;
const IPV6_ADDRZ = `${IPV6}(?:%25${ZONE_ID})?`;
const IPV_FUTURE = `v[0-9A-Fa-f]+\\.[${UNRESERVED}${SUB_DELIMITERS}:]+`;
const IP_LITERAL = `\\[(${IPV6_ADDRZ_RFC4007}|${IPV_FUTURE})\\]`;
const HOST = `(${REG_NAME}|${IPV4}|${IP_LITERAL})`;
const USERINFO = `([${UNRESERVED}${SUB_DELIMITERS}:]|${PCT_ENCODED})+`;
// Python's `$` also matches before a final newline: 'example.com\n' is an authority rfc3986 parses
const END = '\\n?$';
// misc.py URI_MATCHER (abnf_regexp.URL_PARSING_RE), used with match(): every part optional
const URI = /^(?:([a-zA-Z][a-zA-Z0-9+.-]*):)?(?:\/\/([^\\/?#]*))?([^?#]*)(?:\?([^#]*))?/;
// misc.py SUBAUTHORITY_MATCHER
const SUBAUTHORITY = new RegExp(`^(?:(?<userinfo>${USERINFO})@)?(?<host>${HOST}):?(?<port>[0-9]{1,5})?${END}`);
const IPV4_HOST = new RegExp(`^${IPV4}${END}`);
const IPV6_HOST = new RegExp(`^\\[${IPV6_ADDRZ_RFC4007}\\]${END}`);
const IPV6_HOST_NO_RFC4007 = new RegExp(`^\\[${IPV6_ADDRZ}\\]${END}`);
const SCHEME = new RegExp(`^[a-zA-Z][a-zA-Z0-9+.-]*${END}`);
// what survives normalizers.encode_component unencoded: the reserved and unreserved characters (and '%')
const NON_PCT_ENCODED = /[:/?#[\]@!$&'()*+,;=A-Za-z0-9._~-]/;
// PATH_RE's five alternatives together, and QUERY_RE: pchar (and '/', and for a query '?') or %XX
const PATH = new RegExp(`^(?:[${UNRESERVED}${SUB_DELIMITERS}:@/]|${PCT_ENCODED})*${END}`);
const QUERY = new RegExp(`^(?:[/?:@${UNRESERVED}${SUB_DELIMITERS}]|${PCT_ENCODED})*${END}`);
/** _mixin.py authority_info: the parts, or undefined where rfc3986 raises InvalidAuthority. */
function authorityInfo(authority) {
    if (!authority)
        return {};
    const match = SUBAUTHORITY.exec(authority)?.groups;
    if (!match)
        return undefined;
    const { userinfo, host, port } = match;
    if (host && IPV4_HOST.test(host) && !host.split('.').every(byte => Number(byte) <= 255))
        return undefined;
    const parts = {};
    if (userinfo !== undefined)
        parts.userinfo = userinfo;
    if (host !== undefined)
        parts.host = host;
    if (port !== undefined)
        parts.port = port;
    return parts;
}
/** normalizers.py normalize_host: lower case, and an RFC 4007 zone's '%' written as '%25'. */
function normalizeHost(host) {
    if (IPV6_HOST.test(host)) {
        const percent = host.indexOf('%');
        if (percent !== -1) {
            const percent25 = host.indexOf('%25');
            if (percent25 === -1 || percent < percent25 || (percent === percent25 && percent25 === host.length - 4)) {
                host = host.replace('%', '%25');
            }
            return host.slice(0, percent).toLowerCase() + host.slice(percent);
        }
    }
    return host.toLowerCase();
}
const upperPercent = (text) => text.replace(/%[A-Fa-f0-9]{2}/g, m => m.toUpperCase());
/** normalizers.py normalize_authority, from the parts authority_info found (none when it raised). */
function normalizeAuthority(parts) {
    let result = '';
    if (parts?.userinfo)
        result += `${upperPercent(parts.userinfo)}@`;
    if (parts?.host)
        result += normalizeHost(parts.host);
    if (parts?.port)
        result += `:${parts.port}`;
    return result;
}
/** normalizers.py encode_component: percent-encodes UTF-8 bytes outside the reserved/unreserved set. */
function encodeComponent(component) {
    const bytes = Buffer.from(component, 'utf8');
    const valid = component.match(/%[A-Fa-f0-9]{2}/g)?.length ?? 0;
    const percentEncoded = valid === bytes.filter(b => b === 0x25).length;
    let out = '';
    for (const byte of bytes) {
        const char = String.fromCharCode(byte);
        if ((percentEncoded && byte === 0x25) || (byte < 128 && NON_PCT_ENCODED.test(char)))
            out += char;
        else
            out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    }
    return out;
}
/** warehouse/utils/http.py:48 is_valid_uri (warehouse calls it with require_authority=False for metadata URLs). */
function isValidUri(uri, { allowedSchemes = ['http', 'https'], requireAuthority = true } = {}) {
    const [, scheme, authority, path = '', query] = URI.exec(uri);
    // URIReference.normalize(): scheme lower case ('' when absent), authority rebuilt from what parses
    const normalizedScheme = (scheme ?? '').toLowerCase();
    const parts = authorityInfo(normalizeAuthority(authorityInfo(authority))) ?? {};
    const normalizedPath = upperPercent(encodeComponent(path));
    const normalizedQuery = query === undefined ? undefined : upperPercent(encodeComponent(query));
    // Validator.validate: required components (require_scheme never fails: normalize() makes a missing scheme
    // ''), valid components, then the allowed schemes
    if (requireAuthority && parts.host === undefined)
        return false;
    if (!SCHEME.test(normalizedScheme))
        return false;
    if (parts.host !== undefined && IPV6_HOST.test(parts.host) && !IPV6_HOST_NO_RFC4007.test(parts.host))
        return false;
    if (parts.port !== undefined && parts.port !== '' && Number(parts.port) > 65535)
        return false;
    if (!PATH.test(normalizedPath))
        return false;
    if (normalizedQuery !== undefined && !QUERY.test(normalizedQuery))
        return false;
    return allowedSchemes.length === 0 || allowedSchemes.map(s => s.toLowerCase()).includes(normalizedScheme);
}

;// CONCATENATED MODULE: ./src/warehouse/metadata.ts
// Every reason PyPI's upload endpoint refuses an upload for its form's metadata, in warehouse's words and in
// the order warehouse evaluates them (warehouse at 6b62157, packaging 26.3 aligned to 26.2, the release warehouse pins, where they differ in a verdict:
// the Summary line check, Description-Content-Type's defects and exact charset, Metadata-Version 2.6):
//   1. forklift/decorators.py sanitize: 'UNKNOWN' values dropped, NUL escaped;
//   2. forklift/legacy.py file_upload: protocol_version, then forms.py UploadForm (name, filetype, pyversion,
//      digests), worded as legacy.py:660-696 words form errors;
//   3. forklift/metadata.py parse_form_metadata: form fields to packaging's RawMetadata;
//   4. packaging.metadata.Metadata.from_raw(validate=True): every field's own rules;
//   5. forklift/metadata.py _validate_metadata: PyPI's rules on top.
// PyPI stops at the first stage that fails and answers with one error (legacy.py:705-740 picks it); this
// reports all of them, each worded as PyPI would answer if it were the one. A field a stage refused is not
// judged again by a later stage.






const metadata_LEGACY = 'warehouse/forklift/legacy.py';
const FORMS = 'warehouse/forklift/forms.py';
const META = 'warehouse/forklift/metadata.py';
const PACKAGING = 'packaging/metadata.py';
const CORE_METADATA_URL = 'https://packaging.python.org/specifications/core-metadata';
const LOCAL_VERSION_URL = 'https://packaging.python.org/en/latest/specifications/version-specifiers/#local-version-identifiers';
/** How the Core Metadata specification spells each field packaging names in lower case. */
const FIELD_NAMES = {
    author: 'Author',
    'author-email': 'Author-email',
    classifier: 'Classifier',
    description: 'Description',
    'description-content-type': 'Description-Content-Type',
    'download-url': 'Download-URL',
    dynamic: 'Dynamic',
    'home-page': 'Home-page',
    'import-name': 'Import-Name',
    'import-namespace': 'Import-Namespace',
    keywords: 'Keywords',
    license: 'License',
    'license-expression': 'License-Expression',
    'license-file': 'License-File',
    maintainer: 'Maintainer',
    'maintainer-email': 'Maintainer-email',
    'metadata-version': 'Metadata-Version',
    name: 'Name',
    obsoletes: 'Obsoletes',
    'obsoletes-dist': 'Obsoletes-Dist',
    platform: 'Platform',
    'project-url': 'Project-URL',
    provides: 'Provides',
    'provides-dist': 'Provides-Dist',
    'provides-extra': 'Provides-Extra',
    requires: 'Requires',
    'requires-dist': 'Requires-Dist',
    'requires-external': 'Requires-External',
    'requires-python': 'Requires-Python',
    summary: 'Summary',
    'supported-platform': 'Supported-Platform',
    version: 'Version'
};
/** legacy.py:733-738: a metadata error as PyPI answers it. */
function metadataMessage(error, seeUrl = CORE_METADATA_URL) {
    return `${error}${error.endsWith('.') ? '' : '.'} See ${seeUrl} for more information.`;
}
function metadataBreach(rule, emailName, error, source, seeUrl) {
    return { rule, field: FIELD_NAMES[emailName] ?? emailName, message: metadataMessage(error, seeUrl), source };
}
/** Where an exception escapes packaging 26.2 and warehouse: no reason to quote, PyPI answers HTTP 500. */
class ServerError {
    message;
    constructor(message) {
        this.message = message;
    }
}
const metadata_serverError = (value, why) => new ServerError(`PyPI fails with a server error (HTTP 500) on ${(0,python/* pyRepr */.n)(value)}: ${why}`);
const crashWhy = (crash) => `packaging 26.2 raises ${crash.exception} (${crash.message}), which nothing catches`;
function serverErrorBreach(rule, emailName, error, source) {
    return { rule, status: 500, field: FIELD_NAMES[emailName] ?? emailName, message: error.message, source };
}
/** A Python exception str.format_map raises, named. */
class FormatError extends Error {
}
/** format(text, spec) for a str (Objects/unicodeobject.c, Python/formatter_unicode.c). */
function formatString(text, spec) {
    const match = /^(?:([^]?)([<>=^]))?([-+ ])?(z)?(#)?(0)?([0-9]*)([,_])?(?:\.([0-9]*))?([^]?)$/u.exec(spec);
    if (!match)
        throw new FormatError('ValueError');
    const [, fillGiven, alignGiven, sign, z, alternate, zero, width, grouping, precision, type] = match;
    if (sign || z || alternate || grouping || alignGiven === '=' || (precision !== undefined && precision === '') || (type && type !== 's')) {
        throw new FormatError('ValueError');
    }
    let chars = [...text];
    if (precision)
        chars = chars.slice(0, Number(precision));
    const align = alignGiven ?? '<';
    const fill = alignGiven ? fillGiven || ' ' : zero ? '0' : ' ';
    const pad = Math.max(0, Number(width || 0) - chars.length);
    const left = align === '>' ? pad : align === '^' ? Math.floor(pad / 2) : 0;
    return fill.repeat(left) + chars.join('') + fill.repeat(pad - left);
}
/**
 * packaging 26.2's _invalid_metadata (metadata.py:572) passes every message through
 * msg.format_map({"field": repr(raw_name)}), with the user's value already inside it: braces in the value are
 * read as replacement fields. Returns the text, or throws FormatError where Python raises (KeyError, ValueError,
 * IndexError, AttributeError...), which nothing catches. Attribute access (`{field.upper}`) is taken as failing.
 */
function formatMap(template, field, depth = 2) {
    let out = '';
    let i = 0;
    while (i < template.length) {
        const char = template[i];
        if (char === '}') {
            if (template[i + 1] !== '}')
                throw new FormatError('ValueError');
            out += '}';
            i += 2;
            continue;
        }
        if (char !== '{') {
            out += char;
            i++;
            continue;
        }
        if (template[i + 1] === '{') {
            out += '{';
            i += 2;
            continue;
        }
        // the replacement field runs to the brace closing it, nested braces counted
        let level = 1;
        let end = i + 1;
        for (; end < template.length && level > 0; end++) {
            if (template[end] === '{')
                level++;
            else if (template[end] === '}')
                level--;
        }
        if (level > 0)
            throw new FormatError('ValueError');
        out += replacementField(template.slice(i + 1, end - 1), field, depth);
        i = end;
    }
    return out;
}
/** One `{name[index]!conversion:spec}` of formatMap, with {"field": field} as the mapping. */
function replacementField(body, field, depth) {
    if (depth === 0)
        throw new FormatError('ValueError');
    let nameEnd = 0;
    while (nameEnd < body.length && body[nameEnd] !== '!' && body[nameEnd] !== ':') {
        if (body[nameEnd] === '[')
            nameEnd = body.indexOf(']', nameEnd) < 0 ? body.length : body.indexOf(']', nameEnd);
        nameEnd++;
    }
    const name = body.slice(0, nameEnd);
    let rest = body.slice(nameEnd);
    let conversion;
    if (rest.startsWith('!')) {
        conversion = rest[1];
        if (conversion === undefined || (rest.length > 2 && rest[2] !== ':'))
            throw new FormatError('ValueError');
        rest = rest.slice(2);
    }
    // parse_field's own refusals come before the name is looked up
    if (name.includes('{') || (name.includes('[') && !name.includes(']')))
        throw new FormatError('ValueError');
    const first = /^[^.[]*/.exec(name)[0];
    // an empty or numeric name is positional: format_map refuses those
    if (first === '' || /^[0-9]+$/.test(first))
        throw new FormatError('ValueError');
    if (first !== 'field')
        throw new FormatError('KeyError');
    let value = field;
    let chain = name.slice(first.length);
    while (chain) {
        const index = /^\[([^\]]*)\]/.exec(chain);
        if (!index)
            throw new FormatError('AttributeError');
        if (!/^[0-9]+$/.test(index[1]))
            throw new FormatError('TypeError');
        const chars = [...value];
        const at = Number(index[1]);
        if (at >= chars.length)
            throw new FormatError('IndexError');
        value = chars[at];
        chain = chain.slice(index[0].length);
    }
    if (conversion === 'r' || conversion === 'a')
        value = (0,python/* pyRepr */.n)(value);
    else if (conversion !== undefined && conversion !== 's')
        throw new FormatError('ValueError');
    const spec = rest.startsWith(':') ? formatMap(rest.slice(1), field, depth - 1) : '';
    return formatString(value, spec);
}
// ---------------------------------------------------------------------------------------------------------
// The request's form as webob holds it
/** webob's MultiDict, as much of it as warehouse uses: get() is the LAST value, getall() every value. */
class MultiDict {
    items;
    constructor(fields) {
        this.items = fields.map(([k, v]) => [k, v]);
    }
    get(key) {
        for (let i = this.items.length - 1; i >= 0; i--)
            if (this.items[i][0] === key)
                return this.items[i][1];
        return undefined;
    }
    getall(key) {
        return this.items.filter(([k]) => k === key).map(([, v]) => v);
    }
    delete(key) {
        this.items = this.items.filter(([k]) => k !== key);
    }
    /** __setitem__: every value of the key replaced by one, at the end. */
    set(key, value) {
        this.delete(key);
        this.items.push([key, value]);
    }
    keys() {
        return [...new Set(this.items.map(([k]) => k))];
    }
}
/** warehouse/forklift/decorators.py:20-36 sanitize: per key (each occurrence), its last value decides. */
function metadata_sanitize(fields) {
    const form = new MultiDict(fields);
    for (const key of form.items.map(([k]) => k)) {
        const value = form.get(key);
        if (value === undefined)
            continue;
        if (pep508_pyStrip(value) === 'UNKNOWN')
            form.delete(key);
        else if (value.includes('\0'))
            form.set(key, value.replace(/\0/g, '\\x00'));
    }
    return form;
}
// ---------------------------------------------------------------------------------------------------------
// legacy.py file_upload before the metadata: protocol_version and forms.py UploadForm (wtforms 3.2)
/** legacy.py:676-693: how a form field's first error is worded; only `name` has a description. */
function formMessage(field, data, error) {
    if (field === 'name') {
        const value = data && data.length > 60 ? `${data.slice(0, 30)}...${data.slice(-30)}` : (data ?? '');
        return `${(0,python/* pyRepr */.n)(value)} is an invalid value for Name. Error: ${error} See ${CORE_METADATA_URL} for more information.`;
    }
    return `Invalid value for ${field}. Error: ${error}`;
}
function formBreach(rule, field, data, error, line) {
    return { rule, field, message: formMessage(field, data, error), source: `${FORMS}:${line}` };
}
// warehouse/utils/project.py:38 PROJECT_NAME_RE (re.match, so only \Z ends it)
const PROJECT_NAME = /^(?:[A-Z0-9]|[A-Z0-9][A-Z0-9._-]*[A-Z0-9])$/i;
// forms.py:61/71, under re.match: Python's `$` also matches before a final newline
const HEX_DIGEST = /^[A-F0-9]{64}\n?$/i;
function checkUploadForm(form) {
    const breaches = [];
    // wtforms: a StringField's data is its FIRST value; InputRequired looks at that raw value
    const data = (name) => form.getall(name)[0];
    const present = (name) => form.getall(name).length > 0 && pep508_pyStrip(form.getall(name)[0]) !== '';
    const name = data('name');
    if (!name)
        breaches.push(formBreach('form-name', 'name', name, 'This field is required.', 34));
    else if (!PROJECT_NAME.test(name)) {
        breaches.push(formBreach('form-name', 'name', name, "Start and end with a letter or numeral containing only ASCII numeric and '.', '_' and '-'.", 35));
    }
    const filetype = data('filetype');
    if (!filetype)
        breaches.push(formBreach('form-filetype', 'filetype', filetype, 'This field is required.', 50));
    else if (filetype !== 'sdist' && filetype !== 'bdist_wheel')
        breaches.push(formBreach('form-filetype', 'filetype', filetype, 'Use a known file type.', 51));
    // Optional(): a blank value stops the chain before the pattern is tried
    if (present('sha256_digest') && !HEX_DIGEST.test(data('sha256_digest'))) {
        breaches.push(formBreach('form-digest', 'sha256_digest', data('sha256_digest'), 'Use a valid, hex-encoded, SHA256 message digest.', 61));
    }
    if (present('blake2_256_digest') && !HEX_DIGEST.test(data('blake2_256_digest'))) {
        breaches.push(formBreach('form-digest', 'blake2_256_digest', data('blake2_256_digest'), 'Use a valid, hex-encoded, BLAKE2 message digest.', 71));
    }
    // forms.py:82-119 run only once every field passed; judged here for a known file type whatever else failed
    const pyversion = data('pyversion');
    if (filetype === 'bdist_wheel' && !pyversion) {
        breaches.push(formBreach('form-pyversion', 'pyversion', pyversion, 'Python version is required for binary distribution uploads.', 97));
    }
    else if (filetype === 'sdist' && pyversion && pyversion !== 'source') {
        breaches.push(formBreach('form-pyversion', 'pyversion', pyversion, "Use 'source' as Python version for an sdist.", 108));
    }
    if (!data('md5_digest') && !data('sha256_digest') && !data('blake2_256_digest')) {
        breaches.push({ rule: 'form-digest', field: 'digests', message: 'Error: Include at least one message digest.', source: `${FORMS}:118` });
    }
    return breaches;
}
// ---------------------------------------------------------------------------------------------------------
// metadata.py:300-392 parse_form_metadata
// packaging/metadata.py _STRING_FIELDS and _LIST_FIELDS (raw names); the form names are the raw names but for
// metadata.py:289-296 _override
const STRING_FIELDS = new Set([
    'author',
    'author_email',
    'description',
    'description_content_type',
    'download_url',
    'home_page',
    'license',
    'license_expression',
    'maintainer',
    'maintainer_email',
    'metadata_version',
    'name',
    'requires_python',
    'summary',
    'version'
]);
const LIST_FIELDS = new Set([
    'classifiers',
    'dynamic',
    'license_files',
    'obsoletes',
    'obsoletes_dist',
    'platforms',
    'provides',
    'provides_dist',
    'provides_extra',
    'requires',
    'requires_dist',
    'requires_external',
    'supported_platforms',
    'import_names',
    'import_namespaces'
]);
const FORM_OVERRIDES = {
    platform: 'platforms',
    supported_platform: 'supported_platforms',
    license_file: 'license_files',
    import_name: 'import_names',
    import_namespace: 'import_namespaces'
};
const RAW_TO_EMAIL = {
    author: 'author',
    author_email: 'author-email',
    classifiers: 'classifier',
    description: 'description',
    description_content_type: 'description-content-type',
    download_url: 'download-url',
    dynamic: 'dynamic',
    home_page: 'home-page',
    import_names: 'import-name',
    import_namespaces: 'import-namespace',
    keywords: 'keywords',
    license: 'license',
    license_expression: 'license-expression',
    license_files: 'license-file',
    maintainer: 'maintainer',
    maintainer_email: 'maintainer-email',
    metadata_version: 'metadata-version',
    name: 'name',
    obsoletes: 'obsoletes',
    obsoletes_dist: 'obsoletes-dist',
    platforms: 'platform',
    project_urls: 'project-url',
    provides: 'provides',
    provides_dist: 'provides-dist',
    provides_extra: 'provides-extra',
    requires: 'requires',
    requires_dist: 'requires-dist',
    requires_external: 'requires-external',
    requires_python: 'requires-python',
    summary: 'summary',
    supported_platforms: 'supported-platform',
    version: 'version'
};
function rawName(formName) {
    if (formName in FORM_OVERRIDES)
        return FORM_OVERRIDES[formName];
    if (Object.values(FORM_OVERRIDES).includes(formName))
        return undefined;
    return formName in RAW_TO_EMAIL ? formName : undefined;
}
/** packaging's _parse_project_urls: undefined where a label repeats (a KeyError there). */
function parseProjectUrls(values) {
    const urls = new Map();
    for (const pair of values) {
        const comma = pair.indexOf(',');
        const label = pep508_pyStrip(comma < 0 ? pair : pair.slice(0, comma));
        const url = pep508_pyStrip(comma < 0 ? '' : pair.slice(comma + 1));
        if (urls.has(label))
            return undefined;
        urls.set(label, url);
    }
    return urls;
}
function parseFormMetadata(form, breaches) {
    const raw = new Map();
    const unparsed = new Set();
    for (const name of form.keys()) {
        const key = rawName(name);
        if (key === undefined)
            continue;
        const value = form.getall(name);
        // metadata.py:335: an empty string is as good as absent
        if (value.length === 1 && value[0] === '')
            continue;
        if (STRING_FIELDS.has(key) && value.length === 1)
            raw.set(key, value[0]);
        else if (LIST_FIELDS.has(key))
            raw.set(key, value);
        else if (key === 'keywords' && value.length === 1)
            raw.set(key, value[0].split(',').map(pep508_pyStrip));
        else if (key === 'project_urls' && parseProjectUrls(value) !== undefined)
            raw.set(key, parseProjectUrls(value));
        else {
            unparsed.add(key);
            breaches.push(metadataBreach('unparsed', RAW_TO_EMAIL[key], `${(0,python/* pyRepr */.n)(name)} has invalid data`, `${META}:383`));
        }
    }
    return { raw, unparsed };
}
// ---------------------------------------------------------------------------------------------------------
// packaging Metadata.from_raw(validate=True)
const VALID_METADATA_VERSIONS = ['1.0', '1.1', '1.2', '2.1', '2.2', '2.3', '2.4', '2.5'];
// the `added=` of each _Validator (metadata.py:928-1018); unlisted fields are 1.0's
const ADDED = {
    dynamic: '2.2',
    supported_platforms: '1.1',
    description_content_type: '2.1',
    download_url: '1.1',
    maintainer: '1.2',
    maintainer_email: '1.2',
    license_expression: '2.4',
    license_files: '2.4',
    classifiers: '1.1',
    requires_dist: '1.2',
    requires_python: '1.2',
    requires_external: '1.2',
    project_urls: '1.2',
    provides_extra: '2.1',
    provides_dist: '1.2',
    obsoletes_dist: '1.2',
    import_names: '2.5',
    import_namespaces: '2.5',
    requires: '1.1',
    provides: '1.1',
    obsoletes: '1.1'
};
// Metadata's validators in the order the class declares them (packaging iterates a frozenset: any order)
const FIELD_ORDER = [
    'name',
    'version',
    'dynamic',
    'platforms',
    'supported_platforms',
    'summary',
    'description',
    'description_content_type',
    'keywords',
    'home_page',
    'download_url',
    'author',
    'author_email',
    'maintainer',
    'maintainer_email',
    'license',
    'license_expression',
    'license_files',
    'classifiers',
    'requires_dist',
    'requires_python',
    'requires_external',
    'project_urls',
    'provides_extra',
    'provides_dist',
    'obsoletes_dist',
    'import_names',
    'import_namespaces',
    'requires',
    'provides',
    'obsoletes'
];
const NAME = /^(?:[a-z0-9]|[a-z0-9][a-z0-9._-]*[a-z0-9])$/i;
const invalidFor = (value) => `${(0,python/* pyRepr */.n)(value)} is invalid for {field}`;
// packaging/metadata.py:656 _process_description_content_type; the sets are printed in the order written here
// (Python prints set literals in an order that varies between its processes)
function processContentType(value) {
    const field = '{field}';
    let header;
    try {
        header = parseContentTypeHeader(value);
    }
    catch (error) {
        if (error instanceof PythonParseError)
            return `${(0,python/* pyRepr */.n)(value)} is not a valid content type for ${field}`;
        throw error;
    }
    // packaging 26.2 (warehouse's pin) does not look at the header's defects; 26.3 refuses a value with any
    // EmailMessage.get_content_type: the text before ';', which must hold exactly one '/'
    const semicolon = header.text.indexOf(';');
    let contentType = pep508_pyStrip(semicolon < 0 ? header.text : header.text.slice(0, semicolon)).toLowerCase();
    if (contentType.split('/').length !== 2)
        contentType = 'text/plain';
    const contentTypes = ['text/plain', 'text/x-rst', 'text/markdown'];
    if (!contentTypes.includes(contentType) || !value.toLowerCase().includes(contentType)) {
        return `${field} must be one of ${(0,python/* pyReprList */.r)(contentTypes)}, not ${(0,python/* pyRepr */.n)(value)}`;
    }
    const charset = header.params.get('charset') ?? 'UTF-8';
    // 26.2 compares exactly: charset=utf-8 in lower case is refused (26.3 lower-cases it first)
    if (charset !== 'UTF-8')
        return `${field} can only specify the UTF-8 charset, not ${(0,python/* pyRepr */.n)(charset)}`;
    const variant = header.params.get('variant') ?? 'GFM';
    if (contentType === 'text/markdown' && variant !== 'GFM' && variant !== 'CommonMark') {
        return `valid Markdown variants for ${field} are ${(0,python/* pyReprList */.r)(['GFM', 'CommonMark'])}, not ${(0,python/* pyRepr */.n)(variant)}`;
    }
    return undefined;
}
/** PureWindowsPath(path).as_posix() (CPython 3.14 pathlib): separators unified, '.' and empty parts dropped. */
function windowsAsPosix(path) {
    const p = path.replace(/\//g, '\\');
    let drive = '';
    let root = '';
    let rest = p;
    if (p[0] === '\\') {
        if (p[1] === '\\') {
            const start = p.slice(0, 8).toUpperCase() === '\\\\?\\UNC\\' ? 8 : 2;
            const index = p.indexOf('\\', start);
            const index2 = index < 0 ? -1 : p.indexOf('\\', index + 1);
            if (index < 0 || index2 < 0)
                [drive, rest] = [p, ''];
            else
                [drive, root, rest] = [p.slice(0, index2), '\\', p.slice(index2 + 1)];
        }
        else
            [root, rest] = ['\\', p.slice(1)];
    }
    else if (p[1] === ':') {
        if (p[2] === '\\')
            [drive, root, rest] = [p.slice(0, 2), '\\', p.slice(3)];
        else
            [drive, rest] = [p.slice(0, 2), p.slice(2)];
    }
    if (!root && drive.startsWith('\\') && !drive.endsWith('\\')) {
        const parts = drive.split('\\');
        if ((parts.length === 4 && !'?.'.includes(parts[2])) || parts.length === 6)
            root = '\\';
    }
    const tail = rest.split('\\').filter(x => x && x !== '.');
    const text = drive || root ? drive + root + tail.join('\\') : tail.join('\\');
    return (text || '.').replace(/\\/g, '/');
}
/** ntpath.isabs (CPython 3.13+) on str(PureWindowsPath(path)). */
function windowsIsAbsolute(path) {
    const s = windowsAsPosix(path).slice(0, 3);
    return s.startsWith('//') || s.slice(1).startsWith(':/');
}
// packaging/metadata.py:762 _process_license_files
function processLicenseFiles(values) {
    const field = '{field}';
    for (const path of values) {
        if (path.includes('..'))
            return `${(0,python/* pyRepr */.n)(path)} is invalid for ${field}, parent directory indicators are not allowed`;
        if (path.includes('*'))
            return `${(0,python/* pyRepr */.n)(path)} is invalid for ${field}, paths must be resolved`;
        if (path.startsWith('/') || windowsIsAbsolute(path))
            return `${(0,python/* pyRepr */.n)(path)} is invalid for ${field}, paths must be relative`;
        if (windowsAsPosix(path) !== path)
            return `${(0,python/* pyRepr */.n)(path)} is invalid for ${field}, paths must use '/' delimiter`;
    }
    return undefined;
}
// keyword.kwlist (CPython 3.14)
const PYTHON_KEYWORDS = new Set('False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield'.split(' '));
const IDENTIFIER = /^[\p{XID_Start}_]\p{XID_Continue}*$/u;
// packaging/metadata.py:788 _process_import_names (and _process_import_namespaces)
function processImportNames(values) {
    const field = '{field}';
    for (const importName of values) {
        const semicolon = importName.indexOf(';');
        const name = (semicolon < 0 ? importName : importName.slice(0, semicolon)).replace(/[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/, '');
        for (const identifier of name.split('.')) {
            if (!IDENTIFIER.test(identifier))
                return `${(0,python/* pyRepr */.n)(name)} is invalid for ${field}; ${(0,python/* pyRepr */.n)(identifier)} is not a valid identifier`;
            if (PYTHON_KEYWORDS.has(identifier))
                return `${(0,python/* pyRepr */.n)(name)} is invalid for ${field}; ${(0,python/* pyRepr */.n)(identifier)} is a keyword`;
        }
        const option = semicolon < 0 ? undefined : importName.slice(semicolon + 1);
        if (option !== undefined && option.replace(/^[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/, '') !== 'private') {
            return `${(0,python/* pyRepr */.n)(importName)} is invalid for ${field}; the only valid option is 'private'`;
        }
    }
    return undefined;
}
const PROCESSORS = {
    name: [v => (!v ? '{field} is a required field' : NAME.test(v) ? undefined : invalidFor(v)), 636],
    version: [
        (v, processed) => {
            if (!v)
                return '{field} is a required field';
            const version = parseVersion(v);
            if (!version)
                return invalidFor(v);
            processed.version = version;
            return undefined;
        },
        648
    ],
    // 26.2 looks for '\n' only (26.3 for every line boundary)
    summary: [v => (v.includes('\n') ? '{field} must be a single line' : undefined), 654],
    description_content_type: [v => processContentType(v), 668],
    dynamic: [
        v => {
            for (const field of v.map(f => f.toLowerCase())) {
                if (['name', 'version', 'metadata-version'].includes(field))
                    return `${(0,python/* pyRepr */.n)(field)} is not allowed as a dynamic field`;
                if (!Object.values(RAW_TO_EMAIL).includes(field))
                    return `${(0,python/* pyRepr */.n)(field)} is not a valid dynamic field`;
            }
            return undefined;
        },
        708
    ],
    provides_extra: [v => v.filter(name => !NAME.test(name)).map(invalidFor)[0], 726],
    requires_python: [
        v => {
            try {
                parseSpecifierSet(v);
                return undefined;
            }
            catch {
                return invalidFor(v);
            }
        },
        736
    ],
    requires_dist: [
        (v, processed) => {
            const requirements = [];
            for (const text of v) {
                try {
                    requirements.push(parseRequirement(text));
                }
                catch (error) {
                    if (error instanceof InvalidRequirement)
                        return invalidFor(text);
                    if (error instanceof PackagingCrash)
                        return metadata_serverError(text, crashWhy(error));
                    throw error;
                }
            }
            processed.requiresDist = requirements;
            return undefined;
        },
        749
    ],
    license_expression: [
        v => {
            try {
                canonicalizeLicenseExpression(v);
                return undefined;
            }
            catch {
                return invalidFor(v);
            }
        },
        759
    ],
    license_files: [v => processLicenseFiles(v), 766],
    import_names: [v => processImportNames(v), 796],
    import_namespaces: [v => processImportNames(v), 796]
};
/** A message of packaging's _invalid_metadata, after its format_map (metadata.py:576), or the 500 that raises. */
function invalidMetadataBreach(rule, emailName, template, source) {
    try {
        return metadataBreach(rule, emailName, formatMap(template, (0,python/* pyRepr */.n)(emailName)), source);
    }
    catch (error) {
        if (!(error instanceof FormatError))
            throw error;
        const why = `packaging 26.2 passes its message ${(0,python/* pyRepr */.n)(template)} through str.format_map, which raises ${error.message} on the braces in it`;
        return {
            rule,
            field: FIELD_NAMES[emailName] ?? emailName,
            message: `PyPI fails with a server error (HTTP 500) on ${emailName}: ${why}`,
            source: `${PACKAGING}:576`
        };
    }
}
function fromRaw({ raw, unparsed }, breaches) {
    const processed = { fields: new Map() };
    // metadata.py:625: Metadata-Version is processed first, and required
    const metadataVersion = raw.get('metadata_version');
    if (!unparsed.has('metadata_version')) {
        if (metadataVersion === undefined || !VALID_METADATA_VERSIONS.includes(metadataVersion)) {
            const shown = metadataVersion === undefined ? 'None' : (0,python/* pyRepr */.n)(metadataVersion);
            breaches.push(invalidMetadataBreach('metadata-version', 'metadata-version', `${shown} is not a valid metadata version`, `${PACKAGING}:625`));
        }
        else
            processed.metadataVersion = metadataVersion;
    }
    const age = processed.metadataVersion === undefined ? undefined : VALID_METADATA_VERSIONS.indexOf(processed.metadataVersion);
    for (const key of FIELD_ORDER) {
        const required = key === 'name' || key === 'version';
        if (!raw.has(key) && !(required && !unparsed.has(key)))
            continue;
        const value = raw.get(key);
        const emailName = RAW_TO_EMAIL[key];
        const added = ADDED[key] ?? '1.0';
        if (age !== undefined && VALID_METADATA_VERSIONS.indexOf(added) > age) {
            const error = `${emailName} introduced in metadata version ${added}, not ${processed.metadataVersion}`;
            breaches.push(metadataBreach('metadata-version-field', emailName, error, `${PACKAGING}:873`));
            continue;
        }
        const processor = PROCESSORS[key];
        const error = processor?.[0](value ?? '', processed);
        const rule = key.replace(/_/g, '-');
        if (error instanceof ServerError)
            breaches.push(serverErrorBreach(rule, emailName, error, `${PACKAGING}:${processor[1]}`));
        else if (error !== undefined)
            breaches.push(invalidMetadataBreach(rule, emailName, error, `${PACKAGING}:${processor[1]}`));
        else if (value !== undefined)
            processed.fields.set(key, value);
    }
    return processed;
}
// ---------------------------------------------------------------------------------------------------------
// metadata.py:99-287 _validate_metadata
const SUPPORTED_METADATA_VERSIONS = ['1.0', '1.1', '1.2', '2.1', '2.2', '2.3', '2.4', '2.5'];
// metadata.py:28 DYNAMIC_FIELDS, lower case
const DYNAMIC_FIELDS = [
    'Platform',
    'Supported-Platform',
    'Summary',
    'Description',
    'Description-Content-Type',
    'Keywords',
    'Home-Page',
    'Download-Url',
    'Author',
    'Author-Email',
    'Maintainer',
    'Maintainer-Email',
    'License',
    'License-Expression',
    'License-File',
    'Classifier',
    'Requires-Dist',
    'Requires-Python',
    'Requires-External',
    'Project-Url',
    'Provides-Extra',
    'Provides-Dist',
    'Obsoletes-Dist',
    'Requires',
    'Provides',
    'Obsoletes',
    'Import-Name',
    'Import-Namespace'
].map(f => f.toLowerCase());
/** Python's sorted(set(items)). */
function sortedSet(items) {
    return [...new Set(items)].sort((a, b) => {
        const x = [...a].map(c => c.codePointAt(0));
        const y = [...b].map(c => c.codePointAt(0));
        for (let i = 0; i < Math.min(x.length, y.length); i++)
            if (x[i] !== y[i])
                return x[i] - y[i];
        return x.length - y.length;
    });
}
function validateMetadata(processed, breaches) {
    const push = (rule, emailName, error, line, seeUrl) => {
        breaches.push(metadataBreach(rule, emailName, error, `${META}:${line}`, seeUrl));
    };
    const field = (key) => processed.fields.get(key);
    if (processed.metadataVersion !== undefined && !SUPPORTED_METADATA_VERSIONS.includes(processed.metadataVersion)) {
        push('metadata-version', 'metadata-version', `${(0,python/* pyRepr */.n)(processed.metadataVersion)} is not a valid metadata version`, 107);
    }
    if (processed.version?.local) {
        push('local-version', 'version', `The use of local versions in ${(0,python/* pyRepr */.n)(processed.version.normalized)} is not allowed.`, 116, LOCAL_VERSION_URL);
    }
    const summary = field('summary');
    if (summary !== undefined && [...summary].length > 512)
        push('summary-length', 'summary', `${(0,python/* pyRepr */.n)('summary')} field must be 512 characters or less.`, 130);
    for (const [key, emailName] of [
        ['author_email', 'author-email'],
        ['maintainer_email', 'maintainer-email']
    ]) {
        const addr = field(key);
        if (addr === undefined)
            continue;
        const [, address] = parseaddr(addr);
        const error = address ? emailValidatorError(address) : undefined;
        if (error !== undefined)
            push('email', emailName, `${(0,python/* pyRepr */.n)(address)} is not a valid email address: ${error}`, 158);
    }
    const classifiers = field('classifiers') ?? [];
    for (const c of sortedSet(classifiers).filter(c => !isKnownClassifier(c)))
        push('classifier', 'classifier', `${(0,python/* pyRepr */.n)(c)} is not a valid classifier.`, 164);
    for (const c of sortedSet(classifiers)) {
        const replacements = deprecatedClassifier(c);
        if (replacements === undefined)
            continue;
        if (replacements.length > 0)
            push('deprecated-classifier', 'classifier', `The classifier ${(0,python/* pyRepr */.n)(c)} has been deprecated, use one of ${(0,python/* pyReprList */.r)(replacements)} instead.`, 180);
        else
            push('deprecated-classifier', 'classifier', `The classifier ${(0,python/* pyRepr */.n)(c)} has been deprecated.`, 188);
    }
    for (const [key, emailName] of [
        ['home_page', 'home-page'],
        ['download_url', 'download-url']
    ]) {
        const url = field(key);
        if (url !== undefined && !isValidUri(url, { requireAuthority: false }))
            push('url', emailName, `${(0,python/* pyRepr */.n)(url)} is not a valid url.`, 202);
    }
    for (const [label, url] of field('project_urls') ?? []) {
        if (!label)
            push('project-url', 'project-url', 'Must have a label', 211);
        else if ([...label].length > 32)
            push('project-url', 'project-url', `${(0,python/* pyRepr */.n)(label)} must be 32 characters or less.`, 215);
        else if (!url)
            push('project-url', 'project-url', 'Must have a URL', 219);
        else if (!isValidUri(url, { requireAuthority: false }))
            push('project-url', 'project-url', `${(0,python/* pyRepr */.n)(url)} is not a valid url`, 221);
    }
    for (const [key, emailName] of [
        ['provides_dist', 'provides-dist'],
        ['obsoletes_dist', 'obsoletes-dist']
    ]) {
        for (const text of field(key) ?? []) {
            try {
                if (parseRequirement(text).url !== undefined)
                    push('direct-dependency', emailName, `Can't have direct dependency: ${(0,python/* pyRepr */.n)(text)}`, 244);
            }
            catch (error) {
                if (error instanceof PackagingCrash)
                    breaches.push(serverErrorBreach(emailName, emailName, metadata_serverError(text, crashWhy(error)), `${META}:229`));
                else if (error instanceof InvalidRequirement)
                    push(emailName, emailName, `${(0,python/* pyRepr */.n)(text)} is invalid: ${error.message}`, 234);
                else
                    throw error;
            }
        }
    }
    for (const requirement of processed.requiresDist ?? []) {
        if (requirement.url === undefined)
            continue;
        // a direct reference has no version specifier, so str() of it cannot fail
        push('direct-dependency', 'requires-dist', `Can't have direct dependency: ${requirementString(requirement)}`, 259);
    }
    for (const key of (field('dynamic') ?? []).map(f => f.toLowerCase())) {
        if (!DYNAMIC_FIELDS.includes(key))
            push('dynamic', 'dynamic', `Dynamic field ${(0,python/* pyRepr */.n)(key)} is not a valid dynamic field.`, 272);
    }
    if (field('license') && field('license_expression')) {
        push('license-with-expression', 'license', 'License is deprecated when License-Expression is present. Only License-Expression should be present.', 283);
    }
    storedForms(processed, breaches);
}
/**
 * legacy.py:1820-1831: with the metadata valid, file_upload stores str(meta.requires_python) and str() of each
 * Requires-Dist. str(SpecifierSet) of two or more specifiers can raise AssertionError in packaging 26.2 (see
 * pep508.ts canonicalSpecifier), and the upload then ends in a server error.
 */
function storedForms(processed, breaches) {
    const requiresPython = processed.fields.get('requires_python');
    const texts = processed.fields.get('requires_dist') ?? [];
    const stored = [
        ...(requiresPython === undefined
            ? []
            : [['requires-python', requiresPython, () => specifierSetString(parseSpecifierSet(requiresPython)), 1821]]),
        ...(processed.requiresDist ?? []).map((requirement, i) => ['requires-dist', texts[i], () => requirementString(requirement), 1830])
    ];
    for (const [emailName, text, str, line] of stored) {
        try {
            str();
        }
        catch (error) {
            if (!(error instanceof PackagingCrash))
                throw error;
            breaches.push(serverErrorBreach(emailName, emailName, metadata_serverError(text, crashWhy(error)), `${metadata_LEGACY}:${line}`));
        }
    }
}
// ---------------------------------------------------------------------------------------------------------
/**
 * Every reason warehouse's file_upload refuses this form for its fields and metadata (not for the file
 * itself), each a Breach with PyPI's wording. `fields` are the multipart form fields, as uploadFields() sends
 * them (repeated names for repeated values); an empty list means PyPI would take the form.
 */
function checkFormMetadata(fields) {
    const form = metadata_sanitize(fields);
    const breaches = [];
    const protocol = form.get('protocol_version') ?? '1';
    if (protocol !== '1')
        breaches.push({ rule: 'protocol-version', field: 'protocol_version', message: 'Unknown protocol version.', source: `${metadata_LEGACY}:652` });
    breaches.push(...checkUploadForm(form));
    const raw = parseFormMetadata(form, breaches);
    validateMetadata(fromRaw(raw, breaches), breaches);
    return breaches;
}

// EXTERNAL MODULE: ./src/concurrency.ts
var concurrency = __webpack_require__(81532);
// EXTERNAL MODULE: ./src/publish/upload.ts
var upload = __webpack_require__(11822);
;// CONCATENATED MODULE: ./src/publish/index-rules.ts
// Preflight's judgement of each file as PyPI's upload endpoint would judge it (src/warehouse/: warehouse's own
// rules), on what is actually sent: the upload form built from the file's own metadata (upload.ts uploadFields),
// the file's name and its bytes. A breach is an error naming the file, the field and PyPI's words, with what
// to change; nothing is uploaded to any target while one stands.








/** What a maintainer changes, by the rule broken; PyPI's own words say what is wrong. */
const REMEDIES = {
    'platform-tag': "Build manylinux or musllinux wheels (cibuildwheel, or 'auditwheel repair'), and a macOS 11+ tag with minor version 0 (MACOSX_DEPLOYMENT_TARGET=11.0).",
    'sdist-filename': 'Build the sdist with a backend that writes PEP 625 names (setuptools ≥ 69.3, hatchling, flit-core ≥ 3.9, pdm-backend, poetry-core ≥ 2).',
    'wheel-filename': 'Rebuild the wheel: its name must be the normalized project name and the version its METADATA states.',
    classifier: 'Fix [project].classifiers: the valid list is at https://pypi.org/classifiers/.',
    'deprecated-classifier': 'Replace it in [project].classifiers (PyPI names the replacement, when there is one).',
    'license-with-expression': "Keep one: a PEP 639 'license' expression (License-Expression) replaces the License text; remove the old License field (e.g. setuptools' license_files + license text).",
    'license-expression': 'Use an SPDX expression (https://spdx.org/licenses/), or LicenseRef-<name> for a license SPDX does not list.',
    'local-version': 'Publish a public version (setuptools-scm and hatch-vcs drop \'+…\' with local_scheme = "no-local-version"), or publish this local build to the local or github target only.',
    description: 'Fix the readme (run `python -m readme_renderer README.rst` to see the problem), or set its content type to text/markdown if it is Markdown.',
    'zip-framing': 'Rebuild the wheel with a standard zip writer (the build backend); tools that append to or patch wheels break their framing.',
    'filename-length': 'Shorten the project name, version or tags.'
};
function annotation(indexName, filename, breach) {
    const remedy = REMEDIES[breach.rule];
    return {
        level: 'error',
        title: `${indexName} would refuse ${filename}`,
        message: `${filename}: ${breach.field}: ${indexName} would refuse it (HTTP ${breach.status ?? 400}): ${breach.message}${remedy ? ` ${remedy}` : ''} [rule from ${breach.source}]`
    };
}
/** The file's core metadata: what describing it read, else its METADATA or PKG-INFO read again (the upload form is built from it). */
async function coreMetadataOf(artifact) {
    if (artifact.coreMetadata)
        return artifact.coreMetadata;
    const isMetadata = (name) => (artifact.format === 'wheel' ? /^[^/]+\.dist-info\/METADATA$/.test(name) : /^[^/]+\/PKG-INFO$/.test(name));
    const content = [...(await (0,archive/* readArchive */.bL)(artifact.path, isMetadata)).kept.values()][0];
    if (!content)
        throw new Error(`${artifact.filename} has no core metadata file`);
    return (0,metadata/* parseCoreMetadata */.U)(content.toString('utf8'));
}
/** Files judged at once: each holds a small window and one member's buffer, so memory stays flat. */
const FILES_AT_ONCE = 3;
/** One file against the form, filename and archive rules; its reST description, when one needs rendering. */
async function judgeFile(artifact) {
    const metadata = await coreMetadataOf(artifact);
    const fields = (0,upload/* uploadFields */.l)(artifact, metadata);
    const breaches = checkFormMetadata(fields);
    const name = formValue(fields, 'name');
    const version = formValue(fields, 'version');
    // the filename rules compare with a Name and Version PyPI would have taken
    if (!breaches.some(breach => /^(name|version|metadata-version)$/i.test(breach.field)) && name && version) {
        breaches.push(...checkFilename({ filename: artifact.filename, filetype: artifact.format === 'wheel' ? 'bdist_wheel' : 'sdist', name, version }));
    }
    // the License-File entries PyPI checks are the form's (meta.license_files, legacy.py:1396-1424): none under Metadata-Version < 2.4
    const licenseFiles = fields.filter(([key]) => key === 'license_file').map(([, value]) => value);
    const archive = await checkArchiveForIndex(artifact.path, artifact.filename, licenseFiles);
    breaches.push(...archive.breaches);
    const text = formValue(fields, 'description');
    const contentType = formValue(fields, 'description_content_type');
    return { breaches, warnings: archive.warnings, ...(text && (0,description/* rendersAsRst */.Jv)(contentType) ? { description: { text, contentType } } : {}) };
}
/** The first value of a form field. */
const formValue = (fields, name) => fields.find(([key]) => key === name)?.[1];
/**
 * Every file against PyPI's rules, a few at a time (each archive is read once more, streamed: memory stays flat
 * with size). reST descriptions are rendered in one Python run for all files, unless a verdict came with the file.
 */
async function judgeForIndex(artifacts, options) {
    const errors = [];
    const warnings = [];
    const unrendered = [];
    // a few files at once: one file's reads overlap another's inflating (bench:rules: about a quarter less); reported in order
    const judged = await (0,concurrency/* mapConcurrently */.X)(artifacts, FILES_AT_ONCE, judgeFile);
    judged.forEach(({ breaches, warnings: stricter, description }, i) => {
        const artifact = artifacts[i];
        errors.push(...breaches.map(breach => annotation(options.indexName, artifact.filename, breach)));
        warnings.push(...stricter.map(message => ({ level: 'warning', title: `${artifact.filename}: stricter than ${options.indexName}`, message })));
        if (description) {
            if (artifact.description)
                judgeDescription(artifact, description.contentType, artifact.description, options, errors);
            else
                unrendered.push({ artifact, ...description });
        }
    });
    if (unrendered.length > 0) {
        const verdicts = options.python
            ? await (0,description/* renderDescriptions */.Wd)(options.python, unrendered.map(u => u.text))
            : unrendered.map(() => undefined);
        unrendered.forEach(({ artifact, contentType }, i) => {
            const verdict = verdicts[i];
            if (verdict)
                judgeDescription(artifact, contentType, verdict, options, errors);
            else {
                warnings.push({
                    level: 'warning',
                    title: `Description of ${artifact.filename} not checked`,
                    message: `${artifact.filename}'s long description is reStructuredText, which ${options.indexName} refuses when it does not render, and it could not be rendered here ` +
                        `(${options.python ? `neither readme_renderer nor docutils imports in '${options.python}'` : 'no Python in this job, and no verdict in a verified release manifest'}). ` +
                        'Install readme_renderer where the action runs (or in the build job, whose manifest then carries the verdict).'
                });
            }
        });
    }
    return { errors, warnings };
}
function judgeDescription(artifact, contentType, verdict, options, errors) {
    const refusal = (0,description/* descriptionRefusal */.x$)(contentType, verdict);
    if (refusal === undefined)
        return;
    const breach = { rule: 'description', field: 'Description', message: refusal, source: 'warehouse/forklift/legacy.py:911' };
    const found = annotation(options.indexName, artifact.filename, breach);
    errors.push({ ...found, message: `${found.message} (${verdict.renderer}: ${verdict.message.replace(/\s+/g, ' ').slice(0, 300)})` });
}


/***/ }),

/***/ 11822:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   R: () => (/* binding */ multipartBody),
/* harmony export */   l: () => (/* binding */ uploadFields)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _attest_pep740_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(56191);
/* harmony import */ var _http_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(62211);
// One file to an index through the legacy upload API, as twine sends it: a multipart/form-data POST
// with `:action=file_upload`, `protocol_version=1`, the core-metadata fields, the digests warehouse
// checks, and the file as `content`. The body is streamed from disk with an exact Content-Length,
// so memory stays flat whatever the file's size.



/** Core-metadata fields (lower case) → the form's field names where they are not the plain snake case. */
const FORM_NAMES = {
    'home-page': 'home_page',
    classifier: 'classifiers',
    platform: 'platform',
    'supported-platform': 'supported_platform',
    'project-url': 'project_urls',
    // warehouse reads 'provides_extra' (forklift/metadata.py _FORM_TO_RAW_MAPPING); twine 4 sent 'provides_extras', which PyPI ignored
    'provides-extra': 'provides_extra'
};
/** Fields the form carries from the metadata (twine's set, plus metadata 2.4's license fields). */
const METADATA_FIELDS = [
    'metadata-version',
    'name',
    'version',
    'summary',
    'home-page',
    'author',
    'author-email',
    'maintainer',
    'maintainer-email',
    'license',
    'license-expression',
    'license-file',
    'description',
    'keywords',
    'platform',
    'classifier',
    'download-url',
    'supported-platform',
    'provides',
    'requires',
    'obsoletes',
    'project-url',
    'provides-dist',
    'obsoletes-dist',
    'requires-dist',
    'requires-external',
    'requires-python',
    'provides-extra',
    'description-content-type',
    'dynamic'
];
/** The python tag of a wheel's filename (`py3`, `cp312`), as twine sends it as `pyversion`. */
function wheelPythonTag(filename) {
    const parts = filename.slice(0, -'.whl'.length).split('-');
    return parts[parts.length - 3] ?? '';
}
/**
 * The form's fields, in the order twine sends them; repeatable metadata fields repeat. `attestations` (PEP 740
 * attestation objects for this file) go in the `attestations` field, as a JSON list, as twine sends them.
 */
function uploadFields(artifact, metadata, attestations = []) {
    const fields = [
        [':action', 'file_upload'],
        ['protocol_version', '1'],
        ['filetype', artifact.format === 'wheel' ? 'bdist_wheel' : 'sdist'],
        ['pyversion', artifact.format === 'wheel' ? wheelPythonTag(artifact.filename) : 'source']
    ];
    // PEP 639's fields go up only with a Metadata-Version that has them (2.4): older backends (hatchling before 1.27,
    // setuptools before 77) wrote License-File into 2.1 metadata, and PyPI refuses the field under 2.1 ("license-file
    // introduced in metadata version 2.4, not 2.1", packaging/metadata.py), as uploads with twine 6.1 met; twine
    // before 6.1 never sent them, and PyPI took those files.
    const declared = metadata.get('metadata-version')?.[0] ?? '';
    const pep639 = /^\d+\.\d+$/.test(declared) && Number(declared.split('.')[0]) * 100 + Number(declared.split('.')[1]) >= 204;
    for (const header of METADATA_FIELDS) {
        if (!pep639 && (header === 'license-file' || header === 'license-expression'))
            continue;
        const name = FORM_NAMES[header] ?? header.replace(/-/g, '_');
        for (const value of metadata.get(header) ?? [])
            fields.push([name, value]);
    }
    // md5 is left out: warehouse no longer needs it, and FIPS systems forbid it.
    fields.push(['sha256_digest', artifact.sha256], ['blake2_256_digest', artifact.blake2b_256]);
    if (attestations.length > 0)
        fields.push(['attestations', (0,_attest_pep740_js__WEBPACK_IMPORTED_MODULE_1__/* .attestationsFormValue */ .b$)(attestations)]);
    return fields;
}
/** A header parameter value: quotes and line breaks percent-encoded, as browsers and requests-toolbelt do. */
const quoted = (value) => value.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
function multipartBody(fields, file) {
    const boundary = `----python-release-action-${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomBytes)(16).toString('hex')}`;
    const head = Buffer.from(fields.map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${quoted(name)}"\r\n\r\n${value}\r\n`).join('') +
        `--${boundary}\r\nContent-Disposition: form-data; name="content"; filename="${quoted(file.filename)}"\r\n` +
        'Content-Type: application/octet-stream\r\n\r\n', 'utf8');
    const tail = Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8');
    return {
        contentType: `multipart/form-data; boundary=${boundary}`,
        length: head.length + file.size + tail.length,
        write: async (send) => {
            await send(head);
            await (0,_http_js__WEBPACK_IMPORTED_MODULE_2__/* .sendFile */ .TX)(file, send);
            await send(tail);
        }
    };
}


/***/ }),

/***/ 9293:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   n: () => (/* binding */ pyRepr),
/* harmony export */   r: () => (/* binding */ pyReprList)
/* harmony export */ });
// Python's repr() of the values warehouse puts in its messages with `{value!r}`, so that a refusal
// predicted here reads exactly as PyPI's answer would.
/** One character as repr() escapes it when it is not printable (str.isprintable()). */
function escapeChar(char) {
    if (char === '\n')
        return '\\n';
    if (char === '\r')
        return '\\r';
    if (char === '\t')
        return '\\t';
    const code = char.codePointAt(0);
    if (code <= 0xff)
        return `\\x${code.toString(16).padStart(2, '0')}`;
    if (code <= 0xffff)
        return `\\u${code.toString(16).padStart(4, '0')}`;
    return `\\U${code.toString(16).padStart(8, '0')}`;
}
/** repr(str): single quotes unless the text holds a single quote and no double quote; unprintable characters escaped. */
function pyRepr(text) {
    const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
    let out = quote;
    for (const char of text) {
        if (char === '\\')
            out += '\\\\';
        else if (char === quote)
            out += `\\${quote}`;
        // Python's printable: every character but categories Cc, Cf, Cs, Co, Cn, Zl, Zp, Zs (except the space itself)
        else if (char !== ' ' && /[\p{C}\p{Z}]/u.test(char))
            out += escapeChar(char);
        else
            out += char;
    }
    return out + quote;
}
/** repr(list[str]): ['a', 'b']. */
function pyReprList(items) {
    return `[${items.map(pyRepr).join(', ')}]`;
}


/***/ })

};
