import { access } from 'node:fs/promises'
import { addAttributes, FILTER_NAME, unfilteredExtensions } from './attributes.js'
import {
  berthBin,
  filterSettings,
  probeCleanCommand,
  probeThroughGit,
  readConfig,
  writeFilterConfig,
} from './filter-config.js'
import { recheckAllManifests } from './index-refresh.js'
import type { Repo } from './repo.js'
import { prefixPathspec } from './repo.js'

/** What `berth git setup` did. */
export interface SetupResult {
  readonly attributesAdded: readonly string[]
  readonly config: Readonly<Record<string, string>>
  /** Tracked manifests git was told to re-check by content. */
  readonly rechecked: number
  /** Tracked manifests whose committed version still carries status (to commit once). */
  readonly statusInHistory: readonly string[]
}

/**
 * Registers berth's clean filter for the manifests: `.gitattributes` lines at the repository
 * root (added once), the filter's commands in the repository's config, then every tracked
 * manifest re-checked by content so status already in the files stops showing as a change.
 */
export async function setupFilter(repo: Repo): Promise<SetupResult> {
  await access(berthBin).catch(() => {
    throw new Error(`the built berth is missing at ${berthBin}; run npm run build first`)
  })
  const attributesAdded = await addAttributes(repo)
  const config = await writeFilterConfig(repo)
  const rechecked = await recheckAllManifests(repo)
  const statusInHistory = (
    await repo.git.run(['diff-files', '--name-only', '-z', '--', prefixPathspec(repo)])
  )
    .split('\0')
    .filter((p) => p !== '')
  return { attributesAdded, config, rechecked, statusInHistory }
}

/** One thing `--check` looked at. */
export interface CheckItem {
  readonly ok: boolean
  readonly what: string
}

/** Whether the checkout is set up, item by item. */
export async function checkFilter(repo: Repo): Promise<CheckItem[]> {
  const items: CheckItem[] = []
  const unfiltered = await unfilteredExtensions(repo)
  const scope = repo.prefix ? `${repo.prefix}/` : 'the repository'
  items.push(
    unfiltered.length === 0
      ? { ok: true, what: `.gitattributes gives *.yaml and *.yml in ${scope} the ${FILTER_NAME} filter` }
      : {
          ok: false,
          what: `.gitattributes does not give ${unfiltered.map((e) => `*.${e}`).join(' and ')} in ${scope} the ${FILTER_NAME} filter`,
        },
  )
  const wanted = filterSettings('')
  for (const key of Object.keys(wanted)) {
    const value = await readConfig(repo, key)
    // The commands name this machine's node and berth; any value that works will do.
    const expected = key.endsWith('.clean') || key.endsWith('.process') ? undefined : wanted[key]
    const ok = value !== undefined && (expected === undefined || value === expected)
    items.push({
      ok,
      what: ok
        ? `git config ${key} = ${value}`
        : `git config ${key} is ${value === undefined ? 'not set' : `${value}, not ${expected}`}`,
    })
  }
  const clean = await readConfig(repo, `filter.${FILTER_NAME}.clean`)
  if (clean !== undefined) {
    const problem = await probeCleanCommand(repo, clean)
    items.push(
      problem ? { ok: false, what: problem } : { ok: true, what: 'the clean command runs and strips status' },
    )
  }
  if (unfiltered.length === 0) {
    const probe = `${repo.prefix ? `${repo.prefix}/` : ''}berth-probe.yaml`
    const problem = await probeThroughGit(repo, probe)
    items.push(
      problem
        ? { ok: false, what: problem }
        : { ok: true, what: 'git runs the filter (one process per git command) and stores no status' },
    )
  }
  return items
}

/** Whether git strips status from the manifests here: attributes and the clean command in place. */
export async function filterActive(repo: Repo): Promise<boolean> {
  if ((await readConfig(repo, `filter.${FILTER_NAME}.clean`)) === undefined) return false
  return (await unfilteredExtensions(repo)).length < 2
}
