/** Edit distance between two strings (insertions, deletions, substitutions), in two rows of memory. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/**
 * The candidate nearest to `name`, or undefined if none is near enough to be a plausible typo. One name
 * containing the other (`ca` and `ca-certs`) counts as near: renamed volumes often keep a stem.
 */
export function closestName(name: string, candidates: Iterable<string>): string | undefined {
  const wanted = name.toLowerCase();
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const lower = candidate.toLowerCase();
    const distance = editDistance(wanted, lower);
    const related = lower.includes(wanted) || wanted.includes(lower);
    const nearEnough = related || distance <= Math.max(2, Math.floor(Math.max(wanted.length, lower.length) / 3));
    if (nearEnough && (!best || distance < best.distance)) best = { candidate, distance };
  }
  return best?.candidate;
}
