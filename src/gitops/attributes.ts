import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { Repo } from './repo.js'

/** The name of berth's clean filter in `.gitattributes` and the git config. */
export const FILTER_NAME = 'berth-status'

/**
 * The `.gitattributes` lines that give every manifest below the manifest directory berth's
 * filter: `manifests/**\/*.yaml filter=berth-status` (`**\/` also matches no folder at all).
 */
export function attributeLines(repo: Repo): string[] {
  const base = repo.prefix ? `${repo.prefix}/**/` : ''
  return ['yaml', 'yml'].map((ext) => `${quotePattern(`${base}*.${ext}`)} filter=${FILTER_NAME}`)
}

/** Patterns with spaces or quotes are written C-quoted, as gitattributes reads them. */
function quotePattern(pattern: string): string {
  if (!/[\s"\\]/.test(pattern)) return pattern
  return `"${pattern.replace(/[\\"]/g, (c) => `\\${c}`)}"`
}

/**
 * Appends to `.gitattributes` at the repository root the lines that are not there yet,
 * keeping every existing byte; returns the lines added (none on a re-run).
 */
export async function addAttributes(repo: Repo): Promise<string[]> {
  const file = path.join(repo.root, '.gitattributes')
  let text = ''
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  }
  const present = new Set(text.split(/\r?\n/).map((l) => l.trim().replace(/\s+/g, ' ')))
  const missing = attributeLines(repo).filter((l) => !present.has(l))
  if (missing.length === 0) return []
  const newline = text.includes('\r\n') ? '\r\n' : '\n'
  const separator = text === '' || text.endsWith('\n') ? '' : newline
  const comment = text.includes('berth') ? [] : ["# berth: git sees manifests without berth's status"]
  await writeFile(file, text + separator + [...comment, ...missing].map((l) => l + newline).join(''))
  return missing
}

/**
 * Which manifest extensions git does not give berth's filter, asked of git itself
 * (`git check-attr`), so attributes from any `.gitattributes` or `info/attributes` count.
 */
export async function unfilteredExtensions(repo: Repo): Promise<string[]> {
  const probes = ['yaml', 'yml'].map((ext) => (repo.prefix ? `${repo.prefix}/` : '') + `berth-probe.${ext}`)
  const out = await repo.git.run(['check-attr', '-z', 'filter', '--', ...probes])
  const fields = out.split('\0')
  const missing: string[] = []
  for (let i = 0; i + 2 < fields.length; i += 3) {
    if (fields[i + 2] !== FILTER_NAME) missing.push(path.extname(fields[i] as string).slice(1))
  }
  return missing
}
