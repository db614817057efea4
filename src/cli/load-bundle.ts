/**
 * The command line as `npm run build` bundles it: one CommonJS file beside this module, run
 * with the V8 code cache the build made for it, so a light command compiles almost nothing
 * and opens a handful of files (node 20 has no module compile cache of its own, and a code
 * cache only applies to a script, not to an ES module). Without the bundle (running from
 * `tsc`'s output alone) the caller imports `run.js` instead.
 */
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { constants, Script } from 'node:vm'
import type { createApp } from './app.js'
import type { run } from './run.js'

const here = path.dirname(fileURLToPath(import.meta.url))

/** The bundle (`dist/src/cli/berth.cjs`); its code cache is `berth.code-cache` beside it. */
export const BUNDLE_FILE = path.join(here, 'berth.cjs')

/** What the bundle exports. */
export interface BundleExports {
  readonly run: typeof run
  readonly createApp: typeof createApp
}

/** A CommonJS file as run by `runCommonJs`. */
export interface LoadedScript<T> {
  readonly exports: T
  /** The compiled script, for the build to make the code cache from. */
  readonly script: Script
  /** V8 refused the code cache (another node, other flags, another source): it compiled the source. */
  readonly cacheRejected: boolean
}

/** Where the build keeps the code cache of a CommonJS file it wrote (`x.cjs` → `x.code-cache`). */
export function codeCacheFile(file: string): string {
  return file.replace(/\.c?js$/, '') + '.code-cache'
}

/** The bundle with its code cache; undefined when there is no bundle (tsc's output alone). */
export function loadBundle(): LoadedScript<BundleExports> | undefined {
  try {
    return runCommonJs<BundleExports>(BUNDLE_FILE)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' && !existsSync(BUNDLE_FILE)) return undefined
    throw error
  }
}

/**
 * Runs a CommonJS file as node's `require` does (its own `require`, `module`, `__filename`),
 * with the code cache the build made for it when there is one. A stale or foreign cache costs
 * speed only: V8 checks it against the source and its own version and flags, and compiles the
 * source when it does not fit. Throws what reading or running the file throws.
 */
export function runCommonJs<T>(file: string, cacheFile: string = codeCacheFile(file)): LoadedScript<T> {
  const source = readFileSync(file, 'utf8')
  let cachedData: Buffer | undefined
  try {
    cachedData = readFileSync(cacheFile)
  } catch {
    cachedData = undefined
  }
  // One line of wrapper before the source, as node's own: stack traces keep the file's line numbers.
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: file,
    ...(cachedData ? { cachedData } : {}),
    importModuleDynamically: constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  })
  const module = { exports: {} as T }
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void
  wrapper(module.exports, createRequire(file), module, file, path.dirname(file))
  return {
    exports: module.exports,
    script,
    cacheRejected: cachedData !== undefined && script.cachedDataRejected === true,
  }
}
