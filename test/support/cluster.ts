import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, expect, inject } from 'vitest'
import { parseAllDocuments, stringify } from 'yaml'
import { commitWrites } from '../../src/engine/commit-writes.js'
import type { OnceResult } from '../../src/engine/reconcile-once.js'
import { reconcileOnce } from '../../src/engine/reconcile-once.js'
import type { Kind } from '../../src/model/kinds.js'
import type { Resource } from '../../src/model/resource.js'
import type { WrittenSpecByKind } from '../../src/model/spec.js'
import type { Registry } from '../../src/plugins/registry.js'
import { loadRegistry } from '../../src/plugins/registry.js'
import type { Clock } from '../../src/runtime/clock.js'
import type { Store } from '../../src/store/store.js'
import { createValidator } from '../../src/validate/validator.js'
import { reconcileOnEtcd } from './etcd-store.js'

/** One manifest document as a person writes it. */
export interface Doc<K extends Kind = Kind> {
  apiVersion: 'berth.dev/v1'
  kind: K
  metadata: { name: string; labels?: Record<string, string> }
  spec: WrittenSpecByKind[K]
  status?: unknown
}

export function doc<K extends Kind>(
  kind: K,
  name: string,
  spec: WrittenSpecByKind[K],
  labels?: Record<string, string>,
): Doc<K> {
  return { apiVersion: 'berth.dev/v1', kind, metadata: { name, ...(labels ? { labels } : {}) }, spec }
}

export const node = (name: string, spec: WrittenSpecByKind['Node'] = {}, labels?: Record<string, string>) =>
  doc('Node', name, spec, labels)
export const plugin = (name: string, spec: WrittenSpecByKind['Plugin']) => doc('Plugin', name, spec)
export const volume = (name: string, spec: WrittenSpecByKind['Volume'] = {}) => doc('Volume', name, spec)
export const network = (name: string, spec: WrittenSpecByKind['Network'] = {}) => doc('Network', name, spec)
export const service = (name: string, spec: Partial<WrittenSpecByKind['Service']> = {}) =>
  doc('Service', name, { image: 'busybox', ...spec })

/** weave2 from the catalog, with exactly the privileges it requests. */
export const weave2 = (nodes?: string[], extra: Partial<WrittenSpecByKind['Plugin']> = {}) =>
  plugin('weave2', {
    remote: 'bboreham/weave2',
    ...(nodes ? { nodes } : {}),
    grantedPrivileges: [
      { name: 'network', value: ['host'] },
      { name: 'capabilities', value: ['CAP_SYS_ADMIN', 'CAP_NET_ADMIN'] },
    ],
    ...extra,
  })
export const sampleVolumePlugin = (nodes?: string[], extra: Partial<WrittenSpecByKind['Plugin']> = {}) =>
  plugin('sample-volume-plugin', {
    remote: 'tiborvass/sample-volume-plugin',
    ...(nodes ? { nodes } : {}),
    ...extra,
  })

const FIXED_NOW = '2024-01-02T03:04:05Z'
/** SOURCE_DATE_EPOCH-style: the wall time written into status never moves. */
export const fixedClock: Clock = { iso: () => FIXED_NOW, ms: () => performance.now(), wall: () => Date.now() }

let registry: Registry | undefined
let validator: ReturnType<typeof createValidator> | undefined

/** A fresh temporary manifest directory; removed by `cleanup`. */
export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'berth-test-'))
}
export function cleanup(dir: string): void {
  rmSync(dir, { recursive: true, force: true })
}

/** The file a doc of `kind` and `name` lives in. */
export const fileOf = (kind: Kind, name: string) => `${kind.toLowerCase()}-${name}.yaml`

/** Writes each document into its own file, `<kind>-<name>.yaml`. */
export function writeDocs(dir: string, docs: readonly Doc[]): void {
  for (const d of docs) writeFileSync(join(dir, fileOf(d.kind, d.metadata.name)), stringify(d))
}

/** A temp dir holding `docs`. */
export function cluster(docs: readonly Doc[]): string {
  const dir = tempDir()
  writeDocs(dir, docs)
  return dir
}

/** Loads and reconciles `dir` in memory with the real controllers, a fixed clock, the shipped catalog. */
export async function reconcileDir(dir: string): Promise<OnceResult> {
  registry ??= loadRegistry()
  validator ??= createValidator()
  const options = { dir, validator, registry, clock: fixedClock }
  // The `etcd` test project runs the same scenarios with etcd as the store.
  if (process.env.BERTH_TEST_STORE === 'etcd') return reconcileOnEtcd(inject('etcdMember'), options)
  return reconcileOnce(options)
}

/** Reconciles and writes status back into the files, as `berth reconcile` does. */
export async function converge(dir: string): Promise<OnceResult> {
  const result = await reconcileDir(dir)
  expect(result.tree.diagnostics).toEqual([])
  const commit = await commitWrites(dir, result.writes)
  expect(commit.conflicts).toEqual([])
  expect(commit.failed).toEqual([])
  return result
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name))
    .map((e) => join(e.parentPath, e.name))
}

/**
 * Edits the document `kind/name` wherever it lives under `dir` (status kept),
 * or deletes it when `mutate` returns `'delete'`.
 */
export function editDoc(
  dir: string,
  kind: Kind,
  name: string,
  mutate: (d: Doc) => undefined | 'delete',
): void {
  for (const file of yamlFiles(dir)) {
    const docs = parseAllDocuments(readFileSync(file, 'utf8')).map((d) => d.toJS() as Doc)
    const index = docs.findIndex((d) => d.kind === kind && d.metadata.name === name)
    if (index === -1) continue
    const target = docs[index] as Doc
    if (mutate(target) === 'delete') docs.splice(index, 1)
    if (docs.length === 0) rmSync(file)
    else writeFileSync(file, docs.map((d) => stringify(d)).join('---\n'))
    return
  }
  throw new Error(`${kind}/${name} not found under ${dir}`)
}

export const editSpec = <K extends Kind>(
  dir: string,
  kind: K,
  name: string,
  mutate: (spec: WrittenSpecByKind[K]) => void,
) => editDoc(dir, kind, name, (d) => void mutate(d.spec as WrittenSpecByKind[K]))

/** Sets fields of a spec, e.g. `setSpec(dir, 'Node', 'node2', { availability: 'drain' })`. */
export const setSpec = <K extends Kind>(
  dir: string,
  kind: K,
  name: string,
  patch: Partial<WrittenSpecByKind[K]>,
) =>
  editSpec(dir, kind, name, (spec) => {
    Object.assign(spec as object, patch)
  })

export const removeDoc = (dir: string, kind: Kind, name: string) => editDoc(dir, kind, name, () => 'delete')

export function get<K extends Kind>(store: Store, kind: K, name: string): Resource<K> {
  const r = store.get(kind, name)
  if (!r) throw new Error(`${kind}/${name} not in store`)
  return r
}

export const statusOf = <K extends Kind>(store: Store, kind: K, name: string) => get(store, kind, name).status

export function ready(store: Store, kind: Kind, name: string) {
  return get(store, kind, name).status?.conditions?.find((c) => c.type === 'Ready')
}

/** Every resource's status, keyed `Kind/name`: for comparing whole runs. */
export function allStatuses(store: Store): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const kind of ['Node', 'Plugin', 'Volume', 'Network', 'Service'] as const)
    for (const r of store.list(kind)) out[`${kind}/${r.name}`] = r.status
  return out
}

/** Running tasks of a service per node name. */
export function tasksPerNode(store: Store, svc: string): Record<string, number> {
  const out: Record<string, number> = {}
  for (const t of statusOf(store, 'Service', svc)?.tasks ?? [])
    if (t.state === 'running' && t.node) out[t.node] = (out[t.node] ?? 0) + 1
  return out
}

/**
 * Asserts a converged dir stays converged: reconciling again plans no
 * writes and changes no status.
 */
export async function expectIdempotent(dir: string): Promise<void> {
  await converge(dir)
  const again = await reconcileDir(dir)
  expect(again.writes.map((w) => w.path)).toEqual([])
  expect([...(again.report?.changed ?? [])]).toEqual([])
}

/** Temp dirs of one test file, removed after each test: `const track = cleanupAfterEach()`, then `track(dir)`. */
export function cleanupAfterEach(): (dir: string) => string {
  const dirs: string[] = []
  afterEach(() => {
    for (const d of dirs.splice(0)) cleanup(d)
  })
  return (dir) => {
    dirs.push(dir)
    return dir
  }
}
