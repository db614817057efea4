import type { Diagnostic } from '../model/diagnostic.js'
import { compareDiagnostics } from '../model/diagnostic.js'
import { API_VERSION } from '../model/kinds.js'
import type { Validator } from '../validate/validator.js'
import { composeFieldOf } from './compose-field.js'
import { type ComposePath, showPath } from './compose-path.js'
import { convertObject, SECTIONS, sectionNames } from './convert-objects.js'
import { convertService, type StackNames } from './convert-service.js'
import { type KeyReport, reportKeys } from './ignored-keys.js'
import type { Lookup } from './interpolate.js'
import { locateMerged } from './locate-merged.js'
import { mergeCompose } from './merge.js'
import { nameProblem } from './names.js'
import { type NormalizeError, normalizeCompose } from './normalize.js'
import { type ComposeFile, readCompose } from './read-compose.js'
import type { ContentReader, ConvertIssue, StackResource } from './stack-resource.js'

type Data = Record<string, unknown>

/** Everything `stack deploy` reads, already off the disk. */
export interface StackSource {
  readonly stack: string
  /** The `-c` files in order: the name messages use and the bytes. */
  readonly files: readonly { readonly name: string; readonly bytes: Uint8Array }[]
  /** The folder of the first file, absolute: relative paths in the files start there. */
  readonly workingDir: string
  /** Variables: the environment first, then `.env` beside the first file. */
  readonly lookup: Lookup
  /** Reads an `env_file`; a string is why it could not be read. */
  readonly envFile: StackNames['envFile']
  /** Berth's own check of a manifest (the CRDs and rules): what the files become must pass it too. */
  readonly validate?: Validator['validate']
  /** Decides whether a secret's or config's file is referenced in place or copied; without it, in place. */
  readonly readContent?: ContentReader
}

export interface LoadedStack {
  /** In the order Docker creates them: networks, volumes, secrets, configs, then services. */
  readonly resources: readonly StackResource[]
  readonly keys: KeyReport | undefined
  /** Any of these means nothing may be written. */
  readonly diagnostics: readonly Diagnostic[]
}

/**
 * Turns compose files into the Berth resources `docker stack deploy` would create: each
 * file read, interpolated and checked against the Compose Specification, short syntax made
 * long, the files merged, then every service and what it uses converted. Pure: the caller
 * reads the files.
 */
export function loadStack(source: StackSource): LoadedStack {
  const files: ComposeFile[] = []
  const diagnostics: Diagnostic[] = []
  for (const f of source.files) {
    const read = readCompose(f.name, f.bytes, source.lookup)
    if ('file' in read) files.push(read.file)
    else diagnostics.push(...read.diagnostics)
  }
  if (diagnostics.length > 0) return { resources: [], keys: undefined, diagnostics }
  const normalized: Data[] = []
  for (const file of files) {
    const errors: NormalizeError[] = []
    normalized.push(normalizeCompose(file.data, errors))
    for (const e of errors) diagnostics.push(at(file, e.path, e.message))
  }
  if (diagnostics.length > 0) return { resources: [], keys: undefined, diagnostics }
  const compose = mergeCompose(normalized)
  const keys = reportKeys(compose)
  const issues: ConvertIssue[] = [...keys.forbidden]
  const resources = convert(source, compose, issues)
  if (issues.length === 0 && source.validate) issues.push(...berthIssues(resources, source.validate, compose))
  for (const issue of issues)
    diagnostics.push({ ...locateMerged(files, issue.path), code: 'compose', message: issue.message })
  return {
    resources: diagnostics.length > 0 ? [] : resources,
    keys,
    diagnostics: diagnostics.sort(compareDiagnostics),
  }
}

/**
 * What berth's CRDs and rules refuse in the converted resources, at the compose entry each
 * came from: a catch-all, so a compose value berth cannot hold is a positioned error too.
 */
function berthIssues(
  resources: readonly StackResource[],
  validate: Validator['validate'],
  compose: Data,
): ConvertIssue[] {
  return resources.flatMap((r) => {
    const spec = r.contentFile === undefined ? r.spec : { ...r.spec, file: './content' }
    const doc = { apiVersion: API_VERSION, kind: r.kind, metadata: { name: r.name, labels: r.labels }, spec }
    return validate(r.kind, doc).map((issue) => ({
      // At the compose key the field came from, when berth knows it (`spec.replicas`: deploy.replicas).
      path: r.kind === 'Service' ? composeFieldOf(r, issue.path, compose) : r.path,
      message: `${showPath(r.path)}: berth cannot hold this as ${r.kind} ${r.name}: ${issue.message}`,
    }))
  })
}

function at(file: ComposeFile, path: ComposePath, message: string): Diagnostic {
  return { ...locateMerged([file], path), code: 'compose', message }
}

function convert(source: StackSource, compose: Data, issues: ConvertIssue[]): StackResource[] {
  const { stack } = source
  const networks = { default: {}, ...(compose.networks as Data | undefined) }
  const withDefault: Data = { ...compose, networks }
  const names: StackNames = {
    stack,
    networks: sectionNames(stack, withDefault, 'networks'),
    volumes: new Map(
      [...sectionNames(stack, compose, 'volumes')].map(([key, name]) => {
        const entry = (compose.volumes as Data)[key] as Data
        return [key, { name, driver: typeof entry.driver === 'string' ? entry.driver : undefined }]
      }),
    ),
    secrets: sectionNames(stack, compose, 'secrets'),
    configs: sectionNames(stack, compose, 'configs'),
    workingDir: source.workingDir,
    lookup: source.lookup,
    envFile: source.envFile,
  }
  const used = new Set<string>()
  const services: StackResource[] = []
  for (const [key, svc] of Object.entries((compose.services as Data | undefined) ?? {})) {
    const service = convertService(key, svc as Data, names, used, issues)
    if (service) services.push(service)
  }
  const objects: StackResource[] = []
  for (const [section] of SECTIONS) {
    const entries = (withDefault[section] as Data | undefined) ?? {}
    const noun = section.slice(0, -1)
    for (const [key, entry] of Object.entries(entries)) {
      if (!used.has(`${noun}:${key}`)) continue
      const resource = convertObject(stack, section, key, entry as Data, source, issues)
      if (resource) objects.push(resource)
    }
  }
  const all = [...objects, ...services]
  for (const r of all) {
    const problem = nameProblem(r.name)
    if (problem) issues.push({ path: r.path, message: `${r.path.join('.')}: ${problem}` })
  }
  return all
}
