export const id = 437;
export const ids = [437];
export const modules = {

/***/ 38437:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   API_REQUEST_TIMEOUT_MS: () => (/* binding */ API_REQUEST_TIMEOUT_MS),
/* harmony export */   githubClient: () => (/* binding */ githubClient)
/* harmony export */ });
/* harmony import */ var _actions_github__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(92413);
/* harmony import */ var _http_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(62211);
// The GitHub REST client for the github target and the check run: @actions/github's Octokit (the
// runner's proxy settings, GITHUB_API_URL) with every request retried the way GitHub asks: 5xx and
// resets with backoff, 429 and secondary rate limits after Retry-After, a spent primary limit until
// x-ratelimit-reset. Loaded with import() by the stages that talk to GitHub, so other runs start fast.


/** GitHub's API answers within seconds (it cuts its own requests at 10 s); a try that takes a minute has hung. */
const API_REQUEST_TIMEOUT_MS = 60_000;
function githubClient(options) {
    const policy = options.retry ?? _http_js__WEBPACK_IMPORTED_MODULE_1__/* .DEFAULT_RETRY */ .vI;
    const { deadline } = options;
    const requestTimeoutMs = options.requestTimeoutMs ?? API_REQUEST_TIMEOUT_MS;
    const octokit = (0,_actions_github__WEBPACK_IMPORTED_MODULE_0__/* .getOctokit */ .Q)(options.token, { baseUrl: options.apiUrl.replace(/\/+$/, '') });
    octokit.hook.wrap('request', async (send, request) => {
        const what = `${request.method} ${String(request.url).replace(/\{[^}]*\}/g, '')}`;
        for (let attempt = 1;; attempt++) {
            if (deadline?.expired())
                throw new _http_js__WEBPACK_IMPORTED_MODULE_1__/* .DeadlineError */ .j3(`GitHub was not asked (${what})`, deadline);
            const started = Date.now();
            // Octokit's fetch has no timeout of its own: each try gets one, and the deadline ends any try.
            const late = deadline?.signal();
            const bounds = [AbortSignal.timeout(requestTimeoutMs), ...(late ? [late] : [])];
            // In place: the hooks inside this one (auth) read the options they were bound to, not send()'s argument.
            request.request = { ...request.request, signal: AbortSignal.any(bounds) };
            try {
                return await send(request);
            }
            catch (error) {
                if (deadline && late?.aborted) {
                    throw new _http_js__WEBPACK_IMPORTED_MODULE_1__/* .DeadlineError */ .j3(`no answer from GitHub for ${Math.round((Date.now() - started) / 1000)} s (${what})`, deadline);
                }
                const failure = error;
                // A try cut by its own bound: Octokit reports it as status 500 with fetch's message; say what happened.
                if (bounds[0].aborted) {
                    Object.assign(error, { status: failure.status ?? 500, message: `no answer from GitHub within ${Math.round(requestTimeoutMs / 1000)} s` });
                }
                const wait = attempt < policy.attempts ? (0,_http_js__WEBPACK_IMPORTED_MODULE_1__/* .retryWait */ .y_)(failure, policy, attempt) : undefined;
                if (wait === undefined)
                    throw error;
                if (wait > policy.maxDelayMs) {
                    const resets = new Date(Date.now() + wait).toISOString();
                    throw Object.assign(error, { message: `${error.message} (GitHub's rate limit for this token resets at ${resets})` });
                }
                (0,_http_js__WEBPACK_IMPORTED_MODULE_1__/* .ensureTime */ .U_)(deadline, wait, `${what} failed (HTTP ${failure.status ?? '?'} ${failure.message ?? ''})`);
                options.logger.info(`${what}: HTTP ${failure.status ?? '?'} ${failure.message ?? ''}; retrying in ${(wait / 1000).toFixed(1)} s (attempt ${attempt + 1} of ${policy.attempts})`);
                await (0,_http_js__WEBPACK_IMPORTED_MODULE_1__/* .sleep */ .yy)(wait);
            }
        }
    });
    return octokit;
}


/***/ })

};
