export const id = 437;
export const ids = [437];
export const modules = {

/***/ 8437:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   githubClient: () => (/* binding */ githubClient)
/* harmony export */ });
/* harmony import */ var _actions_github__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2413);
/* harmony import */ var _http_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5658);
/* harmony import */ var _github_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9520);
// The GitHub REST client for the github target and the check run: @actions/github's Octokit (the
// runner's proxy settings, GITHUB_API_URL) with every request retried the way GitHub asks: 5xx and
// resets with backoff, 429 and secondary rate limits after Retry-After, a spent primary limit until
// x-ratelimit-reset. Loaded with import() by the stages that talk to GitHub, so other runs start fast.



function githubClient(options) {
    const policy = options.retry ?? _http_js__WEBPACK_IMPORTED_MODULE_1__/* .DEFAULT_RETRY */ .vI;
    const octokit = (0,_actions_github__WEBPACK_IMPORTED_MODULE_0__/* .getOctokit */ .Q)(options.token, { baseUrl: options.apiUrl.replace(/\/+$/, '') });
    octokit.hook.wrap('request', async (send, request) => {
        for (let attempt = 1;; attempt++) {
            try {
                return await send(request);
            }
            catch (error) {
                const failure = error;
                const wait = attempt < policy.attempts ? (0,_github_js__WEBPACK_IMPORTED_MODULE_2__/* .retryWait */ .y_)(failure, policy, attempt) : undefined;
                if (wait === undefined)
                    throw error;
                if (wait > policy.maxDelayMs) {
                    const resets = new Date(Date.now() + wait).toISOString();
                    throw Object.assign(error, { message: `${error.message} (GitHub's rate limit for this token resets at ${resets})` });
                }
                const what = `${request.method} ${String(request.url).replace(/\{[^}]*\}/g, '')}`;
                options.logger.info(`${what}: HTTP ${failure.status ?? '?'} ${failure.message ?? ''}; retrying in ${(wait / 1000).toFixed(1)} s (attempt ${attempt + 1} of ${policy.attempts})`);
                await (0,_http_js__WEBPACK_IMPORTED_MODULE_1__/* .sleep */ .yy)(wait);
            }
        }
    });
    return octokit;
}


/***/ })

};
