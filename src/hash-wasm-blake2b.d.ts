// hash-wasm's single-algorithm build: only blake2b's WASM goes into the bundle (the package's
// index carries every algorithm, about 200 KiB more).
declare module 'hash-wasm/dist/blake2b.umd.min.js' {
  import type { createBLAKE2b } from 'hash-wasm'
  const blake2b: { createBLAKE2b: typeof createBLAKE2b }
  export default blake2b
}
