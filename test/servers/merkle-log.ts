// An append-only log over an RFC 6962 Merkle tree, as Rekor keeps (through Trillian): leaf hash
// SHA-256(0x00 || entry), node hash SHA-256(0x01 || left || right), and audit paths (RFC 6962 §2.1.1)
// ordered from the leaf upwards, which is the order @sigstore/verify folds them in.
import { createHash } from 'node:crypto'

export class MerkleLog {
  private readonly leaves: Buffer[] = []

  get size(): number {
    return this.leaves.length
  }

  /** Appends an entry; returns its index. */
  append(entry: Buffer): number {
    this.leaves.push(leafHash(entry))
    return this.leaves.length - 1
  }

  leafHash(index: number): Buffer {
    return this.leaf(index)
  }

  /** MTH(D[0:size]). */
  rootHash(size = this.size): Buffer {
    return this.subtreeHash(0, size)
  }

  /** PATH(index, D[0:size]). */
  inclusionProof(index: number, size = this.size): Buffer[] {
    if (index < 0 || index >= size || size > this.size) throw new Error(`no leaf ${index} in a tree of ${size}`)
    return this.path(index, 0, size)
  }

  private path(index: number, start: number, end: number): Buffer[] {
    const n = end - start
    if (n === 1) return []
    const k = largestPowerOfTwoBelow(n)
    return index < k
      ? [...this.path(index, start, start + k), this.subtreeHash(start + k, end)]
      : [...this.path(index - k, start + k, end), this.subtreeHash(start, start + k)]
  }

  private subtreeHash(start: number, end: number): Buffer {
    const n = end - start
    if (n === 0) return createHash('sha256').digest()
    if (n === 1) return this.leaf(start)
    const k = largestPowerOfTwoBelow(n)
    return nodeHash(this.subtreeHash(start, start + k), this.subtreeHash(start + k, end))
  }

  private leaf(index: number): Buffer {
    const leaf = this.leaves[index]
    if (!leaf) throw new Error(`no leaf ${index}`)
    return leaf
  }
}

export const leafHash = (entry: Buffer): Buffer =>
  createHash('sha256')
    .update(Buffer.from([0x00]))
    .update(entry)
    .digest()

export const nodeHash = (left: Buffer, right: Buffer): Buffer =>
  createHash('sha256')
    .update(Buffer.from([0x01]))
    .update(left)
    .update(right)
    .digest()

/** The largest power of two strictly less than n (n > 1). */
function largestPowerOfTwoBelow(n: number): number {
  let k = 1
  while (k * 2 < n) k *= 2
  return k
}
