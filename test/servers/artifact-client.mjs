// The unmodified @actions/artifact client, run the way an action runs it (its own process, its
// environment from the runner): `node artifact-client.mjs upload <name> <root> <file>...`,
// `download <id> <dir>`, `list`, `get <name>`, `delete <name>`. Prints the client's answer as JSON on the last line.
import { DefaultArtifactClient } from '@actions/artifact'

const [command, ...args] = process.argv.slice(2)
const client = new DefaultArtifactClient()
let result
if (command === 'upload') {
  const [name, root, ...files] = args
  const retentionDays = process.env.RETENTION_DAYS ? Number(process.env.RETENTION_DAYS) : undefined
  result = await client.uploadArtifact(name, files, root, retentionDays ? { retentionDays } : {})
} else if (command === 'download') {
  result = await client.downloadArtifact(Number(args[0]), { path: args[1] })
} else if (command === 'list') {
  result = await client.listArtifacts()
} else if (command === 'get') {
  result = await client.getArtifact(args[0])
} else if (command === 'delete') {
  result = await client.deleteArtifact(args[0])
} else {
  throw new Error(`unknown command ${command}`)
}
process.stdout.write(`\n${JSON.stringify(result)}\n`)
