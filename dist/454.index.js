export const id = 454;
export const ids = [454];
export const modules = {

/***/ 22454:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  IndexTarget: () => (/* binding */ IndexTarget)
});

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./src/attest/pep740.ts
var pep740 = __webpack_require__(56191);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(83916);
// EXTERNAL MODULE: ./src/build/manifest.ts
var manifest = __webpack_require__(52691);
// EXTERNAL MODULE: ./src/names.ts
var names = __webpack_require__(46455);
// EXTERNAL MODULE: ./src/pep440.ts
var pep440 = __webpack_require__(80936);
// EXTERNAL MODULE: ./src/publish/http.ts
var http = __webpack_require__(62211);
// EXTERNAL MODULE: ./src/publish/existing.ts
var publish_existing = __webpack_require__(97194);
// EXTERNAL MODULE: ./src/publish/index-api.ts
var index_api = __webpack_require__(66098);
// EXTERNAL MODULE: ./src/publish/origin.ts
var origin = __webpack_require__(23109);
// EXTERNAL MODULE: ./src/warehouse/python.ts
var python = __webpack_require__(9293);
;// CONCATENATED MODULE: ./src/publish/github-publisher.ts

/** warehouse/oidc/models/github.py:38-47: a workflow file name is the first run of non-slashes ending .yml or .yaml before an '@'. */
const WORKFLOW_FILENAME = /[^/]+\.(yml|yaml)(?=@)/;
/** The workflow file of a workflow ref (owner/repo/.github/workflows/<file>@<ref>) as warehouse extracts it (github.py:50-53). */
function workflowFileOf(workflowRef) {
    return WORKFLOW_FILENAME.exec(workflowRef)?.[0];
}
const claim = (claims, name) => (typeof claims[name] === 'string' ? claims[name] : '');
/**
 * Judges a GitHub Actions job's claims as warehouse will. Says nothing for a token without job_workflow_ref
 * (not GitHub's, or unreadable: the index answers for itself) and nothing for an ordinary job, whose
 * workflow_ref and job_workflow_ref are the same.
 */
function judgeGitHubJob(claims, options) {
    const { indexName } = options;
    const jobWorkflowRef = claim(claims, 'job_workflow_ref');
    if (!jobWorkflowRef)
        return {};
    const workflowRef = claim(claims, 'workflow_ref');
    const repository = claim(claims, 'repository');
    const refusal = (message) => ({ refusal: { title: `${indexName} would refuse the token exchange`, message } });
    // github.py:223-226 (lookup_by_claims): no file name, no publisher
    const file = workflowFileOf(jobWorkflowRef);
    if (!file) {
        return refusal(`${indexName} will refuse this job's trusted publishing: its OIDC token's job_workflow_ref (${jobWorkflowRef}) names no workflow file ending .yml or .yaml, ` +
            `and PyPI answers "Could not job extract workflow filename from OIDC claims". Give an API token in 'password'.`);
    }
    // github.py:85-95 (_check_job_workflow_ref): the workflow the job runs must be the publisher repository's own file,
    // at the run's ref or commit; the publisher was looked up by the repository claim (github.py:218-233)
    const refs = [claim(claims, 'ref'), claim(claims, 'sha')].filter(Boolean);
    if (refs.length === 0) {
        return refusal(`${indexName} will refuse this job's trusted publishing: its OIDC token has empty ref and sha claims, and PyPI answers "The ref and sha claims are empty".`);
    }
    const expected = [...new Set(refs.map(ref => `${repository}/.github/workflows/${file}@${ref}`))].sort();
    const caller = workflowFileOf(workflowRef);
    const reusable = workflowRef !== '' && workflowRef !== jobWorkflowRef;
    if (!expected.includes(jobWorkflowRef)) {
        const where = reusable
            ? `the reusable workflow this job runs (${jobWorkflowRef}, called by ${workflowRef})`
            : `the workflow this job runs (${jobWorkflowRef})`;
        return refusal(`${indexName} will refuse this job's trusted publishing: ${where} is not a workflow file of ${repository} at this run's ref or commit, and PyPI accepts only those ` +
            `(its answer: "The job_workflow_ref claim does not match, expecting one of ${(0,python/* pyReprList */.r)(expected)}, got ${(0,python/* pyRepr */.n)(jobWorkflowRef)}", ` +
            `or "Publisher with matching claims was not found" when no publisher names '${file}'). ` +
            `Publish from a job of ${repository}'s own workflow${caller ? ` (${caller})` : ''}, or ` +
            (jobWorkflowRef.startsWith(`${repository}/`)
                ? `call the reusable workflow at the run's own ref (uses: ./.github/workflows/${file})`
                : `keep the reusable workflow in ${repository}'s .github/workflows and call it as ./.github/workflows/${file}`) +
            "; or give an API token in 'password'.");
    }
    // warehouse/oidc/views.py:403-417 (is_from_reusable_workflow): the called workflow differs from the caller
    if (!reusable)
        return {};
    const [owner, name] = repository.split('/');
    const environment = claim(claims, 'environment');
    // The certificate Sigstore issues for this job has the Build Config URI https://github.com/<workflow_ref> (Fulcio's
    // claim mapping, sigstore/fulcio docs/oid-info.md); PyPI verifies attestations against the publisher's identity,
    // workflow = the file it matched (github.py:278-284, warehouse/attestations/services.py:151-160), and
    // pypi-attestations' _GitHubTrustedPublisherPolicy accepts only https://github.com/<repository>/.github/workflows/<workflow>@<sha or ref>.
    const attestable = expected.includes(workflowRef);
    const attestations = attestable
        ? 'PEP 740 attestations signed in this job will verify.'
        : `PyPI would refuse PEP 740 attestations signed in this job: it verifies them against the publisher's workflow '${file}', ` +
            `and the signing certificate names the calling workflow (${workflowRef})${options.attestations ? '' : '; this run sends none'}.`;
    const notice = {
        level: 'notice',
        title: `Trusted publishing from a reusable workflow`,
        message: `This job runs in the reusable workflow ${jobWorkflowRef}, called by ${workflowRef}. ${indexName} matches a trusted publisher against the called workflow's file, ` +
            `not the caller's: register owner '${owner ?? ''}', repository '${name ?? ''}', workflow '${file}', ` +
            `${environment ? `environment '${environment}'` : 'no environment (this job names none)'}` +
            `${caller && caller !== file ? ` ('${caller}' will not match)` : ''}. ${attestations} ` +
            'PyPI documents reusable workflows as not supported for trusted publishing yet, and its code calls what works today accidental (pypi/warehouse#11096): this may change.'
    };
    if (options.attestations && !attestable) {
        return {
            notice,
            refusal: {
                title: `${indexName} would refuse the attestations`,
                message: `${indexName} would refuse every upload from this job with its PEP 740 attestation ("Invalid attestations supplied during upload: Could not verify the uploaded artifact ` +
                    `using the included attestation: Verification failed: Certificate's Build Config URI (…) does not match expected Trusted Publisher (${file} @ ${repository})"): ` +
                    `the certificate names the calling workflow ${workflowRef}, and PyPI checks it against the reusable workflow '${file}' its publisher names. ` +
                    `Set 'attestations: false' for this job, or run this action in a job of ${caller ?? 'the calling workflow'} itself and register that file as the publisher.`
            }
        };
    }
    return { notice };
}

// EXTERNAL MODULE: ./src/publish/index-rules.ts + 13 modules
var index_rules = __webpack_require__(4604);
;// CONCATENATED MODULE: ./src/publish/trusted.ts


class CredentialError extends Error {
    title;
    constructor(message, title) {
        super(message);
        this.title = title;
        this.name = 'CredentialError';
    }
}
/** The claims of a JWT, read without verifying it (they only explain a refusal, or foretell one: the index verifies them). */
function claimsOf(jwt) {
    try {
        return JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8'));
    }
    catch {
        return {};
    }
}
/** What a publisher on the index must match, from the token this run presented. */
function publisherFields(claims) {
    const repository = String(claims['repository'] ?? '?');
    const [owner, name] = repository.split('/');
    const workflow = workflowFileOf(String(claims['job_workflow_ref'] ?? '')) ?? '?';
    const environment = claims['environment'] ? `'${String(claims['environment'])}'` : '(none: this job names no environment)';
    return `owner '${owner ?? '?'}', repository '${name ?? '?'}', workflow '${workflow}', environment ${environment} (ref ${String(claims['ref'] ?? '?')})`;
}
const EXPLANATIONS = {
    'not-enabled': index => `${index.name} has trusted publishing turned off; give an API token in 'password' instead.`,
    'invalid-payload': index => `${index.name} did not understand the token request; this is a bug in python-release-action or the index.`,
    'invalid-token': index => `${index.name} did not accept this run's OIDC token (expired, not yet valid, for another audience, or not signed by GitHub). Re-run the job; if it persists, check the runner's clock.`,
    'invalid-publisher': (index, project, claims) => `No trusted publisher on ${index.name} matches this workflow. Register one for '${project}' (${index.projectPages ? `${index.projectPages.replace(/project\/$/, '')}manage/project/${project}/settings/publishing/` : "in the project's publishing settings"}) with ${publisherFields(claims)}, or give an API token in 'password'.`,
    'invalid-pending-publisher': (index, project, claims) => `A pending trusted publisher on ${index.name} matched this run, but it cannot create '${project}' (the name may be taken, or the pending publisher was registered by another account). The run presented ${publisherFields(claims)}.`,
    'invalid-reuse-token': index => `${index.name} has already seen this OIDC token (each is single-use). Re-run the job to get a fresh one.`
};
/** How long the runner's OIDC endpoint (core.getIDToken: no timeout of its own) is waited on for a token. */
const ID_TOKEN_TIMEOUT_MS = 60_000;
/** The id token, or a rejection when the runner has not given it within `ms`. */
async function idTokenWithin(idToken, audience, ms) {
    let timer;
    const late = new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`the runner's OIDC endpoint gave no token within ${Math.round(ms / 1000)} s`)), ms);
    });
    try {
        return await Promise.race([idToken(audience), late]);
    }
    finally {
        clearTimeout(timer);
    }
}
/** Exchanges this run's OIDC identity for an API token for `project` on `index`. */
async function mintToken(index, project, idToken, logger, idTokenTimeoutMs = ID_TOKEN_TIMEOUT_MS, deadline) {
    return exchangeToken(index, project, await oidcToken(index, idToken, logger, idTokenTimeoutMs, deadline), logger, deadline);
}
/** This run's OIDC token (single-use) for the audience the index names: what exchangeToken sends, whose claims say what the index will match. */
async function oidcToken(index, idToken, logger, idTokenTimeoutMs = ID_TOKEN_TIMEOUT_MS, deadline) {
    if (!idToken) {
        throw new CredentialError(`No credentials for ${index.name}: 'password' is empty, and trusted publishing needs a GitHub Actions job with 'permissions: id-token: write'. ` +
            `Give an API token in 'password' (from the command line: the TWINE_PASSWORD environment variable).`, `No credentials for ${index.name}`);
    }
    const audienceUrl = `${index.oidcOrigin}/_/oidc/audience`;
    const audienceResponse = await (0,http/* getWithRetries */.Te)(audienceUrl, { headers: { Accept: 'application/json' }, timeoutMs: 30_000, deadline }, logger);
    if (audienceResponse.status !== 200 || !(0,http/* isJson */.Fh)(audienceResponse)) {
        throw new CredentialError(`${index.name} does not offer trusted publishing (${audienceUrl} answered HTTP ${audienceResponse.status}${audienceResponse.status === 200 ? ' without JSON' : ''}); give an API token in 'password'.`, 'Trusted publishing unavailable');
    }
    const audience = JSON.parse(audienceResponse.body).audience;
    if (typeof audience !== 'string' || audience === '') {
        throw new CredentialError(`${audienceUrl} named no audience; give an API token in 'password'.`, 'Trusted publishing unavailable');
    }
    try {
        return await idTokenWithin(idToken, audience, idTokenTimeoutMs);
    }
    catch (error) {
        throw new CredentialError(`Trusted publishing needs this run's OIDC token, and GitHub did not give one (${error.message.replace(/\s+/g, ' ').trim()}). ` +
            "Check that the workflow or job has 'permissions: id-token: write' and that the run is not from a fork's pull request; or give an API token in 'password'.", 'No OIDC token');
    }
}
/** Exchanges an OIDC token from oidcToken at the index's /_/oidc/mint-token for an API token for `project`. */
async function exchangeToken(index, project, oidc, logger, deadline) {
    const mintUrl = `${index.oidcOrigin}/_/oidc/mint-token`;
    // Not retried: the OIDC token is single-use, and a second try after a lost answer would be refused as reused.
    const response = await (0,http/* request */.Em)(mintUrl, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: Buffer.from(JSON.stringify({ token: oidc })),
        timeoutMs: 60_000,
        deadline
    });
    const receivedAt = Date.now();
    const body = (0,http/* isJson */.Fh)(response) ? JSON.parse(response.body) : undefined;
    if (response.status === 200 && body?.['success'] === true && typeof body['token'] === 'string') {
        logger.info(`${index.name}: trusted publishing token minted for ${project}`);
        const expires = typeof body['expires'] === 'number' ? body['expires'] : undefined;
        return { token: body['token'], expires, validUntil: validUntil(expires, response.headers.date, receivedAt) };
    }
    const errors = Array.isArray(body?.['errors']) ? body['errors'] : [];
    const claims = claimsOf(oidc);
    const explained = errors.map(error => {
        const explain = EXPLANATIONS[error.code ?? ''];
        const said = error.description ? ` ${index.name} said: ${error.description}` : '';
        return `${explain ? explain(index, project, claims) : `The token exchange failed (${error.code ?? 'no code'}).`}${said}`;
    });
    throw new CredentialError(explained.length > 0
        ? explained.join('\n')
        : `${mintUrl} answered HTTP ${response.status}: ${(0,http/* responseText */.x)(response, 200) || 'no message'}; give an API token in 'password' instead.`, `Trusted publishing to ${index.name} failed`);
}
/**
 * When the index will count a token with this `expires` (its clock, whole seconds: warehouse/oidc/views.py:329-330
 * and :400, checked as `now >= expires_at` by warehouse/macaroons/caveats/__init__.py:60) expired, on this machine's
 * clock: the answer's Date header says the index's time then, so a runner whose clock is off does not misjudge it.
 * The header counts whole seconds, so one second is taken off. No Date header: the clocks are taken to agree.
 */
function validUntil(expires, date, receivedAt) {
    if (expires === undefined)
        return undefined;
    const indexNow = date ? Date.parse(date) : NaN;
    return Number.isNaN(indexNow) ? expires * 1000 : receivedAt + expires * 1000 - indexNow - 1000;
}
/**
 * Validity a token must have left when an upload starts, besides the time to send it: warehouse checks the token
 * only once the whole request has arrived and its form has been read and validated (the permission check at
 * warehouse/forklift/legacy.py:813 comes after the metadata checks), and the answer's Date and `expires` are whole
 * seconds. A minute covers that with room to spare; minting early costs one OIDC token and one request.
 */
const RENEWAL_MARGIN_MS = 60_000;
/**
 * The sending rate assumed for an upload: 1 MiB/s (8 Mbit/s), slower than the uplink of a GitHub-hosted runner and of
 * nearly any self-hosted one. Too slow a guess mints a little early; too fast a guess lets a token expire mid-upload,
 * and the whole file is sent again. PyPI's 100 MiB default limit then needs 160 s of a token's 900.
 */
const ASSUMED_UPLOAD_BYTES_PER_S = 1024 * 1024;
/** Whether a token valid until `validUntil` (ms, this machine's clock) should be replaced before sending `bytes` at `now`. */
function renewalDue(validUntil, now, bytes) {
    if (validUntil === undefined)
        return false;
    return validUntil - now < RENEWAL_MARGIN_MS + (bytes / ASSUMED_UPLOAD_BYTES_PER_S) * 1000;
}
/**
 * A token minted through trusted publishing, for a publish that may outlast it (many or large files, several
 * targets, a slow index): minted again, with a fresh OIDC token from the runner (each is single-use), when it
 * may expire before the next upload has arrived. `mint` masks each token the moment it exists.
 */
class TrustedToken {
    mint;
    now;
    current;
    /** When the current token was minted (this machine's clock). */
    mintedAt;
    constructor(first, mint, now = Date.now) {
        this.mint = mint;
        this.now = now;
        this.current = first;
        this.mintedAt = now();
    }
    get token() {
        return this.current.token;
    }
    /** Seconds the token has left (undefined: the index named no expiry), for the log. */
    secondsLeft() {
        return this.current.validUntil === undefined ? undefined : Math.round((this.current.validUntil - this.now()) / 1000);
    }
    /**
     * Whether the token should be replaced before sending `bytes`. Not when it was minted less than a second ago: the
     * index counts expiry in whole seconds, so another would expire no later (a token shorter-lived than an upload
     * needs is then used as it is, rather than minted again before every try).
     */
    dueFor(bytes) {
        const now = this.now();
        return now - this.mintedAt >= 1000 && renewalDue(this.current.validUntil, now, bytes);
    }
    /** Mints a new token now (an index said the last one expired, or dueFor said it soon may). */
    async renew() {
        this.current = await this.mint();
        this.mintedAt = this.now();
        return this.current.token;
    }
}

// EXTERNAL MODULE: ./src/publish/upload.ts
var upload = __webpack_require__(11822);
;// CONCATENATED MODULE: ./src/publish/pypi.ts
// The `pypi` and `testpypi` targets, and any index with the same upload API (`repository-url`).
// Preflight reads what the index already holds and decides per file: upload, or keep the file that
// is there (the same sha256, or a rebuild with the same archive members) when skip-existing; any
// other file under the name fails preflight before anything is uploaded. Publish streams wheels
// first, then the sdist, retries what can be retried (checking the index after an ambiguous failure),
// and verifies through the index's API that every file is listed with the expected sha256.
















/** PyPI's default per-file limit: a larger file gets a warning in preflight (a project may have a larger limit). */
const DEFAULT_SIZE_LIMIT = 100 * 1024 * 1024;
/** Warehouse refuses new files for a release whose first file is older than this. */
const NEW_FILES_WINDOW_MS = 14 * 24 * 3600 * 1000;
/** A lookup that failed counts as not knowing, except when the publish deadline passed: then publishing stops. */
const unknownUnlessLate = (error) => {
    if (error instanceof http/* DeadlineError */.j3)
        throw error;
    return 'unknown';
};
/** A publish-time mint that failed, said for the file it was for; anything but a refusal or a network failure is thrown on. */
function mintFailed(artifact, why, error) {
    if (error instanceof CredentialError || error instanceof http/* NetworkError */.Dr)
        return `${artifact.filename}: ${why}, and minting a new one failed: ${error.message}`;
    throw error;
}
/** The index did not hand over its file for the comparison. */
class NotDownloaded extends Error {
    status;
    constructor(status) {
        super(`HTTP ${status}`);
        this.status = status;
    }
}
class IndexTarget {
    options;
    prepared;
    /** The token trusted publishing minted, minted again before an upload it might not outlast. */
    minted;
    constructor(options) {
        this.options = options;
    }
    get name() {
        return this.options.index.name;
    }
    async preflight(artifacts) {
        const { target, index, logger } = this.options;
        const annotations = [];
        const notReady = (message, title) => ({
            target,
            ready: false,
            message,
            files: [],
            annotations: [...annotations, { level: 'error', title, message }]
        });
        const first = artifacts[0];
        if (!first)
            return { target, ready: false, message: 'there are no built files to publish (the build stage did not run)', files: [], annotations };
        const project = first.metadata.name;
        const version = (0,pep440/* parseVersion */.ot)(first.metadata.version)?.normalized ?? first.metadata.version;
        // PyPI's own upload rules on every file (CPU and disk), judged while the index answers the reads below (network):
        // a breach publishes nothing anywhere, and is reported whatever the index said
        const judging = (this.options.judge ?? ((files) => (0,index_rules.judgeForIndex)(files, { indexName: this.name })))(artifacts);
        judging.catch(() => { }); // awaited below; a read failing first must not leave it unhandled
        if (this.options.password !== '' && this.options.username === '__token__' && !/^pypi-[A-Za-z0-9_-]{16,}$/.test(this.options.password)) {
            annotations.push({
                level: 'warning',
                title: 'Password does not look like an API token',
                message: `The password for ${this.name} does not look like a PyPI API token (pypi- followed by the token); with username __token__ the index expects one. Check the secret's value.`
            });
        }
        let release;
        let status;
        let readError;
        try {
            ;
            [release, status] = await Promise.all([
                (0,index_api/* readRelease */.iJ)(index, project, version, logger, this.options.retry, this.options.deadline),
                (0,index_api/* readProjectStatus */.IL)(index, project, logger, this.options.retry, this.options.deadline),
                this.probeUploadUrl()
            ]);
        }
        catch (error) {
            readError = error;
        }
        const judged = await judging;
        annotations.push(...judged.warnings);
        if (judged.errors.length > 0) {
            const files = new Set(judged.errors.map(error => error.title));
            return {
                target,
                ready: false,
                message: `${judged.errors.length} of PyPI's upload rules broken (${files.size} file${files.size === 1 ? '' : 's'}): nothing is uploaded while one stands`,
                files: [],
                annotations: [...annotations, ...judged.errors]
            };
        }
        if (readError !== undefined || release === undefined) {
            if (readError instanceof index_api/* IndexError */.db)
                return notReady(readError.message, `${this.name} cannot be read`);
            if (readError instanceof http/* NetworkError */.Dr)
                return notReady(`${this.name} cannot be reached: ${readError.message}`, `${this.name} unreachable`);
            throw readError;
        }
        const standing = this.projectStanding(project, status);
        if (standing?.level === 'error')
            return notReady(standing.message, standing.title ?? `${project} takes no uploads`);
        if (standing)
            annotations.push(standing);
        for (const artifact of artifacts.filter(a => a.size > DEFAULT_SIZE_LIMIT)) {
            annotations.push({
                level: 'warning',
                title: `${artifact.filename} is over PyPI's default size limit`,
                message: `${artifact.filename} is ${(artifact.size / 2 ** 20).toFixed(1)} MiB; PyPI takes files up to ${DEFAULT_SIZE_LIMIT / 2 ** 20} MiB unless the project has a larger limit ` +
                    `("File too large. Limit for project … is 100 MB", warehouse/forklift/legacy.py:1152). Wheels go up largest first and the sdist last; ` +
                    'to ask for more: https://docs.pypi.org/project-management/storage-limits/#requesting-a-file-size-limit-increase'
            });
        }
        if (release.latest && release.files.length === 0 && (0,pep440/* compareVersions */.Zy)(release.latest, version) > 0) {
            annotations.push({
                level: 'notice',
                title: `Not the latest version on ${this.name}`,
                message: `${this.name} already has ${project} ${release.latest}, newer than ${version}; ${version} will not become the latest release there.`
            });
        }
        const scratch = await (0,promises_.mkdtemp)((0,external_node_path_.join)((0,external_node_os_.tmpdir)(), 'pra-index-'));
        let outcomes;
        try {
            outcomes = await Promise.all(artifacts.map(artifact => this.plan(artifact, release, scratch, { project, version })));
        }
        catch (error) {
            if (error instanceof http/* NetworkError */.Dr || error instanceof index_api/* IndexError */.db)
                return notReady(`${this.name}: ${error.message}`, `${this.name} cannot be read`);
            throw error;
        }
        finally {
            await (0,promises_.rm)(scratch, { recursive: true, force: true });
        }
        const conflicts = outcomes.flatMap(outcome => ('conflict' in outcome ? [outcome] : []));
        if (conflicts.length > 0) {
            return {
                target,
                ready: false,
                message: conflicts.map(c => c.conflict).join('\n'),
                files: [],
                annotations: [
                    ...annotations,
                    ...conflicts.map(c => ({ level: 'error', title: c.title ?? `File already on ${this.name} differs`, message: c.conflict }))
                ]
            };
        }
        const plans = outcomes;
        const uploads = plans.filter(plan => plan.action === 'upload');
        // A new file for a release that is too old is refused: say so now rather than after other files went up.
        const firstUpload = Math.min(...release.files.map(file => file.uploadTime?.getTime() ?? Infinity));
        if (uploads.length > 0 && Number.isFinite(firstUpload) && Date.now() - firstUpload > NEW_FILES_WINDOW_MS) {
            return notReady(`${project} ${version} was first uploaded to ${this.name} on ${new Date(firstUpload).toISOString().slice(0, 10)}, more than 14 days ago, ` +
                `and the index takes no new files for it (${uploads.map(plan => plan.artifact.filename).join(', ')}). Release a new version, e.g. ${version}.post1.`, `${this.name} release is closed`);
        }
        let credentials = { username: '', password: '' };
        if (this.options.credentialsNeeded === false) {
            annotations.push({
                level: 'notice',
                title: `${this.name} credentials not checked`,
                message: `Credentials for ${this.name} were not checked: nothing is published from this run (a pull request), and a fork's pull request has no secrets or OIDC token.`
            });
        }
        else {
            try {
                credentials = await this.credentials(project, annotations);
            }
            catch (error) {
                if (error instanceof CredentialError)
                    return notReady(error.message, error.title);
                if (error instanceof http/* NetworkError */.Dr)
                    return notReady(`${this.name} cannot be reached: ${error.message}`, `${this.name} unreachable`);
                throw error;
            }
        }
        for (const plan of plans)
            if (plan.kept)
                annotations.push({ level: 'notice', title: `Kept on ${this.name}`, message: plan.kept });
        this.prepared = { project, version, plans, credentials };
        const kept = plans.length - uploads.length;
        const message = uploads.length > 0
            ? `ready: ${uploads.length} of ${plans.length} files to upload to ${this.name}${kept > 0 ? ` (${kept} already there)` : ''}`
            : `ready: nothing to upload, all ${plans.length} files already on ${this.name}`;
        return { target, ready: true, message, files: plans.map(({ expect: _expect, ...file }) => file), annotations };
    }
    /** What the project's PEP 792 status means for this upload (warehouse/packaging/models.py:428-502), or undefined: active. */
    projectStanding(project, status) {
        if (!status || status.status === 'active')
            return undefined;
        const why = status.reason ? ` (${this.name} says: ${(0,manifest/* plain */.pj)(status.reason, 200)})` : '';
        const settings = this.options.index.projectPages
            ? `${this.options.index.projectPages.replace(/project\/$/, '')}manage/project/${(0,names/* normalizeName */.P)(project)}/settings/`
            : "the project's settings";
        const trusted = this.options.password === '';
        if (status.status === 'archived') {
            return {
                level: 'error',
                title: `${project} is archived on ${this.name}`,
                message: `${project} is archived on ${this.name} (PEP 792 status 'archived')${why}: an archived project takes no uploads from anyone. Unarchive it in ${settings}, or release under another project.`
            };
        }
        if (status.status === 'quarantined') {
            // a quarantined project's files are hidden from the JSON and Simple APIs (legacy/api/json.py:316, packaging/utils.py:57-67),
            // so even an owner's token upload could not be verified or installed; its trusted publishers may not upload at all
            return {
                level: 'error',
                title: `${project} is quarantined on ${this.name}`,
                message: `${project} is quarantined on ${this.name} (PEP 792 status 'quarantined')${why}: ${trusted ? 'its trusted publishers may not upload, and ' : ''}` +
                    "no file is installable or listed until PyPI's administrators release it. Answer the quarantine notice (or write to admin@pypi.org); nothing is uploaded until then."
            };
        }
        return {
            level: 'notice',
            title: `${project} is deprecated on ${this.name}`,
            message: `${project} is marked deprecated on ${this.name} (PEP 792)${why}; this release is uploaded as usual, and installers may warn its users.`
        };
    }
    /** The upload host answers at all (on PyPI it is another host than the JSON API's). */
    async probeUploadUrl() {
        const { index } = this.options;
        if (new URL(index.uploadUrl).host === new URL(index.jsonApi).host)
            return;
        await (0,http/* request */.Em)(index.uploadUrl, { method: 'GET', timeoutMs: 30_000 });
    }
    /**
     * The API token, or one minted through trusted publishing. The OIDC token's claims are judged first, as PyPI will
     * (github-publisher.ts): a job in a reusable workflow is told what PyPI accepts from it (a notice in `annotations`),
     * and a certain refusal fails preflight before any exchange.
     */
    async credentials(project, annotations) {
        const { username, password, index, idToken, setSecret, logger, target } = this.options;
        if (password !== '')
            return { username, password };
        const oidc = await oidcToken(index, idToken, logger);
        const judged = judgeGitHubJob(claimsOf(oidc), { indexName: this.name, attestations: this.options.attests === true });
        if (judged.notice) {
            annotations.push(judged.notice);
            logger.info(`${target}: before the token exchange: ${judged.notice.message}`);
        }
        if (judged.refusal)
            throw new CredentialError(judged.refusal.message, judged.refusal.title);
        const masked = (minted) => {
            setSecret(minted.token);
            return minted;
        };
        const first = masked(await exchangeToken(index, project, oidc, logger));
        this.minted = new TrustedToken(first, async () => masked(await mintToken(index, project, idToken, logger, undefined, this.options.deadline)));
        return { username: '__token__', password: first.token };
    }
    /** The password for an upload of `bytes`: a minted token is minted again first when it could expire before the index has the file. */
    async uploadPassword(prepared, bytes) {
        const minted = this.minted;
        if (!minted)
            return prepared.credentials.password;
        if (minted.dueFor(bytes)) {
            const left = minted.secondsLeft();
            this.options.logger.info(`${this.name}: the minted token has ${left !== undefined && left > 0 ? `${left} s` : 'no time'} left, too little for an upload of ${bytes} bytes; minting a new one`);
            await minted.renew();
        }
        return minted.token;
    }
    async plan(artifact, release, scratch, named) {
        const { skipExisting } = this.options;
        const sameName = release.files.find(file => file.filename === artifact.filename);
        const otherSdist = artifact.format === 'sdist' && !sameName ? release.files.find(file => /\.(tar\.gz|zip)$/.test(file.filename)) : undefined;
        const existing = sameName ?? otherSdist;
        const upload = {
            artifact,
            action: 'upload',
            destination: this.options.index.uploadUrl,
            expect: { filename: artifact.filename, sha256: artifact.sha256 }
        };
        if (!existing)
            return upload;
        const kept = (action, evidence) => ({
            artifact,
            action,
            destination: existing.url,
            expect: { filename: existing.filename, sha256: existing.sha256 },
            ...(evidence && this.options.origin ? { kept: (0,origin/* keptByOrigin */.oG)(existing.filename, this.options.origin, evidence) } : {})
        });
        const what = otherSdist
            ? `the release already has the sdist ${existing.filename} (an index takes one sdist per release), and it`
            : `${artifact.filename} is already on ${this.name} and`;
        if (!skipExisting) {
            // Not compared: the same sha256 says it is identical; anything else may or may not be an equivalent rebuild.
            const identical = sameName !== undefined && (0,publish_existing/* sameDigest */.VB)(artifact, existing);
            const where = otherSdist
                ? `${artifact.filename}: the release already has the sdist ${existing.filename} on ${this.name}`
                : `${artifact.filename} is already on ${this.name}`;
            return {
                title: `File already on ${this.name}`,
                conflict: identical
                    ? `${where}, identical to this build (the same sha256), and skip-existing is false. Set skip-existing: true to keep it, or release a new version.`
                    : `${where}, and skip-existing is false. Release a new version, or set skip-existing: true to keep the files that are there when they have the same content.`
            };
        }
        const held = await this.compareWithIndex(artifact, existing, scratch, Boolean(otherSdist));
        if (typeof held === 'string')
            return { conflict: `${artifact.filename}: ${held}` };
        if (held.verdict === 'identical')
            return kept('skip-identical');
        if (held.verdict === 'equivalent')
            return kept('skip-equivalent');
        // Bytes and members differ: an earlier run of this very release (same repository, same commit) may have uploaded it
        const evidence = await this.originEvidence(named, existing);
        if (evidence)
            return kept('skip-origin', evidence);
        if (held.unreadable !== undefined)
            return { conflict: `${artifact.filename}: the file on ${this.name} is not a readable archive (${held.unreadable})` };
        return {
            conflict: `${artifact.filename}: ${what} differs from this build: ${held.differences}. ` +
                'It is another release of the same version and stays as it is; release a new version.'
        };
    }
    /**
     * The evidence that the index's file is this release's own earlier upload: its verified PEP 740 provenance names this
     * repository and commit (provenance.ts attestedOrigin); undefined when there is none, or it cannot be read or verified
     * (then the file is another release, as without provenance). Only a run with a trusted root can verify it.
     */
    async originEvidence(named, existing) {
        const { origin, index, logger, retry, deadline } = this.options;
        if (!origin?.repository || !existing.sha256)
            return undefined;
        try {
            const { attestedOrigin, provenanceTrust } = await Promise.all(/* import() */[__webpack_require__.e(463), __webpack_require__.e(187), __webpack_require__.e(14)]).then(__webpack_require__.bind(__webpack_require__, 33633));
            const trust = await (this.options.provenanceTrust?.() ?? provenanceTrust({}));
            if (!trust.verifier) {
                logger.info(`${this.options.target}: ${existing.filename}'s provenance was not consulted for its origin: ${trust.reason}, so it cannot be verified`);
                return undefined;
            }
            const url = new URL(`/integrity/${encodeURIComponent(named.project)}/${encodeURIComponent(named.version)}/${encodeURIComponent(existing.filename)}/provenance`, index.simpleApi).href;
            const response = await (0,http/* getWithRetries */.Te)(url, { headers: { Accept: 'application/vnd.pypi.integrity.v1+json' }, deadline }, logger, retry);
            if (response.status !== 200)
                return undefined;
            const provenance = (0,pep740/* parseProvenance */.X6)(JSON.parse(response.body));
            return attestedOrigin(this.name, { filename: existing.filename, sha256: existing.sha256 }, provenance, origin, this.options.serverUrl ?? 'https://github.com', trust);
        }
        catch (error) {
            if (error instanceof http/* DeadlineError */.j3)
                throw error;
            logger.info(`${this.options.target}: ${existing.filename}'s provenance could not be read for its origin: ${(0,manifest/* plain */.pj)((0,errors/* describeError */.U)(error), 200)}`);
            return undefined;
        }
    }
    /** The index's file against the built one (downloaded only when the sha256 does not settle it); a string when it cannot be compared. */
    async compareWithIndex(artifact, existing, scratch, ignoreTop) {
        const path = (0,external_node_path_.join)(scratch, existing.filename.replace(/[^\w.+-]/g, '_'));
        const download = async () => {
            const response = await (0,http/* getWithRetries */.Te)(existing.url, { saveTo: path, timeoutMs: 120_000, deadline: this.options.deadline }, this.options.logger, this.options.retry);
            if (response.status !== 200)
                throw new NotDownloaded(response.status);
            return path;
        };
        try {
            return await (0,publish_existing/* compareExisting */.xE)(artifact, { sha256: existing.sha256 || undefined, download, ignoreTop });
        }
        catch (error) {
            if (error instanceof NotDownloaded)
                return `the file on ${this.name} (${existing.url}) could not be downloaded to compare (HTTP ${error.status})`;
            if (error instanceof publish_existing/* DigestMismatch */.b3)
                return `the file downloaded from ${this.name} has sha256 ${error.fetched}, not the ${error.listed} the index lists`;
            throw error;
        }
    }
    async publish(_preflight) {
        const { target, index, logger } = this.options;
        const prepared = this.prepared;
        if (!prepared)
            throw new Error(`publish to ${target} without a passed preflight`);
        const url = index.projectPages
            ? `${index.projectPages}${(0,names/* normalizeName */.P)(prepared.project)}/${prepared.version}/`
            : `${index.simpleApi}${(0,names/* normalizeName */.P)(prepared.project)}/`;
        const files = prepared.plans.map(plan => plan.artifact.filename);
        const skipped = prepared.plans.filter(plan => plan.action !== 'upload').map(plan => plan.artifact.filename);
        // Wheels first, the largest first (a size refusal then comes before the others go up), and the sdist last: an installer
        // never builds from the sdist while the release's wheels are still on their way (preflight warns of a size over PyPI's default).
        const rank = (plan) => (plan.artifact.format === 'wheel' ? 0 : 1);
        const queue = prepared.plans.filter(plan => plan.action === 'upload').sort((a, b) => rank(a) - rank(b) || b.artifact.size - a.artifact.size);
        const uploaded = [];
        for (const plan of queue) {
            const problem = await this.uploadOne(plan, prepared);
            if (problem) {
                const done = uploaded.length > 0 ? `${uploaded.length} of ${queue.length} files were uploaded (${uploaded.join(', ')}); ` : 'nothing was uploaded; ';
                return {
                    target,
                    status: 'failed',
                    url,
                    message: `${problem}\n${done}a re-run keeps what is on the index and uploads the rest.`,
                    files: [],
                    uploaded,
                    skipped
                };
            }
            uploaded.push(plan.artifact.filename);
        }
        let mismatch;
        try {
            mismatch = await this.verify(prepared);
        }
        catch (error) {
            if (!(error instanceof http/* DeadlineError */.j3))
                throw error;
            mismatch =
                `${index.name} accepted the uploads, but ${error.deadline.describe()} ran out while checking that it lists every file with the expected sha256 ` +
                    `(${error.what}); a re-run verifies again and uploads nothing twice.`;
        }
        if (mismatch)
            return { target, status: 'failed', url, message: mismatch, files: [], uploaded, skipped };
        logger.info(`${target}: every file is listed on ${index.name} with the expected sha256`);
        const kept = skipped.length > 0 ? `; ${skipped.length} already there (${skipped.join(', ')})` : '';
        const own = prepared.plans.filter(plan => plan.action === 'skip-origin').length;
        const byOrigin = own > 0 && this.options.origin ? `; ${own} kept as uploaded by an earlier run of ${(0,origin/* describeOrigin */.uN)(this.options.origin)}` : '';
        const provenance = await this.checkProvenance(prepared, uploaded);
        if (provenance.failures.length > 0) {
            const message = `${uploaded.length} of ${files.length} files uploaded to ${index.name}${kept}, but the provenance it shows for ` +
                `${provenance.failures.length === 1 ? 'one of them does' : `${provenance.failures.length} of them do`} not verify: ${provenance.failures.join('; ')}. ` +
                `The files are published (${url}): check each one's provenance there (its Integrity API, or the release page's "Verified details") ` +
                `before announcing the release, and yank the release if it is not yours.`;
            return {
                target,
                status: 'failed',
                url,
                message,
                files,
                uploaded,
                skipped,
                ...(provenance.summary ? { provenance: provenance.summary } : {}),
                annotations: provenance.warnings.map(warning => ({ level: 'warning', title: `Provenance on ${target}`, message: warning }))
            };
        }
        const readBack = {
            // the summary's row: what the read-back verified, and each warning
            ...(provenance.summary ? { provenance: provenance.summary } : {}),
            ...(provenance.warnings.length > 0
                ? { annotations: provenance.warnings.map(message => ({ level: 'warning', title: `Provenance on ${target}`, message })) }
                : {})
        };
        return uploaded.length > 0
            ? {
                target,
                status: 'published',
                url,
                message: `${uploaded.length} of ${files.length} files uploaded to ${index.name}${kept}${byOrigin}; verified`,
                files,
                uploaded,
                skipped,
                ...readBack
            }
            : {
                target,
                status: 'skipped',
                url,
                message: `all ${files.length} files already on ${index.name}${byOrigin}; verified`,
                files,
                uploaded,
                skipped,
                ...readBack
            };
    }
    /**
     * After publishing with attestations, what the index shows: each attested file's provenance read back through
     * the Integrity API (PEP 740: /integrity/<project>/<version>/<filename>/provenance), a few at a time, must hold
     * an attestation of the file's sha256, signed for this run's workflow (the signature verified against
     * SIGSTORE_TRUSTED_ROOT's trusted root when one is given), under the publisher for this run's repository and
     * workflow file (src/publish/provenance.ts). Provenance of a file this run uploaded that is read and does not
     * verify is a failure (`failures`; issue 26): the files are out, and the run must not end green while the index
     * shows provenance nobody can check. Provenance the index does not show, could not be read, or of a file an
     * earlier run left there is a warning. The summary says what was verified, names the publisher the index recorded, and adds the warnings:
     * it is the result's provenance, which the log prints after the message and the job summary's Publish table in a
     * cell of its own (in the message too, it was shown twice in that row).
     */
    async checkProvenance(prepared, uploaded) {
        const { index, logger, retry, deadline } = this.options;
        const trusted = this.options.password === '';
        // a file this run uploaded with its attestation; with attestations on, a re-run also reads back what an earlier run of this workflow left there
        const attested = prepared.plans.flatMap((plan) => {
            const { artifact } = plan;
            const ours = trusted && uploaded.includes(artifact.filename) ? this.options.attestation?.(artifact.filename) : undefined;
            if (ours)
                return [{ artifact, ours, earlier: false }];
            return trusted && this.options.thisRun && plan.action === 'skip-identical' ? [{ artifact, ours: undefined, earlier: true }] : [];
        });
        if (attested.length === 0)
            return { warnings: [], failures: [] };
        // Sigstore's verifier is loaded only by a run that signs or reads back attestations
        const { checkFileProvenance, describePublisher, mapConcurrently, PROVENANCE_READS, provenanceTrust, thisWorkflow, workflowOfRun } = await Promise.all(/* import() */[__webpack_require__.e(463), __webpack_require__.e(187), __webpack_require__.e(14)]).then(__webpack_require__.bind(__webpack_require__, 33633));
        const trust = await (this.options.provenanceTrust?.() ?? provenanceTrust({}));
        const earlierRun = workflowOfRun(this.options.thisRun ?? {});
        const verdicts = await mapConcurrently(attested, PROVENANCE_READS, async ({ artifact, ours }) => {
            let expected;
            try {
                if (ours)
                    expected = thisWorkflow(ours);
                else if (earlierRun)
                    expected = earlierRun;
                else
                    throw new Error('the runner names no workflow for it (GITHUB_REPOSITORY and GITHUB_WORKFLOW_REF)');
            }
            catch (error) {
                return { verified: false, warning: `${artifact.filename}'s provenance on ${index.name} was not checked: ${(0,manifest/* plain */.pj)((0,errors/* describeError */.U)(error), 200)}` };
            }
            const url = new URL(`/integrity/${encodeURIComponent(prepared.project)}/${encodeURIComponent(prepared.version)}/${encodeURIComponent(artifact.filename)}/provenance`, index.simpleApi).href;
            try {
                const response = await (0,http/* getWithRetries */.Te)(url, { headers: { Accept: 'application/vnd.pypi.integrity.v1+json' }, deadline }, logger, retry);
                if (response.status !== 200) {
                    return {
                        verified: false,
                        warning: `${index.name} shows no provenance for ${artifact.filename}: its Integrity API answered HTTP ${response.status} (${url})`
                    };
                }
                const provenance = (0,pep740/* parseProvenance */.X6)(JSON.parse(response.body));
                const verdict = checkFileProvenance(index.name, artifact, provenance, expected, trust);
                // read, and it does not hold: for a file this run uploaded with its attestation, a failure
                return verdict.verified ? verdict : { ...verdict, fails: ours !== undefined };
            }
            catch (error) {
                return { verified: false, warning: `${index.name}'s provenance for ${artifact.filename} could not be read: ${(0,manifest/* plain */.pj)((0,errors/* describeError */.U)(error))}` };
            }
        });
        const failures = verdicts.flatMap(verdict => (!verdict.verified && 'fails' in verdict && verdict.fails ? [verdict.warning] : []));
        const warnings = verdicts.flatMap(verdict => (verdict.verified || ('fails' in verdict && verdict.fails) ? [] : [verdict.warning]));
        for (const problem of [...failures, ...warnings])
            logger.info(`${this.options.target}: ${problem}`);
        const publishers = [...new Set(verdicts.flatMap(verdict => (verdict.verified ? [describePublisher(verdict.publisher)] : [])))];
        const shown = attested.length - warnings.length - failures.length;
        const earlier = verdicts.filter((verdict, i) => verdict.verified && attested[i]?.earlier).length;
        const files = `${shown} file${shown === 1 ? '' : 's'}${earlier > 0 ? ` (${earlier} already there, from an earlier run of this workflow)` : ''}`;
        const notes = [];
        if (shown > 0 && trust.verifier) {
            notes.push(`provenance of ${files} read back from its Integrity API and verified: signature (against ${trust.source}) and workflow (publisher: ${publishers.join('; ')})`);
        }
        else if (shown > 0)
            notes.push(`provenance of ${files} read back from its Integrity API names this workflow (publisher: ${publishers.join('; ')})`);
        // Honest about what was not checked: the public-good instance's trusted root is not available offline
        if (!trust.verifier)
            notes.push(`the attestations' signatures were checked by ${index.name} on upload, not re-verified here: ${trust.reason}`);
        const warned = warnings.length > 0 ? [`⚠️ ${warnings.length} provenance warning${warnings.length === 1 ? '' : 's'}: ${warnings.join('; ')}`] : [];
        const failed = failures.length > 0 ? [`❌ provenance of ${failures.length} file${failures.length === 1 ? '' : 's'} does not verify: ${failures.join('; ')}`] : [];
        return { warnings, failures, summary: [...notes, ...failed, ...warned].join('; ') };
    }
    /** An index has no drafts: what publish uploaded is public already. */
    async finalize(result) {
        return result;
    }
    /** Preflight uploads nothing and holds nothing: nothing to undo. */
    async abandon() { }
    /** Uploads one file, retrying what can be retried; a message when it failed for good or the publish deadline passed. */
    async uploadOne(plan, prepared) {
        try {
            return await this.tryUpload(plan, prepared);
        }
        catch (error) {
            if (!(error instanceof http/* DeadlineError */.j3))
                throw error;
            return (`${plan.artifact.filename}: ${error.what} while uploading it to ${this.name}; the index may still have stored it — a re-run checks before sending again. ` +
                `Publishing stopped as ${error.deadline.describe()} ran out, and nothing more was sent; raise 'publish-timeout' if the index is only slow.`);
        }
    }
    async tryUpload(plan, prepared) {
        const { index, logger, deadline } = this.options;
        const policy = this.options.retry ?? http/* DEFAULT_RETRY */.vI;
        const { artifact } = plan;
        const metadata = await (0,index_rules.coreMetadataOf)(artifact);
        // PyPI takes attestations only with a token minted by trusted publishing (an empty password here)
        const attestation = this.options.password === '' ? this.options.attestation?.(artifact.filename) : undefined;
        const body = (0,upload/* multipartBody */.R)((0,upload/* uploadFields */.l)(artifact, metadata, attestation ? [attestation] : []), artifact);
        let reminted = false;
        for (let attempt = 1;; attempt++) {
            let auth;
            try {
                auth = Buffer.from(`${prepared.credentials.username}:${await this.uploadPassword(prepared, body.length)}`).toString('base64');
            }
            catch (error) {
                return mintFailed(artifact, 'the trusted publishing token was about to expire', error);
            }
            logger.info(`${index.name}: uploading ${artifact.filename} (${artifact.size} bytes)${attempt > 1 ? `, attempt ${attempt}` : ''}`);
            let reason;
            let asked;
            let ambiguous;
            try {
                const response = await (0,http/* request */.Em)(index.uploadUrl, {
                    method: 'POST',
                    headers: { Authorization: `Basic ${auth}`, 'Content-Type': body.contentType, 'Content-Length': body.length },
                    body: body.write,
                    // Sending may take long but must move; the answer, once all is sent, must come soon.
                    timeoutMs: http/* UPLOAD_IDLE_TIMEOUT_MS */.ug,
                    answerTimeoutMs: this.options.answerTimeoutMs ?? (0,http/* uploadAnswerTimeoutMs */.Z_)(body.length),
                    deadline
                });
                if (response.status === 200)
                    return undefined;
                // warehouse/macaroons/caveats/__init__.py:60-61 via security_policy.py:161 and forklift/legacy.py:813: the token ran out before the index checked it
                if (this.minted && !reminted && response.status === 403 && /token is expired/i.test(`${response.reason} ${(0,http/* responseText */.x)(response)}`)) {
                    reminted = true;
                    logger.info(`${index.name}: ${artifact.filename}: the index found the minted token expired; minting a new one and sending the file once more`);
                    try {
                        await this.minted.renew();
                    }
                    catch (error) {
                        return mintFailed(artifact, `${index.name} found the trusted publishing token expired`, error);
                    }
                    continue;
                }
                if (!(0,http/* retryableStatus */.Fd)(response.status)) {
                    // A retry after a lost answer can meet its own earlier upload (or a parallel job's identical one): the index holds our file.
                    if (/already exists/i.test(response.reason) && (await this.onIndex(plan).catch(unknownUnlessLate)) === 'ours')
                        return undefined;
                    return this.explain(artifact, response, prepared);
                }
                reason = `HTTP ${response.status}${response.reason ? ` ${response.reason}` : ''}`;
                asked = (0,http/* retryAfterMs */.Vs)(response.headers);
                ambiguous = response.status !== 429;
            }
            catch (error) {
                if (!(error instanceof http/* NetworkError */.Dr))
                    throw error;
                reason = error.message;
                ambiguous = true;
            }
            // The index may have stored the file before the failure: look before sending it again.
            if (ambiguous) {
                const found = await this.onIndex(plan).catch(unknownUnlessLate);
                if (found === 'ours') {
                    logger.info(`${index.name}: ${artifact.filename} is on the index after all (${reason}), with the expected sha256`);
                    return undefined;
                }
                if (found === 'other')
                    return `${artifact.filename}: after ${reason}, ${index.name} lists a file of that name with another sha256 than this build's`;
            }
            if (attempt >= policy.attempts)
                return `${artifact.filename}: ${index.name} failed ${attempt} times; the last: ${reason}`;
            const wait = (0,http/* backoffMs */.jo)(policy, attempt, asked);
            (0,http/* ensureTime */.U_)(deadline, wait, `the last try failed (${reason})`);
            logger.info(`${index.name}: ${artifact.filename}: ${reason}; retrying in ${(wait / 1000).toFixed(1)} s`);
            await (0,http/* sleep */.yy)(wait);
        }
    }
    /** Whether the index lists this plan's file now: with our sha256, another, or not at all. */
    async onIndex(plan) {
        const prepared = this.prepared;
        const release = await (0,index_api/* readRelease */.iJ)(this.options.index, prepared.project, prepared.version, this.options.logger, this.options.retry, this.options.deadline);
        const file = release.files.find(f => f.filename === plan.expect.filename);
        if (!file)
            return 'absent';
        return file.sha256 === plan.expect.sha256 ? 'ours' : 'other';
    }
    /** The index's 4xx, said so the maintainer knows what to change. */
    explain(artifact, response, prepared) {
        const said = response.reason && response.reason !== 'Bad Request' && response.reason !== 'Forbidden' ? response.reason : (0,http/* responseText */.x)(response);
        const base = `${this.name} refused ${artifact.filename} (HTTP ${response.status}): ${said}`;
        const trusted = this.options.password === '';
        if (response.status >= 300 && response.status < 400) {
            return `${this.name} answered the upload with a redirect (HTTP ${response.status}) to ${String(response.headers.location ?? '?')}; set repository-url to the index's upload URL itself (an upload is never resent to a redirected URL).`;
        }
        if (response.status === 403 && /not valid for project/i.test(said)) {
            return `${base}. The API token is scoped to another project: create a token for '${prepared.project}' (or a user-wide one) and put it in the ${this.options.target === 'testpypi' ? "'testpypi-password'" : "'password'"} secret.`;
        }
        if (response.status === 403 && trusted && /token is expired/i.test(said)) {
            return `${base}. The token minted through trusted publishing expired before ${this.name} had the whole file, though it was minted again just before: the upload takes longer than the index's tokens last. Give an API token in 'password' for files this large, or upload from a faster network.`;
        }
        if (response.status === 403) {
            return trusted
                ? `${base}. The token minted through trusted publishing was refused; check the trusted publisher for '${prepared.project}'.`
                : `${base}. Check the ${this.options.target === 'testpypi' ? "'testpypi-password'" : "'password'"} secret (an API token, with username __token__).`;
        }
        if (/too large/i.test(said))
            return `${base} Ask the index for a larger limit for '${prepared.project}', or make the file smaller.`;
        return base;
    }
    /** Every file listed with the expected sha256; waits (with backoff) while a cache hides new ones. A message on failure. */
    async verify(prepared) {
        const { index, logger } = this.options;
        const deadline = Date.now() + (this.options.verifyTimeoutMs ?? 180_000);
        const policy = this.options.retry ?? http/* DEFAULT_RETRY */.vI;
        for (let attempt = 1;; attempt++) {
            const release = await (0,index_api/* readRelease */.iJ)(index, prepared.project, prepared.version, logger, policy, this.options.deadline);
            const missing = [];
            for (const plan of prepared.plans) {
                const listed = release.files.find(file => file.filename === plan.expect.filename);
                if (!listed)
                    missing.push(plan.expect.filename);
                else if (listed.sha256 !== plan.expect.sha256) {
                    return `${index.name} lists ${plan.expect.filename} with sha256 ${listed.sha256}, but ${plan.expect.sha256} was expected: the index holds another file than this release's. Do not announce this release; check the index.`;
                }
            }
            if (missing.length === 0)
                return undefined;
            const wait = Math.min((0,http/* backoffMs */.jo)({ ...policy, maxDelayMs: 15_000 }, attempt), Math.max(0, deadline - Date.now()));
            if (wait <= 0) {
                return `${index.name} accepted the uploads, but its API does not list ${missing.join(', ')} after ${Math.round((this.options.verifyTimeoutMs ?? 180_000) / 1000)} s; check ${index.simpleApi}${(0,names/* normalizeName */.P)(prepared.project)}/ (a re-run verifies again and uploads nothing twice).`;
            }
            (0,http/* ensureTime */.U_)(this.options.deadline, wait, `${missing.join(', ')} not listed yet`);
            logger.info(`${index.name}: not listed yet: ${missing.join(', ')}; looking again in ${(wait / 1000).toFixed(1)} s`);
            await (0,http/* sleep */.yy)(wait);
        }
    }
}


/***/ })

};
