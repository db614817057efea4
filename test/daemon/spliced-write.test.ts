import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, test } from 'vitest'
import { createTreeState } from '../../src/daemon/tree-state.js'
import { createEngine, runOnce } from '../../src/engine/engine.js'
import { planWrites } from '../../src/engine/plan-writes.js'
import { readTree } from '../../src/io/read-tree.js'
import { loadFile } from '../../src/load/load-file.js'
import type { AnyResource } from '../../src/model/resource.js'
import { loadRegistry } from '../../src/plugins/registry.js'
import { createValidator } from '../../src/validate/validator.js'
import { fixedClock } from '../support/cluster.js'

const demoDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../manifests')
const validator = createValidator()

/** The demo's files as the daemon first sees them, with `transform` applied to each text, reconciled in memory. */
async function reconciledDemo(transform: (text: string) => string) {
  const engine = createEngine({ registry: loadRegistry(), clock: fixedClock })
  const tree = createTreeState(engine.store, validator)
  const read = await readTree(demoDir)
  tree.update(read.files.map((f) => ({ path: f.path, text: transform(f.text) })))
  await runOnce(engine)
  const plan = () =>
    planWrites(
      [...tree.seen().keys()].sort().flatMap((p) => tree.writable(p) ?? []),
      engine.store,
    )
  return { engine, tree, plan }
}

const withoutStatus = (text: string) => text.replace(/^status:\n(?: .*\n)*/gm, '')

describe('a status write is known as loaded without parsing it again', () => {
  test('each file written loads as a fresh parse of the written text says, or is left to a parse', async () => {
    const { tree, plan } = await reconciledDemo(withoutStatus)
    const { writes } = plan()
    expect(writes.length).toBeGreaterThan(4)
    const parsedAgain: string[] = []
    for (const w of writes) {
      const spliced = tree.spliced(w.path, w.after)
      if (!spliced) {
        parsedAgain.push(w.path)
        continue
      }
      const fresh = loadFile(w.path, w.after, validator)
      expect(spliced.resources, w.path).toEqual(fresh.resources)
      expect(spliced.text).toBe(w.after)
      expect(spliced.diagnostics).toEqual([])
    }
    // nodes.yaml: node1's new status pushes node2's document down, so only a parse knows where node2 starts.
    expect(parsedAgain).toEqual(['nodes.yaml'])
  })

  test('a multi-document file whose last status alone changed needs no parse', async () => {
    const { engine, tree, plan } = await reconciledDemo((text) => text)
    expect(plan().writes).toEqual([])
    const node2 = engine.store.get('Node', 'node2') as AnyResource & { kind: 'Node' }
    engine.store.put({ ...node2, status: { ...node2.status, tasks: 99 } } as AnyResource)
    const [write] = plan().writes
    expect(write?.path).toBe('nodes.yaml')
    const spliced = write && tree.spliced(write.path, write.after)
    expect(spliced?.resources).toEqual(write && loadFile(write.path, write.after, validator).resources)
    expect(spliced?.resources.find((r) => r.name === 'node2')?.status).toMatchObject({ tasks: 99 })
  })

  test('what berth wrote is its last good version: the echo of the write changes nothing', async () => {
    const { engine, tree, plan } = await reconciledDemo(withoutStatus)
    for (const w of plan().writes) tree.wrote(w.path, w.after, tree.spliced(w.path, w.after))
    let changed = 0
    const stop = engine.store.subscribe(() => changed++)
    for (const w of plan().writes) expect.fail(`${w.path} planned again`)
    const echo = [...tree.seen()].map(([p, text]) => ({ path: p, text }))
    expect(tree.update(echo).files).toEqual([])
    expect(changed).toBe(0)
    stop()
  })
})
