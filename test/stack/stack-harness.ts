import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { berthInProcess, type CliResult } from '../cli/cli-harness.js'

const MANIFESTS = fileURLToPath(new URL('../../manifests', import.meta.url))

/**
 * A temp folder holding compose files (`work/`) and a manifest directory (`manifests/`,
 * empty or a copy of the demo), and berth run in-process from `work/` as a person would
 * run it beside their compose files.
 */
export interface StackDir {
  readonly root: string
  readonly work: string
  readonly manifests: string
  write(file: string, text: string): Promise<void>
  berth(args: readonly string[], env?: Record<string, string>): Promise<CliResult>
  /** Every file under the manifest directory, by relative path. */
  tree(): Promise<Map<string, string>>
  remove(): Promise<void>
}

export async function stackDir(options: { demo: boolean; from?: string }): Promise<StackDir> {
  const root = await mkdtemp(path.join(tmpdir(), 'berth-stack-'))
  const work = path.join(root, 'work')
  const manifests = path.join(root, 'manifests')
  await mkdir(work, { recursive: true })
  if (options.from) await cp(options.from, work, { recursive: true })
  if (options.demo) await cp(MANIFESTS, manifests, { recursive: true })
  else await mkdir(manifests, { recursive: true })
  return {
    root,
    work,
    manifests,
    write: async (file, text) => {
      await mkdir(path.dirname(path.join(work, file)), { recursive: true })
      await writeFile(path.join(work, file), text)
    },
    berth: (args, env = {}) => berthInProcess([...args, '--dir', manifests], { cwd: work, env }),
    tree: () => readTree(manifests),
    remove: () => rm(root, { recursive: true, force: true }),
  }
}

async function readTree(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>()
  const walk = async (sub: string) => {
    for (const entry of await readdir(path.join(dir, sub), { withFileTypes: true })) {
      const rel = path.join(sub, entry.name)
      if (entry.isDirectory()) await walk(rel)
      else files.set(rel, await readFile(path.join(dir, rel), 'utf8'))
    }
  }
  await walk('')
  return files
}
