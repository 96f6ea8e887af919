// The release pipeline: certify → build → preflight → publish. The only place that knows the order;
// each stage's policy is in its folder (certify/stage.ts, build/stage.ts, publish/stage.ts), and the
// action (main.ts) and the command line (cli.ts) are thin shells around it.
import { INPUT_DEFAULTS, UsageError, type ReleaseInputs, type Stage } from './inputs.js'
import { findProgram, INTERPRETERS, noInterpreter } from './python.js'
import type { RunnerEnvironment } from './env.js'
import type { PipelineHooks, PipelineResult, StageReport, StageStatus } from './outcome.js'
import { readProject, versionLine } from './project.js'
import { reportInputsProblem } from './certify/reports.js'
import { checkVersion, type VersionEvidence } from './certify/version-check.js'
import { certifyStage } from './certify/stage.js'
import { buildStage, startEarlyBuild } from './build/stage.js'
import { PublishStage } from './publish/stage.js'
import { reportCheckRun } from './report/check-run.js'
import { describeError } from './errors.js'
import type { Annotation } from './types.js'
import { trace } from './trace.js'
import { tagFromRef, versionFromTag } from './pep440.js'

const TITLES: Record<Stage, string> = {
  certify: 'Certify',
  build: 'Build',
  preflight: 'Preflight',
  publish: 'Publish'
}

export async function runPipeline(inputs: ReleaseInputs, env: RunnerEnvironment, hooks: PipelineHooks): Promise<PipelineResult> {
  const { logger } = hooks
  // The default 'python' is the interpreter this runner has (python3, else python, else py); a job that
  // receives other jobs' files runs no Python.
  if (!inputs.receive && inputs.python === INPUT_DEFAULTS.python && env.searchPath) {
    const found = findProgram(INTERPRETERS, env.searchPath)
    if (found === undefined && inputs.stages.includes('build')) throw new UsageError(noInterpreter(env.searchPath), 'python')
    if (found !== undefined && found !== inputs.python) logger.info(`input 'python' is not set and there is no python3 on PATH: using ${found}`)
    inputs = { ...inputs, python: found ?? inputs.python }
  }
  // A report glob reaching outside the workspace is a usage error too, before any stage runs.
  const outsidePattern = reportInputsProblem(inputs, { workspace: env.workspace })
  if (outsidePattern) throw new UsageError(outsidePattern.message, outsidePattern.input)
  // A tag push whose tag does not carry tag-prefix names no release this run could publish: the version would
  // come from the files alone, and a GitHub Release would be made for a tag nobody meant as one (issue 26).
  const unprefixed = unprefixedTagProblem(inputs, env)
  if (unprefixed) throw new UsageError(unprefixed, 'tag-prefix')
  // A job without build receives the files other jobs built: it needs no project here (no checkout).
  // An invalid pyproject.toml (or neither it nor setup.py) throws ProjectError: a usage error, before any stage runs.
  const project = inputs.receive ? undefined : await readProject(inputs.projectDir)
  let evidence: VersionEvidence | undefined = project && {
    input: inputs.version,
    ref: env.ref,
    tagPrefix: inputs.tagPrefix,
    project,
    projectVersionLine: project.version !== undefined ? await versionLine(project.pyprojectPath) : undefined,
    workspace: env.workspace
  }

  const result: PipelineResult = {
    projectName: project?.name,
    version: evidence && checkVersion(evidence).releaseVersion,
    certification: undefined,
    build: undefined,
    artifact: undefined,
    ...(inputs.receive ? { receipt: { sources: [] } } : {}),
    preflights: [],
    published: [],
    // receiving the files takes the build stage's place, and its row in the report
    stages: [...(inputs.receive ? (['build'] as const) : []), ...inputs.stages].map(stage => ({ stage, status: 'not-run', message: '' })),
    annotations: [],
    ok: true
  }
  const outcome = (stage: Stage, status: StageStatus, message: string, summary?: string): void => {
    const entry = result.stages.find(s => s.stage === stage)
    if (entry) Object.assign(entry, { status, message }, summary !== undefined ? { summary } : {})
    if (status === 'failed') result.ok = false
  }
  const annotate = (stage: Stage, annotations: Annotation[]): void => {
    for (const annotation of annotations) result.annotations.push({ ...annotation, stage })
  }
  const record = (stage: Stage, report: StageReport): void => {
    annotate(stage, report.annotations)
    outcome(stage, report.status, report.message, report.summary)
  }
  const runs = (stage: Stage): boolean => result.ok && inputs.stages.includes(stage)
  /**
   * Runs a stage in its log group and records its report. An error no stage code expected (an unreadable
   * file, a defect) fails that stage with a message naming it, so the report is complete and nothing after
   * it runs; then there is no report (undefined).
   */
  const stage = async <T extends StageReport>(name: Stage, title: string, fn: () => Promise<T>, label = TITLES[name]): Promise<T | undefined> => {
    try {
      trace(`${name} start`)
      const report = await hooks.group(title, fn)
      trace(`${name} end`)
      record(name, report)
      return report
    } catch (error) {
      logger.debug(`${name}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
      const message = describeError(error)
      annotate(name, [{ level: 'error', title: `${label} failed`, message: `${label} stopped on an unexpected error: ${message}` }])
      outcome(name, 'failed', `unexpected error: ${message}`)
      return undefined
    }
  }

  // With certify, the build starts now and runs alongside it (build/stage.ts says when it may). Certify's
  // file walks and subprocesses would hold back the build's own few steps before its command
  // (bench:pipeline): certify starts once the build's command is under way, or after 50 ms at most.
  const earlyBuild = runs('certify') ? startEarlyBuild(inputs, env, hooks) : undefined
  if (earlyBuild) await earlyBuild.started

  if (project && evidence && runs('certify')) {
    const known = evidence
    const certified = await stage('certify', [TITLES.certify, project.name, result.version].filter(Boolean).join(' '), () =>
      certifyStage(inputs, { evidence: known, workspace: env.workspace, logger })
    )
    if (certified) {
      result.certification = certified.certification
      evidence = certified.evidence
    }
  }

  if (project && evidence && runs('build')) {
    const built = await stage('build', `${TITLES.build} ${project.name ?? ''}`.trim(), () =>
      buildStage(inputs, env, hooks, { project, evidence, certification: result.certification, early: earlyBuild })
    )
    if (built) {
      result.build = built.build
      result.certification = built.certification
      if (built.version !== undefined) result.version = built.version
      // a project whose name only setup.py (or setup.cfg) gives: the built files name it
      result.projectName ??= built.build?.artifacts[0]?.metadata.name
      result.artifact = built.artifact
    }
  }

  // A failed certification: the build started alongside it ends unseen, as if it never ran.
  if (earlyBuild && !earlyBuild.taken) await earlyBuild.discard()

  let builtAt: string | undefined
  let builtElsewhere: string | undefined
  let frontend = result.build?.frontend
  let receivedFiles = false
  if (inputs.receive && (runs('preflight') || runs('publish'))) {
    // loaded by the job that receives (manifests, arrivals, globs), not at every run's start
    const received = await stage(
      'build',
      `Receive ${inputs.receive.from === 'directory' ? inputs.receive.dir : inputs.receive.patterns.join(', ')}`,
      async () => (await import('./publish/received.js')).receiveStage(inputs, env, { logger, source: hooks.artifactSource }),
      // a receiving job's failure is named as receiving, not as a build (issue 26)
      'Receive'
    )
    if (received?.build) {
      result.build = received.build
      result.projectName = received.project
      result.version = received.version
      // the GitHub Release tags the commit the files were built from (the manifests agree on it)
      builtAt = received.commit
      builtElsewhere = received.builtElsewhere
      frontend = received.manifests[0]?.manifest.builder.frontend
      receivedFiles = true
      result.receipt = { sources: received.sources }
    }
  }

  const release = await PublishStage.open(inputs, env, hooks, {
    version: result.version,
    certification: result.certification,
    commit: builtAt,
    builtElsewhere,
    frontend,
    received: receivedFiles
  })
  // Every target's preflight finishes before any publish starts; publish without preflight runs it too.
  if (runs('preflight') || runs('publish')) {
    await stage('preflight', `${TITLES.preflight} ${inputs.targets.join(', ')}`, () => release.preflight(result.build?.artifacts ?? []))
    result.preflights = release.preflights
  }

  if (runs('publish')) {
    const skipped = release.skipped()
    if (skipped) record('publish', skipped)
    else await stage('publish', `${TITLES.publish} ${inputs.targets.join(', ')}`, () => release.publish())
    result.published = release.published
  }
  annotate('publish', await release.abandonUnpublished())

  const checkRun = await reportCheckRun({
    shown: hooks.redactor ? hooks.redactor.redactDeep(result) : result,
    status: result.certification?.status,
    token: inputs.githubToken,
    env,
    logger
  })
  if (checkRun && 'checkRun' in checkRun) result.checkRun = checkRun.checkRun
  else if (checkRun) annotate('certify', [checkRun.annotation])
  trace('pipeline end')
  return result
}

/**
 * A run that publishes on a tag push whose tag lacks 'tag-prefix', with no 'version' saying which release
 * this is: the message, or undefined. A dry run or a run without the publish stage publishes nothing, so
 * certify's notice ("Tag not used as a version") is enough there.
 */
export function unprefixedTagProblem(
  inputs: Pick<ReleaseInputs, 'stages' | 'dryRun' | 'version' | 'tagPrefix'>,
  env: Pick<RunnerEnvironment, 'ref'>
): string | undefined {
  const tag = tagFromRef(env.ref)
  if (tag === undefined || inputs.version !== undefined || inputs.dryRun || !inputs.stages.includes('publish')) return undefined
  if (versionFromTag(tag, inputs.tagPrefix).kind !== 'not-prefixed') return undefined
  return (
    `Input 'tag-prefix' is '${inputs.tagPrefix}', but this run is for tag '${tag}', which does not start with it, so the tag names no release ` +
    `and nothing was published. Set tag-prefix to the prefix your release tags carry (for example tag-prefix: '' for tags like 1.2.0), ` +
    `set 'version' to say which release this is, or run the release from a tag that starts with '${inputs.tagPrefix}'.`
  )
}
