import { describe, expect, test } from 'vitest'
import { nameList } from '../../src/model/name-list.js'
import { describeRejections } from '../../src/scheduler/pipeline.js'

/** The plain way: every group's names sorted in full, the groups ranked by size, then reason. */
function reference(rejected: ReadonlyMap<string, string>, limit = 5): string {
  const byReason = new Map<string, string[]>()
  for (const [node, reason] of rejected) byReason.set(reason, [...(byReason.get(reason) ?? []), node])
  for (const nodes of byReason.values()) nodes.sort()
  const groups = [...byReason].sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : 1))
  const shown = groups.slice(0, limit).map(([reason, nodes]) => `${nameList(nodes)}: ${reason}`)
  if (groups.length > limit) shown.push(`${groups.length - limit} more reasons`)
  return shown.join('; ')
}

describe('describeRejections', () => {
  test('names the first nodes of each reason in order, most common reason first', () => {
    const rejected = new Map([
      ['node-3', 'drained'],
      ['node-1', 'drained'],
      ['node-10', 'drained'],
      ['node-2', 'drained'],
      ['node-4', 'platform windows/x86_64 not supported'],
    ])
    expect(describeRejections(rejected)).toBe(
      'node-1, node-10, node-2 and 1 more: drained; node-4: platform windows/x86_64 not supported',
    )
  })

  test('says the same as sorting every group in full, on many random rejections', () => {
    let seed = 11
    const next = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0
      return seed % n
    }
    const reasons = [
      'drained',
      'paused',
      'missing network plugin x',
      'constraint a==b not satisfied',
      'Ä',
      'a',
    ]
    for (let run = 0; run < 300; run++) {
      const rejected = new Map<string, string>()
      const size = next(60)
      const kinds = 1 + next(reasons.length)
      for (let i = 0; i < size; i++)
        rejected.set(`n${next(1000)}${next(3) === 0 ? 'É' : ''}`, reasons[next(kinds)] as string)
      const limit = 1 + next(6)
      expect(describeRejections(rejected, limit)).toBe(reference(rejected, limit))
    }
  })
})
