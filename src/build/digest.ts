// Digests of the built files: sha256, md5 and blake2b-256, the three PyPI's upload form
// carries. Node's crypto has no blake2b-256 (its blake2b512 is another function and refuses a
// 32-byte output), so blake2b-256 comes from hash-wasm's WASM build, chosen by measurement
// (about 1.1 s per GiB here; a pure-JS blake2b took about 24 s). A large file is hashed on
// three threads at once: sha256 and md5 each in a worker thread that reads the file itself
// (from the page cache), blake2b-256 on the calling thread. Small files take one pass.
import { createHash } from 'node:crypto'
import { constants, createReadStream } from 'node:fs'
import { open, stat } from 'node:fs/promises'
import { pipeline } from 'node:stream/promises'
import { Worker } from 'node:worker_threads'
import blake2b from 'hash-wasm/dist/blake2b.umd.min.js'

const { createBLAKE2b } = blake2b

export interface FileDigests {
  sha256: string
  md5: string
  blake2b_256: string
  size: number
}

/** Below this a file is hashed in one pass on the calling thread: starting workers costs more. */
export const PARALLEL_THRESHOLD = 16 * 1024 * 1024
const CHUNK = 1024 * 1024

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256')
  await pipeline(createReadStream(path), hash)
  return hash.digest('hex')
}

/**
 * The workers' code, kept as source so that the bundle needs no separate file: node:crypto only. A
 * worker serves one request after another ({ id, path, algorithm } in, { id, digest | error } out), so
 * a run that digests many large files (a publish job receiving a matrix's wheels) starts two workers,
 * not two per file (each start costs about 30 ms of CPU). It reads into one reused buffer: a stream's
 * fresh 1 MiB buffer per chunk is memory outside the JS heap that the garbage collector frees late,
 * and three threads of it cost 300 MB.
 */
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads')
const { createHash } = require('node:crypto')
const { openSync, readSync, closeSync, fstatSync, constants } = require('node:fs')
const buffer = Buffer.allocUnsafe(${CHUNK})
parentPort.on('message', ({ id, path, algorithm }) => {
  try {
    const hash = createHash(algorithm)
    // never through a link, never blocking on a FIFO put in a file's place: a regular file or an error
    const fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK)
    try {
      if (!fstatSync(fd).isFile()) throw new Error('not a regular file')
      for (let read; (read = readSync(fd, buffer, 0, buffer.length, null)) > 0; ) hash.update(buffer.subarray(0, read))
    } finally {
      closeSync(fd)
    }
    parentPort.postMessage({ id, digest: hash.digest('hex') })
  } catch (error) {
    parentPort.postMessage({ id, error: String((error && error.message) || error) })
  }
})
`

/** Calls `use` with each chunk of a file, read into one reused buffer (see WORKER_SOURCE). */
async function eachChunk(path: string, use: (chunk: Buffer) => void): Promise<void> {
  const handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK)
  try {
    if (!(await handle.stat()).isFile()) throw new Error(`${path} is not a regular file`)
    const buffer = Buffer.allocUnsafe(CHUNK)
    for (let read; (read = (await handle.read(buffer, 0, buffer.length, null)).bytesRead) > 0;) use(buffer.subarray(0, read))
  } finally {
    await handle.close()
  }
}

/**
 * One long-lived hashing thread for one algorithm, started on first use. It holds the process open only
 * while it has work (idle, it is unref'd), and one that stops is replaced on the next request, its
 * pending requests failed.
 */
class HashWorker {
  private worker: Worker | undefined
  private next = 0
  private readonly pending = new Map<number, { path: string; resolve: (digest: string) => void; reject: (error: Error) => void }>()

  constructor(private readonly algorithm: 'sha256' | 'md5') {}

  private start(): Worker {
    const worker = new Worker(WORKER_SOURCE, { eval: true })
    worker.on('message', (message: { id: number; digest?: string; error?: string }) => {
      const request = this.pending.get(message.id)
      if (!request) return
      this.pending.delete(message.id)
      if (message.digest !== undefined) request.resolve(message.digest)
      else request.reject(new Error(`cannot read ${request.path}: ${message.error}`))
      if (this.pending.size === 0) worker.unref()
    })
    const fail = (error: Error): void => {
      if (this.worker === worker) this.worker = undefined
      for (const request of this.pending.values()) request.reject(error)
      this.pending.clear()
    }
    worker.on('error', fail)
    worker.on('exit', code => fail(new Error(`the ${this.algorithm} worker stopped with code ${code}`)))
    return worker
  }

  digest(path: string): Promise<string> {
    this.worker ??= this.start()
    const worker = this.worker
    const id = this.next++
    return new Promise((resolve, reject) => {
      this.pending.set(id, { path, resolve, reject })
      worker.ref()
      worker.postMessage({ id, path, algorithm: this.algorithm })
    })
  }
}

const workers = { sha256: new HashWorker('sha256'), md5: new HashWorker('md5') }

function hashInWorker(path: string, algorithm: 'sha256' | 'md5'): Promise<string> {
  return workers[algorithm].digest(path)
}

async function blake2bOf(path: string): Promise<string> {
  const hash = await createBLAKE2b(256)
  hash.init()
  await eachChunk(path, chunk => hash.update(chunk))
  return hash.digest('hex')
}

/** All three digests of one file: one pass for a small file, three threads for a large one. */
export async function digestFile(path: string): Promise<FileDigests> {
  const { size } = await stat(path)
  if (size < PARALLEL_THRESHOLD) {
    const sha256 = createHash('sha256')
    const md5 = createHash('md5')
    const blake2b = await createBLAKE2b(256)
    blake2b.init()
    await eachChunk(path, chunk => {
      sha256.update(chunk)
      md5.update(chunk)
      blake2b.update(chunk)
    })
    return { sha256: sha256.digest('hex'), md5: md5.digest('hex'), blake2b_256: blake2b.digest('hex'), size }
  }
  const [sha256, md5, blake2b_256] = await Promise.all([hashInWorker(path, 'sha256'), hashInWorker(path, 'md5'), blake2bOf(path)])
  return { sha256, md5, blake2b_256, size }
}
