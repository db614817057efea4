import { appendFileSync, readFileSync } from 'node:fs'
import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { expect } from 'vitest'
import { parseAllDocuments } from 'yaml'
import type { Diagnostic } from '../../src/model/diagnostic.js'
import { asRead } from '../support/read-status.js'

/**
 * `BERTH_SOAK=N` (N ≥ 1) turns the fast, bounded suites into a soak: every
 * `scaled(fast, perSoak)` becomes `perSoak × N`. Unset, `npm test` stays fast.
 */
export const SOAK = process.env.BERTH_SOAK ? Math.max(1, Number(process.env.BERTH_SOAK) || 1) : 0

export function scaled(fast: number, perSoak: number): number {
  return SOAK > 0 ? perSoak * SOAK : fast
}

/** `BERTH_SEED` replays a run; otherwise each suite has its own fixed seed. */
export function seedFor(fixed: number): number {
  return process.env.BERTH_SEED ? Number(process.env.BERTH_SEED) : fixed
}

/** A small seeded PRNG (mulberry32): the daemon suites' random moments and edits. */
export function prng(seed: number) {
  let a = seed >>> 0
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T,
  }
}
export type Prng = ReturnType<typeof prng>

/**
 * Records a figure for RELIABILITY.md: printed, and appended as one JSON line to
 * `$BERTH_FIGURES` when set.
 */
export function figure(suite: string, values: Record<string, unknown>): void {
  const line = JSON.stringify({ suite, soak: SOAK, ...values })
  console.log(`[figures] ${line}`)
  if (process.env.BERTH_FIGURES) appendFileSync(process.env.BERTH_FIGURES, `${line}\n`)
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Every diagnostic names a file, a 1-based position inside the text, a code and a message. */
export function expectWellFormed(diagnostics: readonly Diagnostic[], text?: string): void {
  const lines = text === undefined ? Number.POSITIVE_INFINITY : text.split('\n').length
  for (const d of diagnostics) {
    expect(typeof d.file === 'string' && d.file.length > 0, JSON.stringify(d)).toBe(true)
    expect(Number.isInteger(d.line) && d.line >= 1 && d.line <= lines + 1, JSON.stringify(d)).toBe(true)
    expect(Number.isInteger(d.col) && d.col >= 1, JSON.stringify(d)).toBe(true)
    expect(typeof d.code === 'string' && d.code.length > 0, JSON.stringify(d)).toBe(true)
    expect(typeof d.message === 'string' && d.message.length > 0, JSON.stringify(d)).toBe(true)
  }
}

/** Every `*.yaml` below `dir`, relative, sorted (hidden files included: berth's temp files are hidden). */
async function listFiles(dir: string, filter: (name: string) => boolean): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true })
  return entries
    .filter((e) => e.isFile() && filter(e.name))
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort()
}

export const tempLeftovers = (dir: string) => listFiles(dir, (n) => n.includes('.berth-tmp-'))

/** Parses a file strictly: throws on any YAML error (a torn file). */
export async function parseStrict(file: string): Promise<unknown[]> {
  const text = await readFile(file, 'utf8')
  const docs = parseAllDocuments(text)
  const list = Array.isArray(docs) ? docs : []
  for (const d of list) if (d.errors.length > 0) throw new Error(`${file}: ${d.errors[0]?.message}`)
  return list.map((d) => d.toJS())
}

/** Resident set size of a process in KiB, from /proc. */
export function rssKiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const match = /VmRSS:\s+(\d+) kB/.exec(status)
  if (!match) throw new Error(`no VmRSS for ${pid}`)
  return Number(match[1])
}

/** A tree a person would keep: three nodes and `services` services, one per file, with comments. */
export async function writeServiceTree(dir: string, services: number, rng: Prng): Promise<string[]> {
  const { mkdir, writeFile } = await import('node:fs/promises')
  await mkdir(path.join(dir, 'services'), { recursive: true })
  await writeFile(
    path.join(dir, 'nodes.yaml'),
    ['node1', 'node2', 'node3']
      .map(
        (n, i) =>
          `# ${n}: hand-written\napiVersion: berth.dev/v1\nkind: Node\nmetadata:\n  name: ${n}\n  labels: {zone: ${'abc'[i]}}\nspec:\n  role: ${i === 0 ? 'manager' : 'worker'}\n`,
      )
      .join('---\n'),
  )
  const files: string[] = []
  for (let i = 0; i < services; i++) {
    const name = `svc-${String(i).padStart(3, '0')}`
    const file = path.join('services', `${name}.yaml`)
    files.push(file)
    await writeFile(path.join(dir, file), serviceText(name, rng.int(0, 3)))
  }
  return files
}

export function serviceText(name: string, replicas: number): string {
  return [
    `# ${name} — a comment berth must keep`,
    'apiVersion: berth.dev/v1',
    'kind: Service',
    'metadata:',
    `  name: ${name}`,
    'spec:',
    '  image: "busybox:1.36"   # quoted on purpose',
    `  replicas: ${replicas}`,
    '  placement:',
    '    preferences: [{spread: node.labels.zone}]',
    '',
  ].join('\n')
}

/** The person's edit: a new `replicas` in the spec of `text`, every other byte kept (status too). */
export function withReplicas(text: string, replicas: number): string {
  const next = text.replace(/^ {2}replicas: \d+$/m, `  replicas: ${replicas}`)
  if (!/^ {2}replicas: \d+$/m.test(text)) throw new Error('no replicas line')
  return next
}

/** Running task ids of every service file under `dir`, keyed by file. */
export async function taskIds(dir: string, files: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>()
  await Promise.all(
    files.map(async (f) => {
      const [doc] = (await parseStrict(path.join(dir, f))).map(asRead) as {
        status?: { tasks?: { id: string; node?: string; desiredState: string }[] }
      }[]
      const ids = (doc?.status?.tasks ?? [])
        .filter((t) => t.desiredState === 'running')
        .map((t) => `${t.id}@${t.node ?? '-'}`)
        .sort()
      out.set(f, ids.join(','))
    }),
  )
  return out
}
