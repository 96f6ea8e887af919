export const id = 341;
export const ids = [341];
export const modules = {

/***/ 42341:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  receiveStage: () => (/* binding */ receiveStage)
});

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./src/pep440.ts
var pep440 = __webpack_require__(80936);
// EXTERNAL MODULE: ./src/build/manifest.ts
var build_manifest = __webpack_require__(52691);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(83916);
// EXTERNAL MODULE: ./src/env.ts
var src_env = __webpack_require__(78204);
// EXTERNAL MODULE: ./node_modules/picomatch/index.js
var picomatch = __webpack_require__(14006);
var picomatch_default = /*#__PURE__*/__webpack_require__.n(picomatch);
// EXTERNAL MODULE: ./src/build/builder.ts + 3 modules
var builder = __webpack_require__(65700);
// EXTERNAL MODULE: ./src/build/archive.ts
var archive = __webpack_require__(43782);
// EXTERNAL MODULE: ./src/names.ts
var names = __webpack_require__(46455);
// EXTERNAL MODULE: ./src/build/inspect.ts
var inspect = __webpack_require__(92192);
;// CONCATENATED MODULE: ./src/publish/arrival-rules.ts
// The rules a receiving job applies to what arrived, once the files are read and digested (arrival.ts
// verifyArrivals) — one check each, in a function of its own with its own test (__tests__/arrival-rules.test.ts),
// so that the list stays readable as it grows. A rule returns what it found (an error, a warning, a notice)
// and never throws; verifyArrivals collects the findings, and any error means nothing is published.
//
// What a manifest may vouch for: the bytes it lists (arrival.ts), a certification whose status is what its
// checks add up to (manifest.ts statusDisagreement, checked as it is read), every gate when certification is
// required, this repository, and the commit being released. What a wheel may stand for in `expect-wheels`:
// the tags its WHEEL file states, which inspection verified equal to its filename's (build/inspect.ts).





const error = (message) => ({ level: 'error', message });
/** Who vouched: the job that wrote the manifest, the manifest's file and the arrival it came in. */
function who(manifest) {
    const job = manifest.manifest.source.job;
    const place = `${manifest.file} in ${(0,build_manifest/* excerpt */.Kb)(manifest.source, 100)}`;
    return job ? `job ${(0,build_manifest/* excerpt */.Kb)(job)} (${place})` : place;
}
/** The checks of a manifest that did not pass, for a message: `'tests': fail`. */
function notPassed(manifest) {
    const checks = manifest.manifest.certification.checks.filter(check => check.status !== 'pass');
    return checks.map(check => `${(0,build_manifest/* excerpt */.Kb)(check.name)}: ${check.status}`).join(', ');
}
/**
 * The certification a manifest records lets its files go on: FAIL never; PARTIAL is an error with
 * fail-on-partial and a warning without; NOT-RUN is an error when certification is required. (That the
 * status is what the checks add up to, parseManifest has already made sure.)
 */
function certificationAllowed(manifest, options) {
    const { status } = manifest.manifest.certification;
    const failing = notPassed(manifest);
    if (status === 'FAIL')
        return error(`The files of ${who(manifest)} come from a failed certification (FAIL: ${failing}); nothing from it may be published`);
    if (status === 'PARTIAL' && options.failOnPartial) {
        return error(`The files of ${who(manifest)} come from a PARTIAL certification (${failing}), and fail-on-partial is set`);
    }
    if (status === 'PARTIAL')
        return { level: 'warning', message: `The files of ${who(manifest)} come from a PARTIAL certification (${failing})` };
    if (status === 'NOT-RUN' && options.requireCertification) {
        return error(`The files of ${who(manifest)} were built without certification (NOT-RUN), and certification is required`);
    }
    return undefined;
}
/**
 * With `require-certification`: the certification lists every gate this action's certification takes
 * (manifest.ts CERTIFICATION_GATES), each once. A gate left out (or listed twice, a passing copy after the
 * failing one) is a manifest edited after it was written: what it does not show, it cannot vouch for. A
 * gate the build job gave no input is listed as `skip` (not configured); a configured gate that failed
 * makes the status FAIL, which certificationAllowed refuses.
 */
function gatesListed(manifest) {
    const { checks, status } = manifest.manifest.certification;
    if (status === 'NOT-RUN')
        return undefined; // certificationAllowed says so
    const counts = (gate) => checks.filter(check => check.name === gate).length;
    const missing = build_manifest/* CERTIFICATION_GATES */._X.filter(gate => counts(gate) === 0);
    const twice = build_manifest/* CERTIFICATION_GATES */._X.filter(gate => counts(gate) > 1);
    if (missing.length === 0 && twice.length === 0)
        return undefined;
    const what = [
        ...(missing.length > 0 ? [`does not list the ${missing.join(', ')} ${missing.length === 1 ? 'gate' : 'gates'}`] : []),
        ...(twice.length > 0 ? [`lists the ${twice.join(', ')} ${twice.length === 1 ? 'gate' : 'gates'} more than once`] : [])
    ];
    return error(`The certification in ${who(manifest)} ${what.join(' and ')}; certification is required, and a certification lists every gate ` +
        `(${build_manifest/* CERTIFICATION_GATES */._X.join(', ')}) once, so this one cannot vouch for its files`);
}
/**
 * The manifest names the repository that is releasing (GITHUB_REPOSITORY): files another repository's
 * workflow built are not this project's build, whatever they contain. A manifest that names none (written
 * outside Actions, by the command line) is an error when certification is required, else a notice.
 */
function fromThisRepository(manifest, repository, strict) {
    if (repository === undefined)
        return undefined;
    const named = manifest.manifest.source.repository;
    if (named === null) {
        const message = `${who(manifest)} does not name the repository it was built in, so nothing shows that it is ${repository}'s build`;
        return strict ? error(`${message}, and certification is required`) : { level: 'notice', message };
    }
    // GitHub's owner and repository names are case-insensitive
    if (named.toLowerCase() === repository.toLowerCase())
        return undefined;
    return error(`${who(manifest)} was built in the repository ${(0,build_manifest/* excerpt */.Kb)(named, 100)}, not in ${repository}, which is releasing: nothing from it may be published`);
}
/**
 * The manifest names the commit being released: for this run's files GITHUB_SHA (a tag push releases the
 * commit it tagged), for a promotion the source run's head commit. Files built from another commit are
 * another release's, even when project and version agree. A manifest that names no commit is an error when
 * certification is required, else a notice.
 */
function builtFromCommit(manifest, commit, strict) {
    if (commit === undefined)
        return undefined;
    const sha = manifest.manifest.source.sha;
    if (sha === null) {
        const message = `${who(manifest)} does not name the commit it was built from, so nothing shows that it is ${commit.what} (${commit.sha})`;
        return strict ? error(`${message}, and certification is required`) : { level: 'notice', message };
    }
    if (sha === commit.sha.toLowerCase())
        return undefined;
    return error(`${who(manifest)} was built from commit ${sha}, but this release is of ${commit.what}, ${commit.sha}: nothing from it may be published`);
}
/**
 * A promotion's manifests were written by the run being promoted: a manifest in its artifacts that names
 * another run is another run's build, handed on through this one.
 */
function fromSourceRun(manifest, run) {
    if (run === undefined)
        return undefined;
    const named = manifest.manifest.source.run_id;
    if (named === String(run.id))
        return undefined;
    return error(`${who(manifest)} was written by ${named === null ? 'no named run' : `run ${(0,build_manifest/* excerpt */.Kb)(named)}`}, not by run ${run.id} (${run.url}), whose artifacts are being promoted`);
}
/**
 * A file no manifest lists (cibuildwheel's, maturin's) carries no certification: an error when
 * certification is required, else a notice that it was inspected and digested here only.
 */
function unvouchedFile(file, strict) {
    const what = `No build manifest vouches for ${(0,build_manifest/* excerpt */.Kb)(file.filename, 80)} in ${(0,build_manifest/* excerpt */.Kb)(file.source, 100)}`;
    if (strict)
        return error(`${what}, so nothing shows that it was certified, and certification is required`);
    return { level: 'notice', message: `${what}: it was inspected and digested here, but nothing shows which job built it or that it is unchanged since` };
}
/** The manifests that name a commit name one: a release is built from one commit (a GitHub Release is tagged there). */
function oneCommit(manifests) {
    const commits = new Map();
    for (const arrived of manifests) {
        const sha = arrived.manifest.source.sha;
        if (sha !== null)
            commits.set(sha, [...(commits.get(sha) ?? []), (0,build_manifest/* excerpt */.Kb)(arrived.manifest.source.job ?? arrived.source)]);
    }
    if (commits.size < 2)
        return undefined;
    const which = [...commits].map(([sha, jobs]) => `${sha} (${jobs.join(', ')})`).join(', ');
    return error(`the files received were built from different commits: ${which}; one release is built from one commit`);
}
/**
 * The files are one release, by their own metadata (the truth: a manifest only says what its job saw): one
 * project (PEP 503 names) at one version (PEP 440, normalized). The release, when they are.
 */
function oneRelease(files) {
    const releases = new Map();
    for (const file of files) {
        const { name, version } = file.metadata;
        const key = `${(0,names/* normalizeName */.P)(name)} ${(0,pep440/* parseVersion */.ot)(version)?.normalized ?? version}`;
        releases.set(key, [...(releases.get(key) ?? []), file]);
    }
    if (releases.size === 1)
        return { release: { name: files[0].metadata.name, version: files[0].metadata.version } };
    if (releases.size === 0)
        return {};
    const listed = [...releases.values()].map(group => {
        const { name, version } = group[0].metadata;
        return `${name} ${version} (${group.map(file => (0,build_manifest/* excerpt */.Kb)(file.filename, 80)).join(', ')})`;
    });
    return { finding: error(`The arrived files are not one release: ${listed.join('; ')}`) };
}
/** The manifest is for the release the files are (its project and version, as the job that wrote it saw them). */
function manifestForRelease(manifest, release) {
    const { project, version } = manifest.manifest;
    if ((0,names/* normalizeName */.P)(project) === (0,names/* normalizeName */.P)(release.name) && (0,pep440/* versionsEqual */.At)(version, release.version))
        return undefined;
    return error(`${who(manifest)} is for ${(0,build_manifest/* excerpt */.Kb)(project)} ${(0,build_manifest/* excerpt */.Kb)(version)}, but the files are ${release.name} ${release.version}`);
}
/** A wheel for a message: its name and the tags its WHEEL file states (none when they were not verified). */
function shown(wheel) {
    const tags = wheel.contents?.wheel?.tags;
    return `${(0,build_manifest/* excerpt */.Kb)(wheel.filename, 80)} (${tags ? `WHEEL tags ${tags.join(', ')}` : 'tags not verified'})`;
}
/**
 * The platforms of a wheel's verified tags that one expect-wheels pattern matches ([] when none); undefined for an
 * empty pattern. expectedWheels judges by it, and the receiving job's summary names the pattern each wheel met.
 */
function expectWheelsMatcher(expected) {
    // tags are lower case (packaging's Tag lower-cases them, tags.py:148-150), and so are the verified ones
    const pattern = expected.trim().toLowerCase();
    if (pattern === '')
        return undefined;
    const glob = /[*?[\]{}]/.test(pattern) ? picomatch_default()(pattern, { dot: true }) : undefined;
    // one argument only: picomatch's matcher takes a second (return an object) that Array.some would fill with the index
    const matches = (platform) => (glob ? glob(platform) : platform === pattern);
    return wheel => (0,inspect/* tagPlatforms */.fJ)(wheel.contents?.wheel?.tags ?? []).filter(platform => matches(platform));
}
/**
 * `expect-wheels`: every platform tag or pattern is met by a wheel's verified tags, the ones its WHEEL file
 * states and inspection found equal to its filename's (build/inspect.ts wheelTagProblems); a wheel whose
 * tags were not verified meets none. A pattern met only by wheels that say they are pure Python
 * (Root-Is-Purelib: true) is met, with a warning: a pure wheel tagged for a platform (bdist_wheel
 * --plat-name) is legitimate, but a compiled build that went missing looks the same.
 */
function expectedWheels(wheels, patterns) {
    const findings = [];
    for (const expected of patterns) {
        const matched = expectWheelsMatcher(expected);
        if (matched === undefined)
            continue;
        const meeting = wheels.filter(wheel => matched(wheel).length > 0);
        // a pure wheel meeting `any` is what `any` asks for
        const pureForPlatform = (wheel) => wheel.contents?.wheel?.purelib === true && !matched(wheel).includes('any');
        if (meeting.length === 0) {
            const present = wheels.map(shown).join(', ');
            findings.push(error(`No wheel for the expected platform ${(0,build_manifest/* excerpt */.Kb)(expected.trim(), 80)}: the wheels that arrived are ${present || 'none'}`));
        }
        else if (meeting.every(pureForPlatform)) {
            findings.push({
                level: 'warning',
                message: `The expected platform ${(0,build_manifest/* excerpt */.Kb)(expected.trim(), 80)} is met only by ${meeting.map(shown).join(', ')}, whose WHEEL says Root-Is-Purelib: true ` +
                    '(pure Python, tagged for a platform): if that platform needs compiled code, its build did not make it'
            });
        }
    }
    return findings;
}

;// CONCATENATED MODULE: ./src/publish/arrival.ts
// Files that arrive from other jobs (a publish job without `build`): gathered from the downloaded
// artifacts and verified before any preflight, since nothing here built them. Each file is inspected
// and digested exactly as a built file is (describeArtifact), then checked against the release
// manifests that came with it: the bytes each build job vouched for, its certification, one release.
//
// Two layouts arrive. One directory per artifact (@actions/artifact, or download-artifact without
// merge-multiple): each holds one job's files and its manifest, and a file its manifest does not list
// is an error. One merged directory (merge-multiple): several jobs' files and manifests side by side,
// plus files no manifest speaks for (cibuildwheel's cibw-* artifacts, maturin), which are allowed and
// noted; a merge keeps one file of each name, so a name several jobs built with different bytes lost
// one of them. Everything in these directories is hostile: names and manifests come from other jobs'
// artifacts, so symbolic links are refused (never followed) and nothing but a regular file is opened.








const TITLE = 'Arrived files';
function formatOf(filename) {
    if (filename.endsWith('.whl'))
        return 'wheel';
    if (filename.endsWith('.tar.gz'))
        return 'sdist';
    return undefined;
}
const count = (n, what) => `${n} ${what}${n === 1 ? '' : 's'}`;
/**
 * The platform tags of a wheel's filename; a compressed tag set (`a.b`) counts for each. Only what the name
 * claims: expect-wheels goes by the tags inspection verified (arrival-rules.ts expectedWheels).
 */
function wheelPlatforms(filename) {
    const parts = filename.replace(/\.whl$/, '').split('-');
    if (parts.length !== 5 && parts.length !== 6)
        return [];
    return parts[parts.length - 1].split('.');
}
/** A file as it was when its early description started: a later write changes its ctime. */
const identity = (stats) => `${stats.dev}:${stats.ino}:${stats.size}:${stats.mtimeMs}:${stats.ctimeMs}`;
/** Descriptions started by prepareArrival, by path: used by verifyArrivals only if the file is unchanged since. */
const early = new Map();
/** One early description at a time: they overlap the downloads still running, not each other. */
let earlyQueue = Promise.resolve();
/**
 * Starts describing the distribution files of one arrived directory (the same checks verifyArrivals
 * makes before opening a file: a regular file, not a link, a plain name), so that a publish job digests
 * and inspects each artifact while the others still download. verifyArrivals still decides everything.
 */
async function prepareArrival(dir) {
    const listing = await (0,promises_.readdir)(dir, { withFileTypes: true }).catch(() => []);
    for (const entry of listing) {
        if (!entry.isFile() || !formatOf(entry.name) || /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(entry.name))
            continue;
        const path = (0,external_node_path_.join)(dir, entry.name);
        const stats = await (0,promises_.lstat)(path).catch(() => undefined);
        if (!stats?.isFile())
            continue;
        const described = earlyQueue.then(() => (0,builder/* describeArtifact */.Qw)(path));
        described.catch(() => { }); // verifyArrivals reports it, if it asks
        earlyQueue = described.catch(() => { });
        early.set(path, { identity: identity(stats), described });
    }
}
/** What differs between an arrived file and a manifest's entry for it; [] when they match. */
function mismatches(artifact, entry) {
    const found = [];
    if (artifact.size !== entry.size)
        found.push(`it is ${artifact.size} bytes, the manifest says ${entry.size}`);
    for (const digest of ['sha256', 'md5', 'blake2b_256']) {
        if (artifact[digest] !== entry[digest])
            found.push(`its ${digest} is ${artifact[digest]}, the manifest says ${entry[digest]}`);
    }
    return found;
}
/**
 * Gathers the files of every arrival and verifies them (see the top of this file). Errors are
 * collected, not thrown, so one run reports everything wrong; any error means nothing may be published.
 */
async function verifyArrivals(arrivals, options) {
    const { logger } = options;
    const errors = [];
    const annotations = [];
    const manifests = [];
    const arrived = [];
    const unvouched = [];
    for (const arrival of arrivals) {
        const source = (0,build_manifest/* excerpt */.Kb)(arrival.source, 100);
        const top = await (0,promises_.lstat)(arrival.dir).catch((error) => error);
        if (top instanceof Error || !top.isDirectory()) {
            errors.push(`The files from ${source} cannot be read: ${arrival.dir} ${top instanceof Error ? `is not there (${top.message})` : 'is not a directory'}`);
            continue;
        }
        const listing = await (0,promises_.readdir)(arrival.dir, { withFileTypes: true }).catch((error) => error);
        if (listing instanceof Error) {
            errors.push(`The files from ${source} cannot be read: ${arrival.dir} cannot be listed (${listing.code ?? listing.message})`);
            continue;
        }
        const entries = listing.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
        const here = [];
        const files = new Map();
        for (const entry of entries) {
            const name = (0,build_manifest/* excerpt */.Kb)(entry.name, 80);
            const path = (0,external_node_path_.join)(arrival.dir, entry.name);
            if (entry.isSymbolicLink()) {
                errors.push(`${name} in ${source} is a symbolic link; it was refused, not followed (an artifact holds regular files only)`);
            }
            else if (entry.isDirectory()) {
                annotations.push({ level: 'warning', title: TITLE, message: `${name} in ${source} is a directory; nothing in it was looked at or will be published` });
            }
            else if (!entry.isFile()) {
                errors.push(`${name} in ${source} is not a regular file (a FIFO, socket or device); it was refused and never opened`);
            }
            else if ((0,build_manifest/* isManifestName */.zU)(entry.name)) {
                try {
                    const manifest = (0,build_manifest/* parseManifest */.Ng)(await (0,build_manifest/* readManifestFile */.oe)(path, `${name} in ${source}`), `${name} in ${source}`);
                    here.push({ source: arrival.source, file: entry.name, manifest, vouches: [] });
                }
                catch (error) {
                    const code = error.code;
                    errors.push(error instanceof build_manifest/* ManifestError */.Sh ? error.message : `The release manifest ${name} in ${source} cannot be read${code ? ` (${code})` : ''}`);
                }
            }
            else if (formatOf(entry.name) && /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(entry.name)) {
                // no index accepts such a name, and inspection would repeat it raw in every message about the file
                errors.push(`${name} in ${source} has control characters in its name; it was refused and not opened`);
            }
            else if (formatOf(entry.name)) {
                files.set(entry.name, path);
            }
            else {
                logger.debug(`${name} in ${source} is neither a wheel, an sdist nor a release manifest: ignored`);
            }
        }
        manifests.push(...here);
        const merged = arrival.merged ?? here.length > 1;
        // every file a manifest lists is here
        const listings = new Map();
        for (const manifest of here) {
            for (const entry of manifest.manifest.files) {
                if (!files.has(entry.filename)) {
                    errors.push(`${(0,build_manifest/* excerpt */.Kb)(entry.filename, 80)} is listed by ${who(manifest)} but is not in ${source}: it was lost or never uploaded`);
                }
                listings.set(entry.filename, [...(listings.get(entry.filename) ?? []), { manifest, entry }]);
            }
        }
        for (const [filename, path] of files) {
            const name = (0,build_manifest/* excerpt */.Kb)(filename, 80);
            const listed = listings.get(filename) ?? [];
            if (listed.length === 0 && here.length > 0 && !merged) {
                errors.push(`${name} in ${source} is not listed in its release manifest (${who(here[0])}): a file added after the build job wrote it is refused ` +
                    '(if this directory merges several artifacts, pass it as merged)');
                continue;
            }
            // a regular file when the directory was read; lstat again so that a swap for a link or FIFO is caught before it is opened
            const stats = await (0,promises_.lstat)(path).catch(() => undefined);
            if (!stats?.isFile()) {
                errors.push(`${name} in ${source} is no longer a regular file; it was refused and not opened`);
                continue;
            }
            let artifact;
            try {
                const started = early.get(path);
                early.delete(path);
                artifact = await (started?.identity === identity(stats) ? started.described : (0,builder/* describeArtifact */.Qw)(path));
            }
            catch (error) {
                errors.push(`${error.message} (in ${source})`);
                continue;
            }
            const vouchedBy = [];
            for (const { manifest, entry } of listed) {
                const wrong = mismatches(artifact, entry);
                if (wrong.length === 0)
                    vouchedBy.push(manifest);
                else if (listed.length === 1)
                    errors.push(`${name} in ${source} is not the file ${who(manifest)} built: ${wrong.join('; ')}`);
            }
            if (listed.length > 1) {
                const distinct = new Set(listed.map(({ entry }) => entry.sha256));
                const jobs = listed.map(({ manifest }) => who(manifest)).join(' and ');
                if (distinct.size > 1 && artifact.format === 'wheel') {
                    errors.push(`${name} was built with different bytes by ${jobs}: the merge into ${source} kept only one; ` +
                        'give each job its own platform (or make the builds reproducible)');
                }
                else if (distinct.size > 1) {
                    annotations.push({
                        level: 'warning',
                        title: TITLE,
                        message: `${name} was built with different bytes by ${jobs}; the merge into ${source} kept one, ` +
                            `${vouchedBy.length > 0 ? `the one ${who(vouchedBy[0])} built` : 'and it matches none of them'}`
                    });
                }
                if (vouchedBy.length === 0) {
                    errors.push(`${name} in ${source} is not the file any of ${jobs} built (${mismatches(artifact, listed[0].entry).join('; ')})`);
                }
            }
            for (const { manifest, entry } of listed.filter(({ manifest }) => vouchedBy.includes(manifest))) {
                if ((0,names/* normalizeName */.P)(entry.name) !== (0,names/* normalizeName */.P)(artifact.metadata.name) || !(0,pep440/* versionsEqual */.At)(entry.version, artifact.metadata.version)) {
                    errors.push(`${who(manifest)} lists ${name} as ${(0,build_manifest/* excerpt */.Kb)(entry.name)} ${(0,build_manifest/* excerpt */.Kb)(entry.version)}, ` +
                        `but its metadata says ${artifact.metadata.name} ${artifact.metadata.version}`);
                }
                if (entry.inspection.verdict === 'errors')
                    errors.push(`${who(manifest)} says its inspection of ${name} found errors; it is not fit to publish`);
                // the build job's render of the description: this job may have no Python, and the bytes are the ones it rendered
                if (entry.description && !artifact.description)
                    artifact = { ...artifact, description: entry.description };
                manifest.vouches.push(filename);
            }
            const one = { source: arrival.source, filename, artifact, vouchedBy };
            arrived.push(one);
            if (listed.length === 0)
                unvouched.push(one);
        }
    }
    // ---- what each manifest vouches for: its certification, this repository, the commit being released (arrival-rules.ts)
    const found = (finding) => {
        if (finding?.level === 'error')
            errors.push(finding.message);
        else if (finding)
            annotations.push({ level: finding.level, title: TITLE, message: finding.message });
    };
    const strict = options.requireCertification === true;
    for (const manifest of manifests) {
        found(certificationAllowed(manifest, options));
        if (strict)
            found(gatesListed(manifest));
        found(fromThisRepository(manifest, options.repository, strict));
        found(fromSourceRun(manifest, options.run));
    }
    const split = oneCommit(manifests);
    found(split);
    // one commit that is not the one being released: said once per manifest (a split says which differ already)
    if (!split)
        for (const manifest of manifests)
            found(builtFromCommit(manifest, options.commit, strict));
    for (const file of unvouched)
        found(unvouchedFile(file, strict));
    // ---- one file of each name: identical copies are one, equivalent sdists (same members) are one, others conflict
    const kept = [];
    const byName = new Map();
    for (const one of arrived)
        byName.set(one.filename, [...(byName.get(one.filename) ?? []), one]);
    for (const [filename, arrivedCopies] of byName) {
        // the copy kept is one a manifest vouches for, when there is one (the sort keeps arrival order otherwise)
        const copies = [...arrivedCopies].sort((a, b) => Number(b.vouchedBy.length > 0) - Number(a.vouchedBy.length > 0));
        const first = copies[0];
        kept.push(first);
        if (copies.length === 1)
            continue;
        const name = (0,build_manifest/* excerpt */.Kb)(filename, 80);
        const from = (one) => (one.vouchedBy.length > 0 ? one.vouchedBy.map(who).join(', ') : (0,build_manifest/* excerpt */.Kb)(one.source, 100));
        const others = copies.slice(1).filter(one => one.artifact.sha256 !== first.artifact.sha256);
        if (others.length > 0 && first.artifact.format === 'wheel') {
            const jobs = [first, ...others].map(from).join(' and ');
            errors.push(`${name} arrived with different bytes from ${jobs}: two jobs built the same wheel differently; publish one`);
            continue;
        }
        let conflict = false;
        if (others.length > 0) {
            const members = (await (0,archive/* readArchive */.bL)(first.artifact.path)).members;
            for (const other of others) {
                const differences = (0,archive/* memberDifferences */.Tp)(members, (await (0,archive/* readArchive */.bL)(other.artifact.path)).members);
                if (differences.length > 0) {
                    conflict = true;
                    errors.push(`${name} from ${from(first)} and from ${from(other)} differ: ${(0,archive/* listDifferences */.bY)(differences)}; the jobs built different sources`);
                }
            }
        }
        if (conflict)
            continue;
        for (const other of copies.slice(1))
            for (const manifest of other.vouchedBy)
                if (!first.vouchedBy.includes(manifest))
                    first.vouchedBy.push(manifest);
        const how = others.length > 0 ? 'equivalent (the same members and contents)' : 'identical';
        annotations.push({ level: 'notice', title: TITLE, message: `${copies.length} copies of ${name} arrived, ${how}; the one from ${from(first)} is kept` });
    }
    // ---- one release: the files' own metadata is the truth, and every manifest must agree with it
    const release = oneRelease(kept.map(one => one.artifact));
    found(release.finding);
    if (release.release)
        for (const manifest of manifests)
            found(manifestForRelease(manifest, release.release));
    if (kept.length === 0 && errors.length === 0) {
        errors.push(`No wheel or sdist arrived in ${arrivals.map(a => (0,build_manifest/* excerpt */.Kb)(a.source, 100)).join(', ') || 'any artifact'}`);
    }
    // ---- every platform the release promises has a wheel, by the tags the wheels' WHEEL files state (verified against their names)
    const wheels = kept.filter(one => one.artifact.format === 'wheel').map(one => one.artifact);
    for (const finding of expectedWheels(wheels, options.expectWheels ?? []))
        found(finding);
    // each pattern and the wheels that met it, for the summary
    const met = (options.expectWheels ?? []).flatMap(expected => {
        const matched = expectWheelsMatcher(expected);
        return matched ? [{ pattern: expected.trim(), wheels: wheels.filter(wheel => matched(wheel).length > 0).map(wheel => wheel.filename) }] : [];
    });
    const artifacts = kept
        .map(one => one.artifact)
        .sort((a, b) => (a.format !== b.format ? (a.format === 'sdist' ? -1 : 1) : a.filename < b.filename ? -1 : a.filename > b.filename ? 1 : 0));
    logger.info(`arrived: ${count(artifacts.length, 'file')} from ${count(arrivals.length, 'source')}, ${count(manifests.length, 'manifest')}` +
        `${unvouched.length > 0 ? `, ${count(unvouched.length, 'file')} without a manifest` : ''}${errors.length > 0 ? `; ${count(errors.length, 'error')}` : ''}`);
    return {
        artifacts: errors.length > 0 ? [] : artifacts,
        project: kept[0]?.artifact.metadata.name,
        version: kept[0]?.artifact.metadata.version,
        manifests,
        unvouched: unvouched.map(({ source, filename }) => ({ source, filename })),
        met,
        annotations,
        errors
    };
}

;// CONCATENATED MODULE: ./src/publish/receive.ts
// A job without the build stage (the publish job of a matrix) receives the files other jobs built:
// downloaded through the Actions artifact service (this run's artifacts, or another run's with
// 'artifact-run-id'), or found in 'dist-dir' (actions/download-artifact's layouts, cibuildwheel's
// wheelhouse). What arrives is only gathered here, one directory per source; publish/arrival.ts
// verifies it before any preflight.






/** A problem receiving the files: nothing is published. The message names the input to change. */
class ReceiveError extends Error {
    name = 'ReceiveError';
}
const DISTRIBUTION = /\.(whl|tar\.gz|zip)$/;
const MANIFEST = /^release-manifest(\..+)?\.json$/;
/** Whether a directory holds distribution files or a release manifest of its own (not in subdirectories). */
async function holdsRelease(dir) {
    const names = await (0,promises_.readdir)(dir);
    return names.some(name => DISTRIBUTION.test(name) || MANIFEST.test(name));
}
/**
 * The sources in 'dist-dir': the directory itself when files lie in it (a merged download, a
 * wheelhouse), and each subdirectory that holds files (actions/download-artifact without
 * merge-multiple writes one per artifact). Symbolic links are not followed.
 */
async function distDirArrivals(distDir) {
    let info;
    try {
        info = await (0,promises_.lstat)(distDir);
    }
    catch {
        throw new ReceiveError(`Input 'dist-dir' (${distDir}) does not exist: name the directory the files were downloaded or built into`);
    }
    if (!info.isDirectory())
        throw new ReceiveError(`Input 'dist-dir' (${distDir}) is not a directory`);
    const arrivals = [];
    // files in the directory itself: a merged download (merge-multiple) or a wheelhouse, several jobs' files side by side
    if (await holdsRelease(distDir))
        arrivals.push({ source: distDir, dir: distDir, merged: true });
    for (const entry of (await (0,promises_.readdir)(distDir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
        if (!entry.isDirectory())
            continue;
        const dir = (0,external_node_path_.join)(distDir, entry.name);
        if (await holdsRelease(dir))
            arrivals.push({ source: dir, dir });
    }
    if (arrivals.length === 0) {
        throw new ReceiveError(`Input 'dist-dir' (${distDir}) holds no distribution file (.whl, .tar.gz) and no release manifest, in it or one directory down`);
    }
    return arrivals;
}
/** A glob per artifact name pattern; a name template's placeholders ({job}, {os}, …) match anything. */
function artifactMatcher(patterns) {
    const globs = patterns.map(pattern => pattern.replace(/\{(job|os|arch|name|version)\}/g, '*'));
    const match = picomatch_default()(globs, { dot: true });
    return name => match(name);
}
// Measured (bench:download, 20 artifacts of 20 MiB): 20 at once took 14% less time (7% less CPU) than 4; more streams
// in flight mean fewer, larger reads per turn of the event loop.
const DOWNLOADS_AT_ONCE = 20;
/**
 * Downloads every artifact whose name matches `patterns`, each into its own directory under
 * `workDir`, at most twenty at once. An artifact whose download does not match the digest the service
 * recorded at upload is refused, as is a pattern that matches nothing. With `timeoutMs`, the listing, the
 * downloads and every retry end by then (a service that never answers, resets or trickles), naming the
 * service and the artifacts still under way.
 */
async function downloadArrivals(options) {
    const where = options.runId === undefined ? 'this workflow run' : `workflow run ${options.runId} (input 'artifact-run-id')`;
    const progress = { listed: false, inFlight: new Set(), arrived: 0, wanted: 0, stop: () => { } };
    const working = receiveArtifacts(options, where, progress);
    if (options.timeoutMs === undefined)
        return working;
    // The artifact client has no way to be cancelled and retries for minutes on its own (five attempts a request,
    // a download retried after 5 s, no bound on a trickling body): the run stops waiting for it at the deadline,
    // takes no more downloads, and what is still under way is dropped when the process ends after the report.
    working.catch(() => { });
    let timer;
    const timeout = new Promise((_, reject) => {
        timer = setTimeout(() => {
            progress.stop();
            reject(receiveTimedOut(options, where, progress));
        }, options.timeoutMs);
    });
    try {
        return await Promise.race([working, timeout]);
    }
    finally {
        clearTimeout(timer);
    }
}
function receiveTimedOut(options, where, progress) {
    const minutes = Number(((options.timeoutMs ?? 0) / 60_000).toFixed(3));
    const service = options.source.describe?.(options.runId) ?? 'the Actions artifact service';
    const what = !progress.listed
        ? `${service} had not answered the listing of the artifacts of ${where}`
        : `${service} was still sending ${[...progress.inFlight].join(', ') || 'the artifacts'} of ${where} (${progress.arrived} of ${progress.wanted} artifacts had arrived)`;
    return new ReceiveError(`Receiving stopped as input 'receive-timeout' (${minutes} minute${minutes === 1 ? '' : 's'}) ran out: ${what}, its retries included; ` +
        "nothing is published. Re-run the job, or raise 'receive-timeout' if the service is only slow.");
}
async function receiveArtifacts(options, where, progress) {
    const { source, patterns, runId, logger } = options;
    let all;
    try {
        all = await source.list(runId);
    }
    catch (error) {
        throw new ReceiveError(`Listing the artifacts of ${where} at ${source.describe?.(runId) ?? 'the Actions artifact service'} failed: ${(0,errors/* describeError */.U)(error)}; nothing is published` +
            (runId === undefined ? '' : ". Another run's artifacts need 'github-token' with `permissions: actions: read` in this job"));
    }
    progress.listed = true;
    const wanted = all.filter(artifact => artifactMatcher(patterns)(artifact.name)).sort((a, b) => a.name.localeCompare(b.name));
    for (const pattern of patterns) {
        if (!all.some(artifact => artifactMatcher([pattern])(artifact.name))) {
            const present = all.map(a => (0,build_manifest/* plain */.pj)(a.name, 100)).sort();
            throw new ReceiveError(`Input 'download-artifacts': no artifact of ${where} matches '${pattern}'` +
                `${present.length > 0 ? ` (it has ${present.slice(0, 10).join(', ')}${present.length > 10 ? `, and ${present.length - 10} more` : ''})` : ' (it has none)'}. ` +
                `Did the build jobs run and upload (upload-artifact: true), and does the pattern match their artifact-name?`);
        }
    }
    await (0,promises_.mkdir)(options.workDir, { recursive: true });
    const arrivals = wanted.map((artifact, index) => ({
        source: `artifact ${(0,build_manifest/* excerpt */.Kb)(artifact.name, 100)} (id ${artifact.id})`,
        dir: (0,external_node_path_.join)(options.workDir, `${index}`)
    }));
    let next = 0;
    let stopped = false;
    progress.wanted = wanted.length;
    progress.stop = () => (stopped = true);
    const unchecked = [];
    const worker = async () => {
        while (!stopped && next < wanted.length) {
            const index = next++;
            const artifact = wanted[index];
            const arrival = arrivals[index];
            await (0,promises_.mkdir)(arrival.dir);
            let digestMismatch;
            progress.inFlight.add(arrival.source);
            try {
                ;
                ({ digestMismatch } = await source.download(artifact.id, arrival.dir, { runId, expectedDigest: artifact.digest }));
                progress.inFlight.delete(arrival.source);
                progress.arrived++;
            }
            catch (error) {
                stopped = true;
                throw new ReceiveError(`Downloading ${arrival.source} of ${where} failed: ${(0,errors/* describeError */.U)(error)}` +
                    (runId === undefined ? '' : ". Another run's artifacts need 'github-token' with `permissions: actions: read` in this job"));
            }
            if (digestMismatch) {
                stopped = true;
                throw new ReceiveError(`${arrival.source} of ${where} does not match the digest the artifact service recorded when it was uploaded (${artifact.digest}): ` +
                    'it changed after upload, and nothing is published from it');
            }
            if (!artifact.digest)
                unchecked.push(arrival.source);
            void prepareArrival(arrival.dir); // verification starts while the others download
            logger.info(`downloaded ${arrival.source} (${artifact.size} bytes${artifact.digest ? `, ${artifact.digest}, verified` : ', no digest to check it against'})`);
        }
    };
    // the first failure stops the others taking more; the downloads under way end before this returns
    const settled = await Promise.allSettled(Array.from({ length: Math.min(DOWNLOADS_AT_ONCE, wanted.length) }, worker));
    const failure = settled.find((result) => result.status === 'rejected');
    if (failure)
        throw failure.reason;
    if (unchecked.length > 0)
        logger.info(`the artifact service gave no digest for ${unchecked.join(', ')}: their manifests alone vouch for them`);
    return arrivals;
}

;// CONCATENATED MODULE: ./src/publish/source-run.ts
// A promotion (`artifact-run-id`) publishes files another workflow run built: before anything of that run is
// downloaded, the run itself is asked for through the REST API (GET /repos/{owner}/{repo}/actions/runs/{run_id},
// "Get a workflow run") and judged here, one rule per function, each with its own test
// (__tests__/source-run.test.ts). The fields are the REST API's workflow-run object (GitHub's OpenAPI
// description, components/schemas/workflow-run): id, html_url, event, status, conclusion, head_sha, and
// repository / head_repository (minimal-repository: full_name).
/** The run, for every message: its id and its page. */
function runName(run) {
    return `run ${run.id} (${run.html_url})`;
}
const ADVICE = "Promote a run of this repository's own workflow that built and certified the release ('artifact-run-id')";
/** The run is one of the repository that is releasing (GITHUB_REPOSITORY). */
function sameRepository(run, repository) {
    if (run.repository.full_name.toLowerCase() === repository.toLowerCase())
        return undefined;
    return `${runName(run)} is a run of ${run.repository.full_name}, not of ${repository}, which is releasing; nothing of it is downloaded. ${ADVICE}`;
}
/**
 * The run did not build a fork's code: a pull request from a fork runs the fork's commit (its
 * head_repository is the fork), and whoever controls the fork controls what that run built. Any event whose
 * head repository is another one is refused (pull_request and pull_request_target alike).
 */
function notFromFork(run) {
    const head = run.head_repository?.full_name;
    if (head === undefined) {
        return `${runName(run)} does not say which repository its commit came from (no head_repository), so it may be a fork's; nothing of it is downloaded`;
    }
    if (head.toLowerCase() === run.repository.full_name.toLowerCase())
        return undefined;
    return (`${runName(run)} is a ${run.event} run of ${head}'s commit ${run.head_sha}, a fork of ${run.repository.full_name}: ` +
        `a fork's build is never published; nothing of it is downloaded. ${ADVICE}`);
}
/** The run completed and succeeded: a failed, cancelled or unfinished run's artifacts are not a release's. */
function concludedSuccessfully(run) {
    if (run.status === 'completed' && run.conclusion === 'success')
        return undefined;
    const state = run.status === 'completed' ? `concluded ${run.conclusion ?? 'without a conclusion'}` : `is ${run.status ?? 'in no known state'}, not completed`;
    return `${runName(run)} ${state}; only a run that concluded successfully is promoted, and nothing of it is downloaded`;
}
/** Every reason the run is not one to promote; [] when it is. */
function runProblems(run, repository) {
    return [repository === undefined ? undefined : sameRepository(run, repository), notFromFork(run), concludedSuccessfully(run)].filter((problem) => problem !== undefined);
}
/**
 * Reads the REST answer into a SourceRun; a field that is missing or of the wrong type is an error naming it
 * (the answer comes from the network).
 */
function readSourceRun(data, runId) {
    const object = (value) => typeof value === 'object' && value !== null && !Array.isArray(value) ? value : undefined;
    const body = object(data);
    const fail = (field) => {
        throw new Error(`GitHub's answer for workflow run ${runId} has no usable ${field}`);
    };
    if (!body)
        return fail('body');
    const text = (key) => (typeof body[key] === 'string' ? body[key] : fail(key));
    const nullable = (key) => (body[key] === null ? null : text(key));
    const repository = (key) => {
        if (body[key] === null)
            return null;
        const value = object(body[key]);
        return typeof value?.['full_name'] === 'string' ? { full_name: value['full_name'] } : fail(`${key}.full_name`);
    };
    if (body['id'] !== runId)
        fail(`id (it should be ${runId})`);
    return {
        id: runId,
        html_url: text('html_url'),
        event: text('event'),
        status: nullable('status'),
        conclusion: nullable('conclusion'),
        head_sha: text('head_sha'),
        repository: repository('repository') ?? fail('repository'),
        head_repository: repository('head_repository')
    };
}

;// CONCATENATED MODULE: ./src/publish/received.ts
// A job without the build stage (stages preflight,publish): the files other jobs built are received
// (downloaded or found in dist-dir) and verified against their release manifests before any preflight.
// The pipeline records this in the build stage's row: where the files came from and what vouches for them.











const plural = (count, one, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;
async function receiveStage(inputs, env, hooks) {
    const { logger } = hooks;
    const receive = inputs.receive;
    if (!receive)
        throw new Error('receiveStage runs only in a job that receives files');
    const annotations = [];
    const failed = (message, title, details = [message]) => {
        for (const detail of details)
            annotations.push({ level: 'error', title, message: detail });
        return { status: 'failed', message, annotations, build: undefined, project: undefined, version: undefined, manifests: [], sources: [], commit: undefined };
    };
    const workDir = await (0,src_env/* runnerTempDir */.cl)(env.runnerTemp, 'python-release-received-');
    // A promotion: the source run is asked about before anything of it is downloaded (source-run.ts).
    let sourceRun;
    if (receive.from === 'artifacts' && receive.runId !== undefined && hooks.source) {
        const checked = await checkSourceRun(hooks.source, receive.runId, env.repository, logger);
        if (typeof checked === 'string')
            return failed(checked, 'Receiving the files failed');
        if (checked.problems.length > 0) {
            return failed(`input 'artifact-run-id' names ${runName(checked.run)}, which is not a run to promote: ${checked.problems.join('; ')}`, 'Receiving the files failed', checked.problems);
        }
        sourceRun = checked.run;
    }
    let arrivals;
    try {
        if (receive.from === 'directory')
            arrivals = await distDirArrivals(receive.dir);
        else if (!hooks.source) {
            throw new ReceiveError("The command line does not download from the Actions artifact service: give the files' directory with --dist-dir");
        }
        else if (env.artifactServiceUnavailable && receive.runId === undefined) {
            throw new ReceiveError(`Cannot download this run's artifacts: ${env.artifactServiceUnavailable}. Download them with actions/download-artifact and name the directory in 'dist-dir'.`);
        }
        else {
            const { patterns, runId, timeoutMs } = receive;
            arrivals = await downloadArrivals({ source: hooks.source, patterns, runId, workDir, logger, timeoutMs });
        }
    }
    catch (error) {
        if (!(error instanceof ReceiveError))
            throw error;
        return failed(error.message, 'Receiving the files failed');
    }
    const verified = await verifyArrivals(arrivals, {
        expectWheels: inputs.expectWheels,
        failOnPartial: inputs.failOnPartial,
        requireCertification: inputs.requireCertification,
        ...(env.repository !== undefined ? { repository: env.repository } : {}),
        ...releasedCommit(env, sourceRun),
        ...(sourceRun ? { run: { id: sourceRun.id, url: sourceRun.html_url } } : {}),
        logger
    });
    annotations.push(...verified.annotations);
    const from = `${plural(arrivals.length, receive.from === 'directory' ? 'directory' : 'artifact', receive.from === 'directory' ? 'directories' : 'artifacts')}`;
    if (verified.errors.length > 0) {
        const first = verified.errors[0];
        return failed(`the files received from ${from} failed verification (${plural(verified.errors.length, 'problem')}): ${first}`, 'Verification failed', verified.errors);
    }
    // The release this run is for: a version input or a pushed tag must name the version the files carry.
    const release = verified.version ?? '';
    const mismatches = [];
    if (inputs.version !== undefined && !(0,pep440/* versionsEqual */.At)(inputs.version, release)) {
        mismatches.push(`input 'version' is ${inputs.version}, but the files received are version ${release}`);
    }
    const tag = (0,pep440/* tagFromRef */.q)(env.ref);
    const tagged = tag === undefined ? undefined : (0,pep440/* versionFromTag */.bp)(tag, inputs.tagPrefix);
    if (tagged?.kind === 'version' && !(0,pep440/* versionsEqual */.At)(tagged.version.normalized, release)) {
        mismatches.push(`this run is for tag ${tag} (version ${tagged.version.normalized}), but the files received are version ${release}`);
    }
    if (mismatches.length > 0)
        return failed(`${mismatches.join('; ')}: nothing is published`, 'Version mismatch', mismatches);
    // The commit the files were built from (a GitHub Release is tagged there): verification made sure the manifests agree.
    const commits = new Set(verified.manifests.map(arrived => arrived.manifest.source.sha).filter((sha) => sha !== null));
    // Published from a private copy, hashed as it is made: a received file that changes after verification
    // (in RUNNER_TEMP or in dist-dir) is never what goes out.
    const kept = await (0,src_env/* runnerTempDir */.cl)(env.runnerTemp, 'python-release-verified-');
    const artifacts = [];
    for (const artifact of verified.artifacts) {
        const copy = (0,external_node_path_.join)(kept, artifact.filename);
        let sha256;
        try {
            sha256 = await copyHashing(artifact.path, copy);
        }
        catch (error) {
            return failed(`${artifact.filename} could not be read again after it was verified: ${(0,errors/* describeError */.U)(error)}; nothing is published`, 'Verification failed');
        }
        if (sha256 !== artifact.sha256) {
            return failed(`${artifact.filename} changed after it was verified (sha256 ${sha256}, verified ${artifact.sha256}): nothing is published`, 'Verification failed');
        }
        artifacts.push({ ...artifact, path: copy });
    }
    for (const artifact of artifacts)
        logger.info(`${artifact.filename}  ${artifact.size} bytes  sha256 ${artifact.sha256}`);
    const vouched = verified.artifacts.length - verified.unvouched.length;
    const message = `${plural(verified.artifacts.length, 'file')} received from ${from} (${arrivals.map(a => a.source).join(', ')}); ` +
        `${vouched} verified against ${plural(verified.manifests.length, 'release manifest')}` +
        (verified.unvouched.length > 0 ? `, ${verified.unvouched.length} with no build manifest to vouch for them (inspected and digested here)` : '');
    return {
        status: 'ok',
        message,
        annotations,
        build: {
            outputDir: receive.from === 'directory' ? receive.dir : workDir,
            artifacts,
            command: [],
            annotations: [],
            received: arrivals.map(a => a.source).join(', ')
        },
        project: verified.project,
        version: verified.version,
        manifests: verified.manifests,
        sources: receivedSources(verified, artifacts, env.runId),
        commit: [...commits][0],
        builtElsewhere: builtElsewhere(verified.manifests, env.runId)
    };
}
/**
 * The commit this job releases, which every manifest must name: a promotion's is the source run's head
 * commit; otherwise GITHUB_SHA (the commit a tag push tagged; a dist-dir of another run's files is promoted
 * with 'artifact-run-id' instead, which checks that run). None outside Actions (the command line).
 */
function releasedCommit(env, run) {
    if (run)
        return { commit: { sha: run.head_sha, what: `the head commit of ${runName(run)}, the run being promoted` } };
    if (env.sha !== undefined)
        return { commit: { sha: env.sha, what: "this run's commit (GITHUB_SHA)" } };
    return {};
}
/** Asks for the source run of a promotion: the run and what is wrong with it, or why it could not be asked. */
async function checkSourceRun(source, runId, repository, logger) {
    const asked = `workflow run ${runId} (input 'artifact-run-id')`;
    if (!source.workflowRun)
        return `${asked} cannot be checked here before its artifacts are downloaded, so nothing of it is promoted`;
    let run;
    try {
        run = await source.workflowRun(runId);
    }
    catch (error) {
        return (`${asked} could not be checked through the GitHub API before its artifacts are downloaded: ${(0,errors/* describeError */.U)(error)}. ` +
            "Another run's artifacts need 'github-token' with `permissions: actions: read` in this job");
    }
    logger.info(`promoting ${runName(run)}: ${run.event} at ${run.head_sha}, ${run.status ?? '?'}/${run.conclusion ?? '?'}`);
    return { run, problems: runProblems(run, repository) };
}
/**
 * What each verified manifest says of the files it vouches for (the job, runner and certification), then the files no
 * manifest lists, by where they arrived; only files that are published (`artifacts`) are shown.
 */
function receivedSources(verified, artifacts, runId) {
    const formats = new Map(artifacts.map(a => [a.filename, a.format]));
    const files = (names) => [...new Set(names)]
        .filter(name => formats.has(name))
        // as the build table lists them: the sdist first, then the wheels by name
        .sort((a, b) => Number(formats.get(a) === 'wheel') - Number(formats.get(b) === 'wheel') || (a < b ? -1 : a > b ? 1 : 0))
        .map(filename => ({
        filename,
        format: formats.get(filename),
        expectWheels: verified.met.filter(m => m.wheels.includes(filename)).map(m => m.pattern)
    }));
    const vouched = verified.manifests.map(({ manifest, source, vouches }) => {
        const { job, run_id: run } = manifest.source;
        const runner = [manifest.runner.os, manifest.runner.arch].filter((part) => part !== null).join(' ');
        return {
            artifact: manifest.artifact ?? source,
            manifest: {
                job: job ?? undefined,
                otherRun: run !== null && run !== runId ? run : undefined,
                runner: runner || undefined,
                certification: manifest.certification.status
            },
            files: files(vouches)
        };
    });
    const unvouched = new Map();
    for (const { source, filename } of verified.unvouched)
        unvouched.set(source, [...(unvouched.get(source) ?? []), filename]);
    return [...vouched, ...[...unvouched].map(([source, names]) => ({ artifact: source, files: files(names) }))];
}
/** Why the files received were not built by run `runId` (see ReceiveStageResult.builtElsewhere). */
function builtElsewhere(manifests, runId) {
    const others = [...new Set(manifests.map(m => m.manifest.source.run_id).filter(id => id !== runId))];
    if (others.length === 0)
        return undefined;
    return `the files were built by ${others.length === 1 ? 'run' : 'runs'} ${others.map(id => (id === null ? 'unknown' : (0,build_manifest/* excerpt */.Kb)(id))).join(', ')}, not by this run (${runId ?? 'unknown'})`;
}
/** Copies a regular file (never through a link) into a new file, returning the sha256 of the bytes copied. */
async function copyHashing(from, to) {
    const hash = (0,external_node_crypto_.createHash)('sha256');
    const source = await (0,promises_.open)(from, external_node_fs_.constants.O_RDONLY | external_node_fs_.constants.O_NOFOLLOW | external_node_fs_.constants.O_NONBLOCK);
    try {
        if (!(await source.stat()).isFile())
            throw new ReceiveError(`${from} is no longer a regular file`);
        const target = await (0,promises_.open)(to, 'wx', 0o600);
        try {
            const buffer = Buffer.allocUnsafe(1024 * 1024);
            for (let read; (read = (await source.read(buffer, 0, buffer.length, null)).bytesRead) > 0;) {
                hash.update(buffer.subarray(0, read));
                await target.write(buffer, 0, read);
            }
        }
        finally {
            await target.close();
        }
    }
    finally {
        await source.close();
    }
    return hash.digest('hex');
}


/***/ })

};
