// A link model for the benchmarks: TCP proxies on 127.0.0.1 in front of local services, all sharing one
// runner↔internet link of a given bandwidth (each direction) and round-trip time. Every byte waits for its
// turn on the link (bandwidth) and then half the round trip; a new connection's first bytes wait a further
// `handshakeRoundTrips` round trips (TCP's handshake and TLS 1.3's, which the loopback services skip). The
// proxies hold at most WINDOW bytes per direction and connection before pausing the sender, as a TCP window would.
import { createConnection, createServer } from 'node:net'

// A window larger than the link's bandwidth-delay product (Linux autotunes TCP's to several MiB).
const WINDOW = 4 * 1024 * 1024

/** One shared link: `mbps` megabits per second each way, `rttMs` round trip. */
export function makeLink({ mbps, rttMs, handshakeRoundTrips = 2 }) {
  const bytesPerMs = (mbps * 1e6) / 8 / 1000
  const direction = () => ({ freeAt: 0, bytes: 0 })
  const link = { up: direction(), down: direction(), rttMs, handshakeRoundTrips, bytesPerMs, proxies: [] }
  return link
}

/**
 * Pipes `from` to `to` over one direction of the link, in order: each chunk waits for the link to be free and
 * to carry it, then half the round trip (the first chunk `firstExtraMs` more). `from` pauses while WINDOW bytes are
 * on their way.
 */
function shape(link, way, from, to, firstExtraMs) {
  const queue = []
  let inFlight = 0
  let extra = firstExtraMs
  let ended = false
  let timer
  const deliver = () => {
    timer = undefined
    const now = performance.now()
    while (queue.length > 0 && queue[0].arrive <= now + 0.5) {
      const { chunk } = queue.shift()
      if (!to.destroyed) to.write(chunk)
      inFlight -= chunk.length
    }
    if (inFlight <= WINDOW && from.isPaused()) from.resume()
    if (queue.length > 0) timer = setTimeout(deliver, queue[0].arrive - now)
    else if (ended) to.end()
  }
  from.on('data', chunk => {
    const now = performance.now()
    const start = Math.max(now, way.freeAt)
    way.freeAt = start + chunk.length / link.bytesPerMs
    way.bytes += chunk.length
    const last = queue.at(-1)?.arrive ?? 0
    queue.push({ chunk, arrive: Math.max(last, way.freeAt + link.rttMs / 2 + extra) })
    extra = 0
    inFlight += chunk.length
    if (inFlight > WINDOW) from.pause()
    timer ??= setTimeout(deliver, queue[0].arrive - now)
  })
  from.on('end', () => {
    ended = true
    if (queue.length === 0 && timer === undefined) to.end()
  })
}

/** A proxy for `target` (an origin, http://127.0.0.1:port) over `link`; resolves to its own origin. */
export async function proxy(link, target) {
  const { hostname, port } = new URL(target)
  const sockets = new Set()
  // Half-open sockets: a side that has sent all it will send still gets what is on its way to it.
  const server = createServer({ allowHalfOpen: true }, client => {
    const upstream = createConnection({ host: hostname, port: Number(port), allowHalfOpen: true })
    for (const socket of [client, upstream]) {
      sockets.add(socket)
      socket.setNoDelay(true)
      socket.on('close', () => sockets.delete(socket))
      socket.on('error', () => {
        client.destroy()
        upstream.destroy()
      })
    }
    shape(link, link.up, client, upstream, link.handshakeRoundTrips * link.rttMs)
    shape(link, link.down, upstream, client, 0)
  })
  await new Promise(resolve => server.listen(0, '127.0.0.1', resolve))
  const origin = `http://127.0.0.1:${server.address().port}`
  const entry = {
    origin,
    async stop() {
      for (const socket of sockets) socket.destroy()
      await new Promise(resolve => server.close(resolve))
    }
  }
  link.proxies.push(entry)
  return entry
}

/** Stops every proxy of the link. */
export async function closeLink(link) {
  await Promise.all(link.proxies.map(p => p.stop()))
  link.proxies = []
}
