// What PyPI's GitHub trusted publisher will accept from this job, read from the claims of its OIDC token
// before the token is exchanged: whether the exchange can succeed at all, and, for a job in a reusable
// workflow, the publisher to register and whether PEP 740 attestations signed in it can verify. A reusable
// workflow is where this matters: PyPI matches the publisher against the called workflow's file
// (job_workflow_ref), while the signing certificate names the calling one (workflow_ref).
// The rules are warehouse's (commit 6b62157124ab), cited per rule; the claims are not verified here (the
// index verifies them), only read.
import type { Annotation } from '../types.js'
import { pyRepr, pyReprList } from '../warehouse/python.js'

export type Claims = Record<string, unknown>

/** warehouse/oidc/models/github.py:38-47: a workflow file name is the first run of non-slashes ending .yml or .yaml before an '@'. */
const WORKFLOW_FILENAME = /[^/]+\.(yml|yaml)(?=@)/

/** The workflow file of a workflow ref (owner/repo/.github/workflows/<file>@<ref>) as warehouse extracts it (github.py:50-53). */
export function workflowFileOf(workflowRef: string): string | undefined {
  return WORKFLOW_FILENAME.exec(workflowRef)?.[0]
}

/** What PyPI will do with this job's token, said before the exchange. */
export interface PublisherJudgement {
  /** For a job in a reusable workflow: the publisher to register, and what PyPI will and will not accept from it. */
  notice?: Annotation
  /** A refusal PyPI would certainly give (the exchange, or every attested upload); undefined when it may accept. */
  refusal?: { title: string; message: string }
}

export interface JudgeOptions {
  /** The index's name for messages. */
  indexName: string
  /** Whether this run sends PEP 740 attestations with its trusted publishing uploads. */
  attestations: boolean
}

const claim = (claims: Claims, name: string): string => (typeof claims[name] === 'string' ? claims[name] : '')

/**
 * Judges a GitHub Actions job's claims as warehouse will. Says nothing for a token without job_workflow_ref
 * (not GitHub's, or unreadable: the index answers for itself) and nothing for an ordinary job, whose
 * workflow_ref and job_workflow_ref are the same.
 */
export function judgeGitHubJob(claims: Claims, options: JudgeOptions): PublisherJudgement {
  const { indexName } = options
  const jobWorkflowRef = claim(claims, 'job_workflow_ref')
  if (!jobWorkflowRef) return {}
  const workflowRef = claim(claims, 'workflow_ref')
  const repository = claim(claims, 'repository')
  const refusal = (message: string): PublisherJudgement => ({ refusal: { title: `${indexName} would refuse the token exchange`, message } })

  // github.py:223-226 (lookup_by_claims): no file name, no publisher
  const file = workflowFileOf(jobWorkflowRef)
  if (!file) {
    return refusal(
      `${indexName} will refuse this job's trusted publishing: its OIDC token's job_workflow_ref (${jobWorkflowRef}) names no workflow file ending .yml or .yaml, ` +
        `and PyPI answers "Could not job extract workflow filename from OIDC claims". Give an API token in 'password'.`
    )
  }
  // github.py:85-95 (_check_job_workflow_ref): the workflow the job runs must be the publisher repository's own file,
  // at the run's ref or commit; the publisher was looked up by the repository claim (github.py:218-233)
  const refs = [claim(claims, 'ref'), claim(claims, 'sha')].filter(Boolean)
  if (refs.length === 0) {
    return refusal(
      `${indexName} will refuse this job's trusted publishing: its OIDC token has empty ref and sha claims, and PyPI answers "The ref and sha claims are empty".`
    )
  }
  const expected = [...new Set(refs.map(ref => `${repository}/.github/workflows/${file}@${ref}`))].sort()
  const caller = workflowFileOf(workflowRef)
  const reusable = workflowRef !== '' && workflowRef !== jobWorkflowRef
  if (!expected.includes(jobWorkflowRef)) {
    const where = reusable
      ? `the reusable workflow this job runs (${jobWorkflowRef}, called by ${workflowRef})`
      : `the workflow this job runs (${jobWorkflowRef})`
    return refusal(
      `${indexName} will refuse this job's trusted publishing: ${where} is not a workflow file of ${repository} at this run's ref or commit, and PyPI accepts only those ` +
        `(its answer: "The job_workflow_ref claim does not match, expecting one of ${pyReprList(expected)}, got ${pyRepr(jobWorkflowRef)}", ` +
        `or "Publisher with matching claims was not found" when no publisher names '${file}'). ` +
        `Publish from a job of ${repository}'s own workflow${caller ? ` (${caller})` : ''}, or ` +
        (jobWorkflowRef.startsWith(`${repository}/`)
          ? `call the reusable workflow at the run's own ref (uses: ./.github/workflows/${file})`
          : `keep the reusable workflow in ${repository}'s .github/workflows and call it as ./.github/workflows/${file}`) +
        "; or give an API token in 'password'."
    )
  }
  // warehouse/oidc/views.py:403-417 (is_from_reusable_workflow): the called workflow differs from the caller
  if (!reusable) return {}

  const [owner, name] = repository.split('/')
  const environment = claim(claims, 'environment')
  // The certificate Sigstore issues for this job has the Build Config URI https://github.com/<workflow_ref> (Fulcio's
  // claim mapping, sigstore/fulcio docs/oid-info.md); PyPI verifies attestations against the publisher's identity,
  // workflow = the file it matched (github.py:278-284, warehouse/attestations/services.py:151-160), and
  // pypi-attestations' _GitHubTrustedPublisherPolicy accepts only https://github.com/<repository>/.github/workflows/<workflow>@<sha or ref>.
  const attestable = expected.includes(workflowRef)
  const attestations = attestable
    ? 'PEP 740 attestations signed in this job will verify.'
    : `PyPI would refuse PEP 740 attestations signed in this job: it verifies them against the publisher's workflow '${file}', ` +
      `and the signing certificate names the calling workflow (${workflowRef})${options.attestations ? '' : '; this run sends none'}.`
  const notice: Annotation = {
    level: 'notice',
    title: `Trusted publishing from a reusable workflow`,
    message:
      `This job runs in the reusable workflow ${jobWorkflowRef}, called by ${workflowRef}. ${indexName} matches a trusted publisher against the called workflow's file, ` +
      `not the caller's: register owner '${owner ?? ''}', repository '${name ?? ''}', workflow '${file}', ` +
      `${environment ? `environment '${environment}'` : 'no environment (this job names none)'}` +
      `${caller && caller !== file ? ` ('${caller}' will not match)` : ''}. ${attestations} ` +
      'PyPI documents reusable workflows as not supported for trusted publishing yet, and its code calls what works today accidental (pypi/warehouse#11096): this may change.'
  }
  if (options.attestations && !attestable) {
    return {
      notice,
      refusal: {
        title: `${indexName} would refuse the attestations`,
        message:
          `${indexName} would refuse every upload from this job with its PEP 740 attestation ("Invalid attestations supplied during upload: Could not verify the uploaded artifact ` +
          `using the included attestation: Verification failed: Certificate's Build Config URI (…) does not match expected Trusted Publisher (${file} @ ${repository})"): ` +
          `the certificate names the calling workflow ${workflowRef}, and PyPI checks it against the reusable workflow '${file}' its publisher names. ` +
          `Set 'attestations: false' for this job, or run this action in a job of ${caller ?? 'the calling workflow'} itself and register that file as the publisher.`
      }
    }
  }
  return { notice }
}
