// The one PyPI rule that needs Python: a long description PyPI renders as reStructuredText must render
// (warehouse/forklift/legacy.py:902-931 with warehouse/utils/readme.py: readme_renderer, use_fallback=False).
// Markdown and plain text always render there; reST fails on any docutils warning or error. The verdict is
// taken where Python is (the build job, or preflight with an interpreter) and travels in the release manifest
// to a receiving job that has none.
import { spawn } from 'node:child_process'
import type { BuildArtifact, DescriptionVerdict } from '../types.js'

/** warehouse/utils/readme.py: the renderer for a content type, after EmailMessage's parsing (anything unknown: text/plain). */
export function rendersAsRst(contentType: string | undefined): boolean {
  if (contentType === undefined || contentType.trim() === '') return true
  // email.message.get_content_type(): the type/subtype lower-cased, or text/plain when the value has no '/'
  const main = contentType.split(';')[0]!.trim().toLowerCase()
  return main === 'text/x-rst'
}

/** PyPI's refusal for a description that does not render (legacy.py:911-931), or undefined when it would render. */
export function descriptionRefusal(contentType: string | undefined, verdict: DescriptionVerdict): string | undefined {
  if (verdict.renders) return undefined
  const message = contentType
    ? `The description failed to render for '${contentType}'.`
    : 'The description failed to render in the default format of reStructuredText.'
  return `${message} See https://pypi.org/help/#description-content-type for more information.`
}

// Renders every description given on stdin (a JSON list) as warehouse does; prints a JSON list of verdicts.
const RENDER = String.raw`
import io, json, sys
texts = json.load(sys.stdin)
try:
    import readme_renderer, readme_renderer.rst
    renderer = "readme_renderer " + getattr(readme_renderer, "__version__", "")
    def render(text):
        err = io.StringIO()
        out = readme_renderer.rst.render(text, stream=err)
        return out is not None, err.getvalue().strip()
except ImportError:
    try:
        import docutils, docutils.core, docutils.utils
    except ImportError:
        print(json.dumps(None)); sys.exit(0)
    renderer = "docutils " + docutils.__version__ + " (readme_renderer is not installed)"
    def render(text):
        try:
            docutils.core.publish_doctree(text, settings_overrides={"report_level": 2, "halt_level": 2, "warning_stream": False})
            return True, ""
        except docutils.utils.SystemMessage as e:
            return False, str(e)
print(json.dumps([dict(zip(("renders", "message"), render(t)), renderer=renderer.strip()) for t in texts]))
`

/**
 * Renders each reST description with `python` (one interpreter for all); undefined for each when neither
 * readme_renderer nor docutils can be imported there, or the interpreter cannot run.
 */
export async function renderDescriptions(python: string, texts: readonly string[]): Promise<Array<DescriptionVerdict | undefined>> {
  if (texts.length === 0) return []
  const output = await new Promise<string | undefined>(resolve => {
    let child
    try {
      child = spawn(python, ['-c', RENDER], { stdio: ['pipe', 'pipe', 'ignore'] })
    } catch {
      return resolve(undefined)
    }
    let out = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk))
    child.on('error', () => resolve(undefined))
    child.on('close', code => resolve(code === 0 ? out : undefined))
    child.stdin.on('error', () => {})
    child.stdin.end(JSON.stringify(texts))
  })
  let parsed: unknown
  try {
    parsed = output === undefined ? undefined : JSON.parse(output)
  } catch {
    parsed = undefined
  }
  if (!Array.isArray(parsed) || parsed.length !== texts.length) return texts.map(() => undefined)
  return parsed.map((entry: { renders?: unknown; message?: unknown; renderer?: unknown }) =>
    typeof entry?.renders === 'boolean'
      ? { renders: entry.renders, message: String(entry.message ?? '').slice(0, 2000), renderer: String(entry.renderer ?? '').slice(0, 100) }
      : undefined
  )
}

/**
 * The files with the verdict on their reST long description, rendered in one Python run (files whose description
 * is Markdown or plain text, or that already have a verdict, are returned as they are; so is every file when
 * `python` cannot render).
 */
export async function withDescriptionVerdicts(python: string, artifacts: readonly BuildArtifact[]): Promise<BuildArtifact[]> {
  const pending = artifacts.flatMap((artifact, i) => {
    const text = artifact.coreMetadata?.get('description')?.[0]
    const contentType = artifact.coreMetadata?.get('description-content-type')?.[0]
    return !artifact.description && text && rendersAsRst(contentType) ? [{ i, text }] : []
  })
  if (pending.length === 0) return artifacts as BuildArtifact[]
  const verdicts = await renderDescriptions(
    python,
    pending.map(p => p.text)
  )
  const out = [...artifacts]
  pending.forEach(({ i }, k) => {
    const verdict = verdicts[k]
    if (verdict) out[i] = { ...out[i]!, description: verdict }
  })
  return out
}
