/******/ // The require scope
/******/ var __nccwpck_require__ = {};
/******/ 
/************************************************************************/
/******/ /* webpack/runtime/define property getters */
/******/ (() => {
/******/ 	// define getter functions for harmony exports
/******/ 	__nccwpck_require__.d = (exports, definition) => {
/******/ 		for(var key in definition) {
/******/ 			if(__nccwpck_require__.o(definition, key) && !__nccwpck_require__.o(exports, key)) {
/******/ 				Object.defineProperty(exports, key, { enumerable: true, get: definition[key] });
/******/ 			}
/******/ 		}
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/hasOwnProperty shorthand */
/******/ (() => {
/******/ 	__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ })();
/******/ 
/************************************************************************/
var __webpack_exports__ = {};
/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   DZ: () => (/* binding */ addInputSecrets),
/* harmony export */   pO: () => (/* binding */ Redactor),
/* harmony export */   v5: () => (/* binding */ MASK)
/* harmony export */ });
// Secrets out of every text the run shows: the log, annotations, outputs, the job summary, the check
// run and the command line's report. Servers, reports and project files are untrusted: an index (or a
// proxy) that echoes the Authorization header, a redirect URL with a token in it, a credentials file
// named as a report. Every sink takes its text through one Redactor, which knows every secret the run
// holds (inputs, minted tokens, OIDC tokens) in the forms they travel in, and the shapes of well-known
// credentials it was never told about.
/** What a secret is replaced with, as the runner masks it. */
const MASK = '***';
/** Shorter values are not masked where they stand in ordinary text (a password 'a' would blank every a). */
const MIN_SECRET_LENGTH = 4;
/** A base64 form shorter than this is too likely to occur by chance. */
const MIN_ENCODED_LENGTH = 8;
/**
 * Credentials whose shape gives them away, known or not: PyPI API tokens (macaroons), GitHub tokens,
 * JSON web tokens (OIDC, the runtime token), the value of an Authorization header, a password in a URL.
 */
const CREDENTIAL_SHAPES = [
    [/\bpypi-[A-Za-z0-9_-]{16,}/g, MASK],
    [/\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})/g, MASK],
    // starts only where a run of token characters starts, so a long run is scanned once
    [/(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{6,}\.[A-Za-z0-9_-]{6,}\.[A-Za-z0-9_-]*/g, MASK],
    [
        /\b((?:proxy-)?authorization["']?\s*[:=]\s*["']?)((?:basic|bearer|token)\s+)?[^\s"',;&<]+/gi,
        (_match, name, scheme) => `${name}${scheme ?? ''}${MASK}`
    ],
    // the scheme starts where a run of scheme characters starts, so a long run is scanned once, not once per character
    [/(?<![a-z0-9+.-])([a-z][a-z0-9+.-]{0,31}:\/\/)[^\s/@:'"<>]{0,512}:[^\s/@'"<>]{0,512}@/gi, `$1${MASK}@`]
];
const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** base64 of `bytes` as it appears inside a longer base64 text that holds them at byte offset `shift` (mod 3). */
function base64Inside(bytes, shift) {
    const encoded = Buffer.concat([Buffer.alloc(shift), bytes])
        .toString('base64')
        .replace(/=+$/, '');
    // Characters that also depend on the bytes before or after are not the secret's own.
    const start = [0, 2, 3][shift];
    const end = (shift + bytes.length) % 3 === 0 ? encoded.length : encoded.length - 1;
    return encoded.slice(start, end);
}
class Redactor {
    forms = new Set();
    pattern;
    usernames = new Set(['__token__', 'x-access-token']);
    /** A username the run authenticates with: its Basic form with every secret is masked too. */
    addUsername(username) {
        if (username) {
            this.usernames.add(username);
            for (const secret of [...this.forms])
                this.addBasic(username, secret);
            this.pattern = undefined;
        }
        return this;
    }
    /** A secret the run holds, in every form it may come back in (raw, JSON, URL, base64 at any offset, Basic). */
    add(secret) {
        const value = secret?.trim();
        if (!value || value.length < MIN_SECRET_LENGTH || this.forms.has(value))
            return this;
        const variants = [
            value,
            secret,
            JSON.stringify(value).slice(1, -1),
            encodeURIComponent(value),
            new URLSearchParams({ v: value }).toString().slice(2)
        ];
        const bytes = Buffer.from(value, 'utf8');
        variants.push(bytes.toString('base64'), bytes.toString('base64url'));
        for (const shift of [0, 1, 2]) {
            const encoded = base64Inside(bytes, shift);
            variants.push(encoded, encoded.replace(/\+/g, '-').replace(/\//g, '_'));
        }
        for (const variant of variants)
            if (variant.length >= MIN_ENCODED_LENGTH || variant === value)
                this.forms.add(variant);
        for (const username of this.usernames)
            this.addBasic(username, value);
        this.pattern = undefined;
        return this;
    }
    /** The password of a URL's user information (https://user:pass@host/), when it has one. */
    addUrl(url) {
        if (!url)
            return this;
        try {
            const parsed = new URL(url);
            this.add(decodeURIComponent(parsed.password));
            if (parsed.password)
                this.addUsername(decodeURIComponent(parsed.username));
        }
        catch {
            // not a URL: inputs.ts reports it
        }
        return this;
    }
    addBasic(username, secret) {
        const basic = Buffer.from(`${username}:${secret}`, 'utf8').toString('base64');
        this.forms.add(basic);
        this.forms.add(basic.replace(/=+$/, ''));
    }
    /** The text with every known secret and every credential-shaped string replaced by ***. */
    redact(text) {
        if (text === '')
            return text;
        if (this.pattern === undefined && this.forms.size > 0) {
            const alternatives = [...this.forms].sort((a, b) => b.length - a.length).map(escapeRegExp);
            this.pattern = new RegExp(alternatives.join('|'), 'g');
        }
        let out = this.pattern ? text.replace(this.pattern, MASK) : text;
        for (const [shape, replacement] of CREDENTIAL_SHAPES)
            out = out.replace(shape, replacement);
        return out;
    }
    /** A copy of a result with every string in it redacted (plain objects, arrays and maps; other objects kept). */
    redactDeep(value) {
        return this.copy(value);
    }
    copy(value) {
        if (typeof value === 'string')
            return this.redact(value);
        if (Array.isArray(value))
            return value.map(item => this.copy(item));
        if (value instanceof Map)
            return new Map([...value].map(([key, item]) => [key, this.copy(item)]));
        if (value !== null && typeof value === 'object') {
            const prototype = Object.getPrototypeOf(value);
            if (prototype !== Object.prototype && prototype !== null)
                return value;
            return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, this.copy(item)]));
        }
        return value;
    }
}
/** The secrets of the inputs a run was given: tokens and passwords, usernames, passwords inside URLs. */
function addInputSecrets(redactor, inputs) {
    redactor.addUsername(inputs.username);
    for (const secret of [inputs.password, inputs.testpypiPassword, inputs.githubToken])
        redactor.add(secret);
    for (const url of [inputs.repositoryUrl, inputs.testpypiRepositoryUrl, inputs.indexUrl])
        redactor.addUrl(url);
    return redactor;
}

var __webpack_exports__MASK = __webpack_exports__.v5;
var __webpack_exports__Redactor = __webpack_exports__.pO;
var __webpack_exports__addInputSecrets = __webpack_exports__.DZ;
export { __webpack_exports__MASK as MASK, __webpack_exports__Redactor as Redactor, __webpack_exports__addInputSecrets as addInputSecrets };
