/**
 * Names longer than this are not compared: Kubernetes names are at most 253 characters (a DNS subdomain), and the
 * edit distance of two names costs the product of their lengths (two 20,000-character names took 45 s).
 */
export const MAX_COMPARED_NAME = 253;

/**
 * Edit distance between two strings (insertions, deletions, substitutions), or `limit + 1` as soon as it is known to
 * exceed `limit`. Only the diagonal band of width 2·limit + 1 is computed, and a row whose every cell is past the
 * limit ends it: O(length · limit) time, two rows of memory.
 */
export function editDistance(a: string, b: string, limit = Number.POSITIVE_INFINITY): number {
  if (a === b) return 0;
  const over = Math.min(limit, Math.max(a.length, b.length)) + 1;
  // The distance is at least the difference in length.
  if (Math.abs(a.length - b.length) >= over) return over;
  const band = over - 1;
  let previous = new Array<number>(b.length + 1);
  let current = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) previous[j] = j <= band ? j : over;
  for (let i = 1; i <= a.length; i++) {
    const from = Math.max(1, i - band);
    const to = Math.min(b.length, i + band);
    current[0] = i <= band ? i : over;
    if (from > 1) current[from - 1] = over;
    let rowBest = current[0] ?? over;
    for (let j = from; j <= to; j++) {
      const substitution = (previous[j - 1] ?? over) + (a[i - 1] === b[j - 1] ? 0 : 1);
      const value = Math.min((previous[j] ?? over) + 1, (current[j - 1] ?? over) + 1, substitution, over);
      current[j] = value;
      if (value < rowBest) rowBest = value;
    }
    if (to < b.length) current[to + 1] = over;
    if (rowBest >= over) return over;
    [previous, current] = [current, previous];
  }
  return Math.min(previous[b.length] ?? over, over);
}

/**
 * The candidate nearest to `name`, or undefined if none is near enough to be a plausible typo. One name
 * containing the other (`ca` and `ca-certs`) counts as near: renamed volumes often keep a stem. Names longer than
 * Kubernetes allows get no suggestion.
 */
export function closestName(name: string, candidates: Iterable<string>): string | undefined {
  if (name.length > MAX_COMPARED_NAME) return undefined;
  const wanted = name.toLowerCase();
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    if (candidate.length > MAX_COMPARED_NAME) continue;
    const lower = candidate.toLowerCase();
    // One inside the other: the distance is the difference in length, without computing it.
    const related = lower.includes(wanted) || wanted.includes(lower);
    const nearEnough = Math.max(2, Math.floor(Math.max(wanted.length, lower.length) / 3));
    // Only a distance below the best so far matters, and (unless related) within nearEnough.
    const limit = Math.min(related ? Number.POSITIVE_INFINITY : nearEnough, best ? best.distance - 1 : Number.POSITIVE_INFINITY);
    if (limit < 0) continue;
    const distance = related ? Math.abs(wanted.length - lower.length) : editDistance(wanted, lower, limit);
    if (distance <= limit) best = { candidate, distance };
  }
  return best?.candidate;
}
