// A bounded pool for independent async tasks: a few requests in flight, a few files read at once.

/** `task` on every item, at most `width` at a time; the results in the items' order. */
export async function mapConcurrently<T, R>(items: readonly T[], width: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length)
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++
      results[index] = await task(items[index] as T)
    }
  }
  await Promise.all(Array.from({ length: Math.min(Math.max(1, width), items.length) }, worker))
  return results
}
