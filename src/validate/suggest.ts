/** "Did you mean" for misspelt field names. */

/** Levenshtein distance, case-insensitive. */
function distance(a: string, b: string): number {
  const x = a.toLowerCase()
  const y = b.toLowerCase()
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j)
  for (let i = 1; i <= x.length; i++) {
    const row = [i]
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1
      row.push(Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost))
    }
    prev = row
  }
  return prev[y.length] ?? 0
}

/**
 * The candidate closest to `name`, when it is close enough to be a typo (at most a third of
 * the name's length in edits, and at most 3); undefined otherwise.
 */
export function closestName(name: string, candidates: readonly string[]): string | undefined {
  const limit = Math.min(3, Math.max(1, Math.floor(name.length / 3)))
  let best: { name: string; d: number } | undefined
  for (const candidate of candidates) {
    const d = distance(name, candidate)
    if (d <= limit && (!best || d < best.d)) best = { name: candidate, d }
  }
  return best?.name
}
