import { statSync } from 'node:fs'
import path from 'node:path'
import type { Diagnostic } from '../model/diagnostic.js'
import type { Registry } from '../plugins/registry.js'
import { loadRegistry } from '../plugins/registry.js'
import type { Clock } from '../runtime/clock.js'
import { systemClock } from '../runtime/clock.js'
import type { Validator } from '../validate/validator.js'
import { createValidator } from '../validate/validator.js'
import { runCommonJs } from './load-bundle.js'
import type { Style } from './style.js'
import { createStyle } from './style.js'

/** Where output goes; a test passes its own. */
export interface Io {
  out(text: string): void
  err(text: string): void
  readonly isTTY: boolean
}

/** What every command may use: the edges (I/O, env, clock) and lazily built services. */
export interface App {
  readonly io: Io
  readonly style: Style
  readonly env: NodeJS.ProcessEnv
  readonly cwd: string
  readonly clock: Clock
  /** The manifest directory: `--dir`, else `$BERTH_DIR`, else `./manifests`. */
  dir(opts: { dir?: string }): string
  registry(opts: { registry?: string[] }): Registry
  validator(): Validator
  /** A manifest's path (relative to `dir`) as the person reads it: relative to the working directory. */
  shown(dir: string, file: string): string
  /** Prints each diagnostic on stderr as `file:line:col: message`, the file relative to the working directory. */
  reportDiagnostics(dir: string, diagnostics: readonly Diagnostic[]): void
}

/** A failure the user caused or can act on; `exitCode` 2 is a usage error. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2 = 1,
  ) {
    super(message)
  }
}

/** Compiling the CRD schemas takes a few hundred ms: once per process is enough. */
let sharedValidator: Validator | undefined

export function createApp(io: Io, env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): App {
  let registry: Registry | undefined
  const shown = (dir: string, file: string) => path.relative(cwd, path.join(dir, file)) || file
  return {
    io,
    style: createStyle(io.isTTY, env),
    env,
    cwd,
    clock: systemClock(env),
    dir(opts) {
      const dir = path.resolve(cwd, opts.dir ?? env.BERTH_DIR ?? 'manifests')
      if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) {
        const where = opts.dir ? '--dir' : env.BERTH_DIR ? '$BERTH_DIR' : 'the default ./manifests'
        throw new CliError(
          `no such directory: ${dir} (from ${where}); point --dir or $BERTH_DIR at your manifests`,
        )
      }
      return dir
    },
    registry(opts) {
      registry ??= loadRegistry((opts.registry ?? []).map((d) => path.resolve(cwd, d)))
      return registry
    },
    validator() {
      // The build's checks run with the code cache the build made for them (see load-bundle.ts).
      sharedValidator ??= createValidator(undefined, { requireModule: (file) => runCommonJs(file).exports })
      return sharedValidator
    },
    shown,
    reportDiagnostics(dir, diagnostics) {
      for (const d of diagnostics) io.err(`${shown(dir, d.file)}:${d.line}:${d.col}: ${d.message}\n`)
    },
  }
}
