/**
 * berth's plugin registry: well-known plugins' `config.json`, one JSON file per plugin
 * (`{ "remote": "owner/name", "config": {...} }`), shipped in `registry/` and extended with
 * `--registry DIR`. Loading never throws on file content: bad files become `errors`.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { PluginConfig } from '../model/spec.js'
import { repositoryOf } from './reference.js'

/** One catalog file that could not be used, reported like a diagnostic. */
export interface RegistryError {
  readonly file: string
  readonly message: string
}

/** A catalog entry and the file it came from. */
export interface RegistryEntry {
  readonly remote: string
  readonly config: PluginConfig
  readonly file: string
}

/** The loaded catalog, keyed by familiar repository (`vieux/sshfs`). */
export interface Registry {
  readonly entries: ReadonlyMap<string, RegistryEntry>
  readonly errors: readonly RegistryError[]
  /** The config for a remote, by repository: tag and digest ignored, `docker.io/` stripped. */
  lookup(remote: string): PluginConfig | undefined
}

/**
 * The shipped `registry/` folder: the nearest ancestor of this module holding both
 * `package.json` and `registry/`, so it is found from `src/plugins` and `dist/src/plugins` alike.
 */
export function shippedRegistryDir(
  start: string = dirname(fileURLToPath(import.meta.url)),
): string | undefined {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && isDirectory(join(dir, 'registry')))
      return join(dir, 'registry')
    if (dirname(dir) === dir) return undefined
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory()
  } catch {
    return false
  }
}

/** Every `*.json` below `dir`, depth first, names sorted so loading order is stable. */
function jsonFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((entry) => {
      if (entry.name.startsWith('.')) return []
      const path = join(dir, entry.name)
      if (entry.isDirectory()) return jsonFiles(path)
      return entry.isFile() && entry.name.endsWith('.json') ? [path] : []
    })
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Reads one catalog file into an entry, or says why it cannot be one. */
function readEntry(file: string): RegistryEntry | RegistryError {
  let data: unknown
  try {
    data = JSON.parse(readFileSync(file, 'utf8'))
  } catch (error) {
    return { file, message: `invalid plugin registry file: ${(error as Error).message}` }
  }
  if (!isObject(data) || typeof data.remote !== 'string' || data.remote.trim() === '') {
    return { file, message: 'invalid plugin registry file: "remote" must be a non-empty string' }
  }
  if (!isObject(data.config))
    return { file, message: 'invalid plugin registry file: "config" must be an object' }
  return { remote: data.remote, config: data.config as PluginConfig, file }
}

/** Adds every file of `dir` to `entries`, later files replacing earlier ones of the same repository. */
function loadDir(dir: string, entries: Map<string, RegistryEntry>, errors: RegistryError[]): void {
  let files: string[]
  try {
    files = jsonFiles(dir)
  } catch (error) {
    errors.push({ file: dir, message: `cannot read plugin registry directory: ${(error as Error).message}` })
    return
  }
  for (const file of files) {
    const result = readEntry(file)
    if ('message' in result) errors.push(result)
    else entries.set(repositoryOf(result.remote), result)
  }
}

/**
 * Loads the shipped catalog, then each extra directory in order; an entry in a later directory
 * overrides an earlier one for the same repository. Files are read recursively (`*.json`).
 * Unreadable directories and bad files are collected in `errors`, never thrown.
 */
export function loadRegistry(extraDirs: readonly string[] = []): Registry {
  const entries = new Map<string, RegistryEntry>()
  const errors: RegistryError[] = []
  const shipped = shippedRegistryDir()
  if (shipped) loadDir(shipped, entries, errors)
  else errors.push({ file: 'registry/', message: 'the shipped plugin registry was not found' })
  for (const dir of extraDirs) loadDir(dir, entries, errors)
  return {
    entries,
    errors,
    lookup: (remote) => entries.get(repositoryOf(remote))?.config,
  }
}
