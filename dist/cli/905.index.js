export const id = 905;
export const ids = [905];
export const modules = {

/***/ 2905:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  signIndexAttestations: () => (/* binding */ signIndexAttestations)
});

// EXTERNAL MODULE: ./src/attest/pep740.ts
var pep740 = __webpack_require__(6191);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./node_modules/@sigstore/bundle/dist/index.js
var dist = __webpack_require__(1040);
// EXTERNAL MODULE: ./node_modules/@sigstore/sign/dist/index.js
var sign_dist = __webpack_require__(5179);
// EXTERNAL MODULE: ./src/attest/statements.ts
var attest_statements = __webpack_require__(9919);
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
var types = __webpack_require__(8522);
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
