import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, test } from 'vitest'
import { parseAllDocuments } from 'yaml'
import { replaceStatus } from '../../src/yamledit/replace-status.js'
import { replaceStatuses } from '../../src/yamledit/replace-statuses.js'

const golden = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/golden')

// Several documents of one file in one pass must give exactly what replacing
// them one at a time gives: the batch is an optimisation, not a new behaviour.
describe('replaceStatuses', async () => {
  const files = (await readdir(golden)).filter((f) => f.endsWith('.yaml'))
  test.each(files)('%s: every document at once equals one at a time', async (name) => {
    const text = await readFile(path.join(golden, name), 'utf8')
    const count = parseAllDocuments(text).length
    const status = (doc: number) => ({
      doc,
      note: 'yes',
      when: '2026-11-28T10:00:00Z',
      tasks: [{ id: `t${doc}` }],
    })
    // Documents berth cannot write into (a flow mapping, say) are left out of both.
    const writable = Array.from({ length: count }, (_, doc) => doc).filter((doc) => {
      try {
        replaceStatus(text, doc, status(doc))
        return true
      } catch {
        return false
      }
    })
    const updates = writable.map((doc) => ({ doc, status: status(doc) }))
    expect(updates.length).toBeGreaterThan(0)
    const oneByOne = updates.reduce((t, u) => replaceStatus(t, u.doc, u.status), text)
    expect(replaceStatuses(text, updates)).toBe(oneByOne)
  })

  test('two statuses for one document are refused, not written twice', () => {
    const text = 'apiVersion: berth.dev/v1\nkind: Node\nmetadata: {name: a}\nspec: {}\n'
    const twice = [
      { doc: 0, status: { state: 'ready' } },
      { doc: 0, status: { state: 'down' } },
    ]
    expect(() => replaceStatuses(text, twice)).toThrow(/does not parse|read back/)
  })

  test('a splice that does not read back is refused', () => {
    const text = 'apiVersion: berth.dev/v1\nkind: Node\nmetadata: {name: a}\nspec: {}\n'
    expect(() => replaceStatuses(text, [{ doc: 3, status: { state: 'ready' } }])).toThrow(/document 3/)
  })
})
