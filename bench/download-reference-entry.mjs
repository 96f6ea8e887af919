// Bundled by bench/download.mjs: the reference, the bare @actions/artifact client as a user's script
// would use it (bundled, as an action ships): list this run's artifacts, then downloadArtifact each into
// DIR/<index>, all at once with Promise.all, or one after another with SEQUENTIAL=1.
//   node index.js DIR
// Prints the downloaded artifacts as JSON (name, id, the client's digestMismatch is not asked for: no expectedHash).
import { join } from 'node:path'
import { DefaultArtifactClient } from '@actions/artifact'

const [dir] = process.argv.slice(2)
const client = new DefaultArtifactClient()
const { artifacts } = await client.listArtifacts({ latest: true })
const download = (artifact, index) =>
  client.downloadArtifact(artifact.id, { path: join(dir, String(index)) }).then(() => ({ name: artifact.name, dir: join(dir, String(index)) }))
let downloaded
if (process.env.SEQUENTIAL === '1') {
  downloaded = []
  for (const [index, artifact] of artifacts.entries()) downloaded.push(await download(artifact, index))
} else {
  downloaded = await Promise.all(artifacts.map(download))
}
console.log(JSON.stringify(downloaded))
