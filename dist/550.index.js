export const id = 550;
export const ids = [550];
export const modules = {

/***/ 8550:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   verifyArrivals: () => (/* binding */ verifyArrivals)
/* harmony export */ });
/* unused harmony export wheelPlatforms */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var picomatch__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(14006);
/* harmony import */ var picomatch__WEBPACK_IMPORTED_MODULE_8___default = /*#__PURE__*/__webpack_require__.n(picomatch__WEBPACK_IMPORTED_MODULE_8__);
/* harmony import */ var _build_builder_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(58463);
/* harmony import */ var _build_archive_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(43782);
/* harmony import */ var _build_manifest_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(52691);
/* harmony import */ var _names_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(46455);
/* harmony import */ var _pep440_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(80936);
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
/** Who vouched: the job that wrote the manifest, the manifest's file and the arrival it came in. */
function who(manifest) {
    const job = manifest.manifest.source.job;
    const place = `${manifest.file} in ${(0,_build_manifest_js__WEBPACK_IMPORTED_MODULE_5__/* .excerpt */ .Kb)(manifest.source, 100)}`;
    return job ? `job ${(0,_build_manifest_js__WEBPACK_IMPORTED_MODULE_5__/* .excerpt */ .Kb)(job)} (${place})` : place;
}
/** The platform tags of a wheel's filename; a compressed tag set (`a.b`) counts for each. */
function wheelPlatforms(filename) {
    const parts = filename.replace(/\.whl$/, '').split('-');
    if (parts.length !== 5 && parts.length !== 6)
        return [];
    return parts[parts.length - 1].split('.');
}
/** Reads a manifest without following a link or blocking on a FIFO, and no more than a manifest can hold. */
async function readManifestFile(path, where) {
    const handle = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.open)(path, node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_RDONLY | node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_NOFOLLOW | node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_NONBLOCK);
    try {
        const stats = await handle.stat();
        if (!stats.isFile())
            throw new _build_manifest_js__WEBPACK_IMPORTED_MODULE_5__/* .ManifestError */ .Sh(`The release manifest ${where} cannot be used: it is not a regular file; it was not read`);
        if (stats.size > _build_manifest_js__WEBPACK_IMPORTED_MODULE_5__/* .MANIFEST_MAX_BYTES */ .V4) {
            throw new _build_manifest_js__WEBPACK_IMPORTED_MODULE_5__/* .ManifestError */ .Sh(`The release manifest ${where} cannot be used: it is ${stats.size} bytes; a manifest is at most ${_build_manifest_js__WEBPACK_IMPORTED_MODULE_5__/* .MANIFEST_MAX_BYTES */ .V4}`);
        }
        const buffer = Buffer.alloc(_build_manifest_js__WEBPACK_IMPORTED_MODULE_5__/* .MANIFEST_MAX_BYTES */ .V4 + 1);
        let length = 0;
        for (let read; length < buffer.length && (read = (await handle.read(buffer, length, buffer.length - length, null)).bytesRead) > 0;)
            length += read;
        if (length > _build_manifest_js__WEBPACK_IMPORTED_MODULE_5__/* .MANIFEST_MAX_BYTES */ .V4)
            throw new _build_manifest_js__WEBPACK_IMPORTED_MODULE_5__/* .ManifestError */ .Sh(`The release manifest ${where} cannot be used: it is more than ${_build_manifest_js__WEBPACK_IMPORTED_MODULE_5__/* .MANIFEST_MAX_BYTES */ .V4} bytes`);
        try {
            return new TextDecoder('utf-8', { fatal: true }).decode(buffer.subarray(0, length));
        }
        catch {
            throw new _build_manifest_js__WEBPACK_IMPORTED_MODULE_5__/* .ManifestError */ .Sh(`The release manifest ${where} cannot be used: it is not UTF-8 text`);
        }
    }
    finally {
        await handle.close();
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
        const source = (0,_build_manifest_js__WEBPACK_IMPORTED_MODULE_5__/* .excerpt */ .Kb)(arrival.source, 100);
        const top = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.lstat)(arrival.dir).catch((error) => error);
        if (top instanceof Error || !top.isDirectory()) {
            errors.push(`The files from ${source} cannot be read: ${arrival.dir} ${top instanceof Error ? `is not there (${top.message})` : 'is not a directory'}`);
            continue;
        }
        const listing = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readdir)(arrival.dir, { withFileTypes: true }).catch((error) => error);
        if (listing instanceof Error) {
            errors.push(`The files from ${source} cannot be read: ${arrival.dir} cannot be listed (${listing.code ?? listing.message})`);
            continue;
        }
        const entries = listing.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
        const here = [];
        const files = new Map();
        for (const entry of entries) {
            const name = (0,_build_manifest_js__WEBPACK_IMPORTED_MODULE_5__/* .excerpt */ .Kb)(entry.name, 80);
            const path = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(arrival.dir, entry.name);
            if (entry.isSymbolicLink()) {
                errors.push(`${name} in ${source} is a symbolic link; it was refused, not followed (an artifact holds regular files only)`);
            }
            else if (entry.isDirectory()) {
                annotations.push({ level: 'warning', title: TITLE, message: `${name} in ${source} is a directory; nothing in it was looked at or will be published` });
            }
            else if (!entry.isFile()) {
                errors.push(`${name} in ${source} is not a regular file (a FIFO, socket or device); it was refused and never opened`);
            }
            else if ((0,_build_manifest_js__WEBPACK_IMPORTED_MODULE_5__/* .isManifestName */ .zU)(entry.name)) {
                try {
                    const manifest = (0,_build_manifest_js__WEBPACK_IMPORTED_MODULE_5__/* .parseManifest */ .Ng)(await readManifestFile(path, `${name} in ${source}`), `${name} in ${source}`);
                    here.push({ source: arrival.source, file: entry.name, manifest, vouches: [] });
                }
                catch (error) {
                    const code = error.code;
                    errors.push(error instanceof _build_manifest_js__WEBPACK_IMPORTED_MODULE_5__/* .ManifestError */ .Sh ? error.message : `The release manifest ${name} in ${source} cannot be read${code ? ` (${code})` : ''}`);
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
                    errors.push(`${(0,_build_manifest_js__WEBPACK_IMPORTED_MODULE_5__/* .excerpt */ .Kb)(entry.filename, 80)} is listed by ${who(manifest)} but is not in ${source}: it was lost or never uploaded`);
                }
                listings.set(entry.filename, [...(listings.get(entry.filename) ?? []), { manifest, entry }]);
            }
        }
        for (const [filename, path] of files) {
            const name = (0,_build_manifest_js__WEBPACK_IMPORTED_MODULE_5__/* .excerpt */ .Kb)(filename, 80);
            const listed = listings.get(filename) ?? [];
            if (listed.length === 0 && here.length > 0 && !merged) {
                errors.push(`${name} in ${source} is not listed in its release manifest (${who(here[0])}): a file added after the build job wrote it is refused ` +
                    '(if this directory merges several artifacts, pass it as merged)');
                continue;
            }
            // a regular file when the directory was read; lstat again so that a swap for a link or FIFO is caught before it is opened
            const stats = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.lstat)(path).catch(() => undefined);
            if (!stats?.isFile()) {
                errors.push(`${name} in ${source} is no longer a regular file; it was refused and not opened`);
                continue;
            }
            let artifact;
            try {
                artifact = await (0,_build_builder_js__WEBPACK_IMPORTED_MODULE_3__/* .describeArtifact */ .Qw)(path);
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
                if ((0,_names_js__WEBPACK_IMPORTED_MODULE_7__/* .normalizeName */ .P)(entry.name) !== (0,_names_js__WEBPACK_IMPORTED_MODULE_7__/* .normalizeName */ .P)(artifact.metadata.name) || !(0,_pep440_js__WEBPACK_IMPORTED_MODULE_6__/* .versionsEqual */ .At)(entry.version, artifact.metadata.version)) {
                    errors.push(`${who(manifest)} lists ${name} as ${(0,_build_manifest_js__WEBPACK_IMPORTED_MODULE_5__/* .excerpt */ .Kb)(entry.name)} ${(0,_build_manifest_js__WEBPACK_IMPORTED_MODULE_5__/* .excerpt */ .Kb)(entry.version)}, ` +
                        `but its metadata says ${artifact.metadata.name} ${artifact.metadata.version}`);
                }
                if (entry.inspection.verdict === 'errors')
                    errors.push(`${who(manifest)} says its inspection of ${name} found errors; it is not fit to publish`);
                manifest.vouches.push(filename);
            }
            const one = { source: arrival.source, filename, artifact, vouchedBy };
            arrived.push(one);
            if (listed.length === 0)
                unvouched.push(one);
        }
    }
    // ---- certification travels with the manifest
    for (const manifest of manifests) {
        const { status } = manifest.manifest.certification;
        if (status === 'FAIL')
            errors.push(`The files of ${who(manifest)} come from a failed certification (FAIL); nothing from it may be published`);
        else if (status === 'PARTIAL' && options.failOnPartial) {
            errors.push(`The files of ${who(manifest)} come from a PARTIAL certification, and fail-on-partial is set`);
        }
        else if (status === 'PARTIAL') {
            annotations.push({ level: 'warning', title: TITLE, message: `The files of ${who(manifest)} come from a PARTIAL certification` });
        }
        else if (status === 'NOT-RUN' && options.requireCertification) {
            errors.push(`The files of ${who(manifest)} were built without certification (NOT-RUN), and certification is required`);
        }
    }
    for (const { filename, source } of unvouched) {
        const what = `No build manifest vouches for ${(0,_build_manifest_js__WEBPACK_IMPORTED_MODULE_5__/* .excerpt */ .Kb)(filename, 80)} in ${(0,_build_manifest_js__WEBPACK_IMPORTED_MODULE_5__/* .excerpt */ .Kb)(source, 100)}`;
        if (options.requireCertification)
            errors.push(`${what}, so nothing shows that it was certified, and certification is required`);
        else {
            annotations.push({
                level: 'notice',
                title: TITLE,
                message: `${what}: it was inspected and digested here, but nothing shows which job built it or that it is unchanged since`
            });
        }
    }
    // ---- one file of each name: identical copies are one, equivalent sdists (same members) are one, others conflict
    const kept = [];
    const byName = new Map();
    for (const one of arrived)
        byName.set(one.filename, [...(byName.get(one.filename) ?? []), one]);
    for (const [filename, copies] of byName) {
        const first = copies[0];
        kept.push(first);
        if (copies.length === 1)
            continue;
        const name = (0,_build_manifest_js__WEBPACK_IMPORTED_MODULE_5__/* .excerpt */ .Kb)(filename, 80);
        const from = (one) => (one.vouchedBy.length > 0 ? one.vouchedBy.map(who).join(', ') : (0,_build_manifest_js__WEBPACK_IMPORTED_MODULE_5__/* .excerpt */ .Kb)(one.source, 100));
        const others = copies.slice(1).filter(one => one.artifact.sha256 !== first.artifact.sha256);
        if (others.length > 0 && first.artifact.format === 'wheel') {
            const jobs = [first, ...others].map(from).join(' and ');
            errors.push(`${name} arrived with different bytes from ${jobs}: two jobs built the same wheel differently; publish one`);
            continue;
        }
        let conflict = false;
        if (others.length > 0) {
            const members = (await (0,_build_archive_js__WEBPACK_IMPORTED_MODULE_4__/* .readArchive */ .bL)(first.artifact.path)).members;
            for (const other of others) {
                const differences = (0,_build_archive_js__WEBPACK_IMPORTED_MODULE_4__/* .memberDifferences */ .Tp)(members, (await (0,_build_archive_js__WEBPACK_IMPORTED_MODULE_4__/* .readArchive */ .bL)(other.artifact.path)).members);
                if (differences.length > 0) {
                    conflict = true;
                    errors.push(`${name} from ${from(first)} and from ${from(other)} differ: ${(0,_build_archive_js__WEBPACK_IMPORTED_MODULE_4__/* .listDifferences */ .bY)(differences)}; the jobs built different sources`);
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
    const releases = new Map();
    for (const one of kept) {
        const { name, version } = one.artifact.metadata;
        const key = `${(0,_names_js__WEBPACK_IMPORTED_MODULE_7__/* .normalizeName */ .P)(name)} ${(0,_pep440_js__WEBPACK_IMPORTED_MODULE_6__/* .parseVersion */ .ot)(version)?.normalized ?? version}`;
        releases.set(key, [...(releases.get(key) ?? []), one]);
    }
    if (releases.size > 1) {
        const listed = [...releases.values()].map(group => {
            const { name, version } = group[0].artifact.metadata;
            return `${name} ${version} (${group.map(one => (0,_build_manifest_js__WEBPACK_IMPORTED_MODULE_5__/* .excerpt */ .Kb)(one.filename, 80)).join(', ')})`;
        });
        errors.push(`The arrived files are not one release: ${listed.join('; ')}`);
    }
    const release = kept[0]?.artifact.metadata;
    if (release && releases.size === 1) {
        for (const manifest of manifests) {
            const { project, version } = manifest.manifest;
            if ((0,_names_js__WEBPACK_IMPORTED_MODULE_7__/* .normalizeName */ .P)(project) !== (0,_names_js__WEBPACK_IMPORTED_MODULE_7__/* .normalizeName */ .P)(release.name) || !(0,_pep440_js__WEBPACK_IMPORTED_MODULE_6__/* .versionsEqual */ .At)(version, release.version)) {
                errors.push(`${who(manifest)} is for ${(0,_build_manifest_js__WEBPACK_IMPORTED_MODULE_5__/* .excerpt */ .Kb)(project)} ${(0,_build_manifest_js__WEBPACK_IMPORTED_MODULE_5__/* .excerpt */ .Kb)(version)}, but the files are ${release.name} ${release.version}`);
            }
        }
    }
    if (kept.length === 0 && errors.length === 0) {
        errors.push(`No wheel or sdist arrived in ${arrivals.map(a => (0,_build_manifest_js__WEBPACK_IMPORTED_MODULE_5__/* .excerpt */ .Kb)(a.source, 100)).join(', ') || 'any artifact'}`);
    }
    // ---- every platform the release promises has a wheel
    const wheels = kept.filter(one => one.artifact.format === 'wheel');
    for (const expected of options.expectWheels ?? []) {
        const pattern = expected.trim();
        if (pattern === '')
            continue;
        const glob = /[*?[\]{}]/.test(pattern) ? picomatch__WEBPACK_IMPORTED_MODULE_8___default()(pattern, { dot: true }) : undefined;
        // one argument only: picomatch's matcher takes a second (return an object) that Array.some would fill with the index
        const matches = (tag) => (glob ? glob(tag) : tag === pattern);
        if (!wheels.some(one => wheelPlatforms(one.filename).some(tag => matches(tag)))) {
            const present = wheels.map(one => (0,_build_manifest_js__WEBPACK_IMPORTED_MODULE_5__/* .excerpt */ .Kb)(one.filename, 80)).join(', ');
            errors.push(`No wheel for the expected platform ${(0,_build_manifest_js__WEBPACK_IMPORTED_MODULE_5__/* .excerpt */ .Kb)(pattern, 80)}: the wheels that arrived are ${present || 'none'}`);
        }
    }
    const artifacts = kept
        .map(one => one.artifact)
        .sort((a, b) => (a.format !== b.format ? (a.format === 'sdist' ? -1 : 1) : a.filename < b.filename ? -1 : a.filename > b.filename ? 1 : 0));
    logger.info(`arrived: ${artifacts.length} files from ${arrivals.length} artifacts, ${manifests.length} manifests` +
        `${unvouched.length > 0 ? `, ${unvouched.length} files without a manifest` : ''}${errors.length > 0 ? `; ${errors.length} errors` : ''}`);
    return {
        artifacts: errors.length > 0 ? [] : artifacts,
        project: release?.name,
        version: release?.version,
        manifests,
        unvouched: unvouched.map(({ source, filename }) => ({ source, filename })),
        annotations,
        errors
    };
}


/***/ })

};
