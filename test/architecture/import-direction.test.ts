import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { describe, expect, test } from 'vitest'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))

/** The modules that reach outside the process: a pure layer imports none of them. */
const IO_MODULES = new Set(['fs', 'fs/promises', 'child_process', 'http', 'https', 'chokidar', 'etcd3'])

/**
 * Imports that run against the layers, as `from → to` directories, while they are being
 * removed; delete a line once its import is gone (the last test fails while a line is stale).
 */
const ALLOWED: readonly string[] = []

interface Layer {
  readonly name: string
  readonly dirs: readonly string[]
  readonly pure: boolean
}

/** The layer table of docs/architecture.md, top (imported by all) to bottom (imports all). */
function readLayers(): Layer[] {
  const doc = readFileSync(path.join(ROOT, 'docs/architecture.md'), 'utf8')
  const table = /<!-- layers:[^>]*-->\n([\s\S]*?)<!-- end layers -->/.exec(doc)?.[1]
  if (!table) throw new Error('docs/architecture.md: no layer table between the markers')
  return table
    .trim()
    .split('\n')
    .slice(2)
    .map((row) => {
      const [name = '', dirs = '', pure = ''] = row
        .split('|')
        .slice(1)
        .map((cell) => cell.trim())
      return { name, dirs: [...dirs.matchAll(/`([^`]+)`/g)].map((m) => m[1] as string), pure: pure === 'yes' }
    })
}

/** Which directory of the table holds a file (repository-relative, `/`-separated). */
function dirOf(layers: readonly Layer[], file: string): string | undefined {
  return layers.flatMap((l) => l.dirs).find((dir) => file.startsWith(`${dir}/`))
}

interface Violation {
  readonly file: string
  readonly specifier: string
  readonly why: string
}

/** Checks each file's imports (file → specifiers) against the layers. */
function violations(layers: readonly Layer[], imports: ReadonlyMap<string, readonly string[]>): Violation[] {
  const rank = (dir: string) => layers.findIndex((l) => l.dirs.includes(dir))
  const found: Violation[] = []
  for (const [file, specifiers] of imports) {
    const from = dirOf(layers, file)
    if (from === undefined) {
      found.push({ file, specifier: '', why: 'in no layer of docs/architecture.md' })
      continue
    }
    const layer = layers[rank(from)] as Layer
    for (const specifier of specifiers) {
      if (!specifier.startsWith('.')) {
        const bare = specifier.replace(/^node:/, '')
        if (layer.pure && IO_MODULES.has(bare))
          found.push({ file, specifier, why: `the ${layer.name} layer is pure` })
        continue
      }
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier))
      const to = dirOf(layers, target)
      if (to === undefined || to === from) continue
      if (rank(to) > rank(from) && !ALLOWED.includes(`${from} → ${to}`)) {
        found.push({
          file,
          specifier,
          why: `${from} (${layer.name}) imports ${to} (${layers[rank(to)]?.name}), below it`,
        })
      }
    }
  }
  return found
}

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = `${dir}/${entry.name}`
    if (entry.isDirectory()) return sourceFiles(rel)
    return /\.ts$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [rel] : []
  })
}

/** Every import, export-from and dynamic import of the project's sources. */
function projectImports(): Map<string, string[]> {
  const files = [...sourceFiles('src'), ...sourceFiles('controllers')]
  return new Map(
    files.map((file) => {
      const info = ts.preProcessFile(readFileSync(path.join(ROOT, file), 'utf8'), true, true)
      return [file, info.importedFiles.map((f) => f.fileName)]
    }),
  )
}

const layers = readLayers()

describe('the checker', () => {
  // Made-up files, so a checker that finds nothing cannot pass for a clean tree.
  test.each([
    ['src/model/x.ts', '../engine/y.js', 'src/model (model) imports src/engine (engine), below it'],
    [
      'controllers/volume/x.ts',
      '../../src/daemon/y.js',
      'controllers (controllers) imports src/daemon (daemon), below it',
    ],
    ['src/load/x.ts', '../cli/y.js', 'src/load (load) imports src/cli (command line), below it'],
    [
      'src/scheduler/x.ts',
      '../validate/y.js',
      'src/scheduler (libraries) imports src/validate (schemas), below it',
    ],
    ['src/scheduler/x.ts', 'node:fs', 'the libraries layer is pure'],
    ['controllers/node/x.ts', 'node:fs/promises', 'the controllers layer is pure'],
    ['src/newdir/x.ts', '../model/y.js', 'in no layer of docs/architecture.md'],
  ])('%s importing %s: %s', (file, specifier, why) => {
    expect(violations(layers, new Map([[file, [specifier]]])).map((v) => v.why)).toEqual([why])
  })

  test.each([
    ['src/engine/x.ts', '../model/y.js'], // downward
    ['src/io/x.ts', '../load/y.js'], // within a layer
    ['src/cli/x.ts', 'node:fs'], // the edges do I/O
    ['src/model/x.ts', 'node:net'], // not I/O: isIPv4
  ])('%s importing %s is fine', (file, specifier) => {
    expect(violations(layers, new Map([[file, [specifier]]]))).toEqual([])
  })
})

describe('docs/architecture.md', () => {
  test('names each layer once, with the model first and the command line last', () => {
    const dirs = layers.flatMap((l) => l.dirs)
    expect(new Set(dirs).size).toBe(dirs.length)
    expect(layers[0]?.dirs).toEqual(['src/model'])
    expect(layers.at(-1)?.dirs).toContain('src/cli')
  })
})

describe('the sources', () => {
  const imports = projectImports()

  test('every import runs up the layers, and pure layers do no I/O', () => {
    const found = violations(layers, imports).map((v) => `${v.file}: ${v.specifier}: ${v.why}`)
    expect(found).toEqual([])
  })

  test('each allowlisted import still exists (delete the line when it is gone)', () => {
    const live = new Set<string>()
    for (const [file, specifiers] of imports) {
      for (const specifier of specifiers.filter((s) => s.startsWith('.'))) {
        const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier))
        live.add(`${dirOf(layers, file)} → ${dirOf(layers, target)}`)
      }
    }
    expect(ALLOWED.filter((entry) => !live.has(entry))).toEqual([])
  })
})
