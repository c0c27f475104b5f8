/**
 * Each item whose key an earlier item already had, paired with the first item that had it: the repeats to
 * report, in order. Items without a key (a name that could not be read) are passed over.
 */
export function repeats<T>(items: Iterable<T>, keyOf: (item: T) => string | undefined): { item: T; earlier: T }[] {
  const first = new Map<string, T>();
  const found: { item: T; earlier: T }[] = [];
  for (const item of items) {
    const key = keyOf(item);
    if (key === undefined) continue;
    const earlier = first.get(key);
    if (earlier === undefined) first.set(key, item);
    else found.push({ item, earlier });
  }
  return found;
}
