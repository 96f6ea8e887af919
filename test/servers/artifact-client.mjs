// The unmodified @actions/artifact client, run the way an action runs it (its own process, its
// environment from the runner): `node artifact-client.mjs upload <name> <root> <file>...`,
// `download <id> <dir>`, `list`, `get <name>`, `delete <name>`. Prints the client's answer as JSON on the last line.
// Options from the environment: RETENTION_DAYS (upload), LATEST=true (list), EXPECTED_HASH (download), and
// FIND_BY, the JSON of the client's `findBy` ({ token, workflowRunId, repositoryOwner, repositoryName }):
// another run's artifacts through the REST API at GITHUB_API_URL.
import { DefaultArtifactClient } from '@actions/artifact'

const [command, ...args] = process.argv.slice(2)
const client = new DefaultArtifactClient()
const findBy = process.env.FIND_BY ? { findBy: JSON.parse(process.env.FIND_BY) } : {}
let result
if (command === 'upload') {
  const [name, root, ...files] = args
  const retentionDays = process.env.RETENTION_DAYS ? Number(process.env.RETENTION_DAYS) : undefined
  result = await client.uploadArtifact(name, files, root, retentionDays ? { retentionDays } : {})
} else if (command === 'download') {
  const expectedHash = process.env.EXPECTED_HASH ? { expectedHash: process.env.EXPECTED_HASH } : {}
  result = await client.downloadArtifact(Number(args[0]), { path: args[1], ...expectedHash, ...findBy })
} else if (command === 'list') {
  result = await client.listArtifacts({ latest: process.env.LATEST === 'true', ...findBy })
} else if (command === 'get') {
  result = await client.getArtifact(args[0], findBy)
} else if (command === 'delete') {
  result = await client.deleteArtifact(args[0], findBy)
} else {
  throw new Error(`unknown command ${command}`)
}
process.stdout.write(`\n${JSON.stringify(result)}\n`)
