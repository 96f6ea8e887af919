// Bundled by bench/attest.mjs: the local services of one attestation benchmark run, in a process of their
// own: an OIDC provider, a local Sigstore (Fulcio, Rekor, TSA) and two PyPI indexes (pypi and testpypi)
// that take trusted publishing from octo/greeter's release.yml in environment pypi and verify attestations
// as warehouse does. Writes the trusted root to argv[2] (a file path) and prints one JSON line: the two
// upload URLs and origins, and the environment the action needs (OIDC request URL and token, SIGSTORE_*).
// Stays up until stdin closes or SIGTERM; then prints {certificates, logEntries, attestationChecks, cpuSeconds}
// (attestationChecks: per index, each upload's attestation check in wall and CPU ms) and exits.
import { OidcProvider } from '../test/servers/oidc.js'
import { PyPIIndex } from '../test/servers/pypi-index.js'
import { LocalSigstore } from '../test/servers/sigstore.js'

const project = process.argv[3] ?? 'bench-attest'
const oidc = await new OidcProvider().start()
const sigstore = await new LocalSigstore(oidc).start()
const indexes = await Promise.all(
  [0, 1].map(() =>
    new PyPIIndex({
      trustedPublishing: {
        issuer: oidc.issuer,
        publicKey: oidc.publicKey,
        publishers: [{ project, repository: 'octo/greeter', workflow: 'release.yml', environment: 'pypi' }]
      },
      attestations: { trustedRoot: sigstore.trustedRoot() }
    }).start()
  )
)
const sigstoreEnv = await sigstore.environment(process.argv[2] as string)
const cpuAtStart = process.cpuUsage()
console.log(
  JSON.stringify({
    indexes: indexes.map(index => ({ uploadUrl: index.uploadUrl, origin: index.origin })),
    env: { ...oidc.environment({ environment: 'pypi' }), ...sigstoreEnv }
  })
)

let stopping = false
async function stop(): Promise<void> {
  if (stopping) return
  stopping = true
  const cpu = process.cpuUsage(cpuAtStart)
  const held = {
    certificates: sigstore.certificates.length,
    logEntries: sigstore.logEntries.length,
    // each index's attestation check per upload (parsing and @sigstore/verify's verification): wall and CPU ms
    attestationChecks: indexes.map(index => index.attestationChecks.map(({ ms, cpuMs, accepted }) => ({ ms, cpuMs, accepted })))
  }
  await Promise.all(indexes.map(index => index.stop()))
  await sigstore.stop()
  await oidc.stop()
  console.log(JSON.stringify({ ...held, cpuSeconds: (cpu.user + cpu.system) / 1e6 }))
  process.exit(0)
}
process.stdin.on('end', () => void stop())
process.stdin.on('close', () => void stop())
process.stdin.resume()
process.on('SIGTERM', () => void stop())
