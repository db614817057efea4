/**
 * The 1-based line and column of an offset in `text`, as yaml's `LineCounter.linePos` gives
 * them, for text the quick reader read (so without loading yaml to count lines).
 */
export function lineOf(text: string): (offset: number) => { line: number; col: number } {
  const starts = [0]
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1)
  return (offset) => {
    let low = 0
    let high = starts.length
    while (low < high) {
      const mid = (low + high) >> 1
      if ((starts[mid] as number) < offset) low = mid + 1
      else high = mid
    }
    if (starts[low] === offset) return { line: low + 1, col: 1 }
    return { line: low, col: offset - (starts[low - 1] as number) + 1 }
  }
}
