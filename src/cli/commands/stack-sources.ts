import { readFileSync } from 'node:fs'
import fs from 'node:fs/promises'
import path from 'node:path'
import type { Diagnostic } from '../../model/diagnostic.js'
import { parseDotEnv } from '../../stack/dotenv.js'
import type { StackSource } from '../../stack/load-stack.js'

/** How the compose files are found: the `-c` arguments, the working folder, the environment. */
export interface SourceRequest {
  readonly stack: string
  readonly composeFiles: readonly string[]
  readonly cwd: string
  readonly env: NodeJS.ProcessEnv
  readonly readStdin: () => Promise<string>
}

/**
 * Reads what `stack deploy` needs from disk: every `-c` file (`-` for standard input), the
 * `.env` beside the first one, and a reader for `env_file`s. A missing file is an error
 * message; a bad `.env` line a diagnostic at its line.
 */
export async function readSources(
  req: SourceRequest,
): Promise<{ source: StackSource } | { error: string } | { diagnostics: Diagnostic[] }> {
  const files: { name: string; bytes: Uint8Array }[] = []
  for (const arg of req.composeFiles) {
    if (arg === '-') {
      files.push({ name: '<stdin>', bytes: Buffer.from(await req.readStdin(), 'utf8') })
      continue
    }
    const bytes = await fs.readFile(path.resolve(req.cwd, arg)).catch(() => undefined)
    if (!bytes) return { error: `${arg}: no such compose file` }
    files.push({ name: arg, bytes })
  }
  const first = req.composeFiles[0]
  const workingDir = first && first !== '-' ? path.dirname(path.resolve(req.cwd, first)) : req.cwd
  const dotEnvPath = path.join(workingDir, '.env')
  const dotEnvText = await fs.readFile(dotEnvPath, 'utf8').catch(() => undefined)
  const dotEnv = dotEnvText === undefined ? { vars: new Map<string, string>() } : parseDotEnv(dotEnvText)
  if (!('vars' in dotEnv)) {
    const file = path.relative(req.cwd, dotEnvPath)
    return { diagnostics: [{ file, line: dotEnv.line, col: 1, code: 'compose', message: dotEnv.error }] }
  }
  const lookup = (name: string) => req.env[name] ?? dotEnv.vars.get(name)
  const envFile = (absolute: string) => {
    let text: string
    try {
      text = readFileSync(absolute, 'utf8')
    } catch {
      return `cannot read env file ${path.relative(req.cwd, absolute)}`
    }
    const parsed = parseDotEnv(text)
    return 'vars' in parsed
      ? parsed.vars
      : `${path.relative(req.cwd, absolute)}:${parsed.line}: ${parsed.error}`
  }
  return { source: { stack: req.stack, files, workingDir, lookup, envFile } }
}
