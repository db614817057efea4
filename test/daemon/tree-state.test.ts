import { describe, expect, test } from 'vitest'
import { createTreeState } from '../../src/daemon/tree-state.js'
import { createStore } from '../../src/store/store.js'
import { createValidator } from '../../src/validate/validator.js'
import { manifest } from '../support/resources.js'

const validator = createValidator()
const plugin = (name: string, remote = 'tiborvass/sample-volume-plugin') =>
  manifest('Plugin', name, `{remote: ${remote}}`)

function tree() {
  const store = createStore()
  const state = createTreeState(store, validator)
  const remote = (name: string) => store.get('Plugin', name)?.spec.remote
  return { store, state, remote }
}

describe("the daemon's picture of the tree", () => {
  test('a file that loads puts its resources in the store; a file that goes takes them away', () => {
    const { store, state, remote } = tree()
    const update = state.update([{ path: 'a.yaml', text: `${plugin('p')}\n---\n${plugin('q')}` }])
    expect(update).toEqual({ diagnostics: [], files: ['a.yaml'], warnings: [] })
    expect(store.list('Plugin').map((p) => p.name)).toEqual(['p', 'q'])
    expect(remote('p')).toBe('tiborvass/sample-volume-plugin')
    expect(state.fileOf('Plugin/q')).toBe('a.yaml')

    state.update([{ path: 'a.yaml', text: plugin('p') }])
    expect(store.list('Plugin').map((p) => p.name)).toEqual(['p'])
    state.update([{ path: 'a.yaml', text: undefined }])
    expect(store.list('Plugin')).toEqual([])
    expect(state.seen().has('a.yaml')).toBe(false)
  })

  test('a half-saved edit keeps the last good content in force until the file loads again', () => {
    const { state, remote } = tree()
    state.update([{ path: 'a.yaml', text: plugin('p') }])
    const broken = state.update([{ path: 'a.yaml', text: `${plugin('p', 'bboreham/weave2')}\n  bad: [` }])
    expect(broken.files).toEqual([])
    expect(broken.diagnostics.length).toBeGreaterThan(0)
    for (const d of broken.diagnostics) expect(d).toMatchObject({ file: 'a.yaml', line: expect.any(Number) })
    expect(remote('p')).toBe('tiborvass/sample-volume-plugin')
    expect([...state.invalid().keys()]).toEqual(['a.yaml'])
    expect(state.writable('a.yaml')).toBeUndefined() // its bytes on disk are not the good ones

    const fixed = state.update([{ path: 'a.yaml', text: plugin('p', 'bboreham/weave2') }])
    expect(fixed.files).toEqual(['a.yaml'])
    expect(remote('p')).toBe('bboreham/weave2')
    expect(state.invalid().size).toBe(0)
    expect(state.writable('a.yaml')?.text).toBe(plugin('p', 'bboreham/weave2'))
  })

  test('a kind/name defined twice: both are reported and the definition in force stays', () => {
    const { state, remote } = tree()
    state.update([{ path: 'a.yaml', text: plugin('p') }])
    const dup = state.update([{ path: 'copy.yaml', text: plugin('p', 'bboreham/weave2') }])
    expect(dup.diagnostics.map((d) => d.file).sort()).toEqual(['a.yaml', 'copy.yaml'])
    expect(state.duplicated()).toEqual(['Plugin/p'])
    expect(remote('p')).toBe('tiborvass/sample-volume-plugin')
    expect(state.fileOf('Plugin/p')).toBe('a.yaml')

    state.update([{ path: 'a.yaml', text: undefined }])
    expect(state.duplicated()).toEqual([])
    expect(remote('p')).toBe('bboreham/weave2')
  })

  test("berth's own write comes back as an echo that loads nothing", () => {
    const { state } = tree()
    state.update([{ path: 'a.yaml', text: plugin('p') }])
    const written = `${plugin('p')}\nstatus: {observedGeneration: 1}\n`
    state.wrote('a.yaml', written)
    expect(state.writable('a.yaml')?.text).toBe(written)
    expect(state.update([{ path: 'a.yaml', text: written }]).files).toEqual([])
  })

  test('a spec change moves the generation on and keeps the status berth holds', () => {
    const { store, state } = tree()
    state.update([{ path: 'a.yaml', text: plugin('p') }])
    const generation = store.get('Plugin', 'p')?.generation ?? 0
    store.setStatus('Plugin', 'p', { observedGeneration: generation })
    state.update([{ path: 'a.yaml', text: `# a comment\n${plugin('p')}` }]) // same spec
    expect(store.get('Plugin', 'p')).toMatchObject({ generation, status: { observedGeneration: generation } })
    state.update([{ path: 'a.yaml', text: plugin('p', 'bboreham/weave2') }])
    expect(store.get('Plugin', 'p')).toMatchObject({
      generation: generation + 1,
      status: { observedGeneration: generation },
    })
  })

  test('files broken at start are unknown (nothing they might define counts as deleted) until they load', () => {
    const { state } = tree()
    state.update([
      { path: 'good.yaml', text: plugin('p') },
      { path: 'bad.yaml', text: 'kind: [' },
    ])
    expect(state.unknown()).toEqual(['bad.yaml'])
    state.update([{ path: 'later.yaml', text: 'kind: [' }])
    expect(state.unknown()).toEqual(['bad.yaml']) // broken after start: not unknown
    state.update([{ path: 'bad.yaml', text: plugin('q') }])
    expect(state.unknown()).toEqual([])
  })
})

describe('a large file edited by hand in watch mode', () => {
  const service = (replicas: number, image: string) => {
    const tasks = Array.from(
      { length: 1500 },
      (_, i) =>
        `    - {id: t${String(i + 1).padStart(24, '0')}, name: web.${i + 1}, slot: ${i + 1}, node: n1, state: running}`,
    )
    return [
      'apiVersion: berth.dev/v1',
      'kind: Service',
      'metadata:',
      '  name: web',
      'spec:',
      `  image: ${image}`,
      `  replicas: ${replicas}`,
      'status:',
      '  replicas: {desired: 1500, running: 1500}',
      '  tasks:',
      ...tasks,
      '',
    ].join('\n')
  }

  test('an edit outside the status reads as a parse of the whole file would', () => {
    const parsed = tree()
    const watched = tree()
    watched.state.update([{ path: 'web.yaml', text: service(1500, 'nginx') }])
    const edited = service(1400, 'nginx:1.27')
    expect(edited.length).toBeGreaterThan(64 * 1024)
    const update = watched.state.update([{ path: 'web.yaml', text: edited }])
    expect(update).toEqual({ diagnostics: [], files: ['web.yaml'], warnings: [] })
    parsed.state.update([{ path: 'web.yaml', text: edited }])
    // The same resource, but for its generation: the spec changed while the daemon watched.
    expect(watched.store.get('Service', 'web')).toEqual({
      ...parsed.store.get('Service', 'web'),
      generation: 2,
    })
    expect(watched.store.get('Service', 'web')?.spec.replicas).toBe(1400)
    expect(watched.store.get('Service', 'web')?.status?.tasks).toHaveLength(1500)
  })
})
