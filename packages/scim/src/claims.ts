/**
 * One create per person at a time. Two creates of the same person (an identity provider's retry
 * racing its first try, or the same assignment through two gateway instances) must not both pass
 * the existence check and both reach the vendor: the vendor may not refuse the second (NERM's login
 * uniqueness is inferred, not documented), and then the person exists twice.
 */

/**
 * An in-process lock per key: `exclusive(keys, work)` runs `work` once every earlier holder of any
 * of `keys` has finished. All keys are taken at once (synchronously), so two holders of
 * overlapping key sets cannot deadlock.
 */
export function keyLock(): <T>(keys: readonly string[], work: () => Promise<T>) => Promise<T> {
  const tails = new Map<string, Promise<void>>();
  return async (keys, work) => {
    const unique = [...new Set(keys)];
    let release = () => {};
    const mine = new Promise<void>((resolve) => {
      release = resolve;
    });
    const before = unique.map((k) => tails.get(k));
    for (const k of unique) tails.set(k, mine);
    try {
      await Promise.all(before);
      return await work();
    } finally {
      release();
      for (const k of unique) if (tails.get(k) === mine) tails.delete(k);
    }
  };
}
