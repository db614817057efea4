import path from 'node:path'
import type { ResourceKey } from '../model/kinds.js'
import { kindsIn, mayStopTasks } from './held-kinds.js'
import type { Logger } from './logger.js'
import type { Places } from './places.js'
import type { TreeState } from './tree-state.js'

/** What the daemon holds and why, said once when it starts and once when it ends. */
export interface HoldLog {
  /** Logs files that became or stopped being unknown; true when one was resolved. */
  files(): boolean
  /** Logs keys whose new status was held back, once per reason. */
  keys(held: ReadonlyMap<ResourceKey, string>): void
  /** Logs `kind/name`s that became or stopped being defined twice. */
  duplicated(): void
}

export function createHoldLog(options: {
  dir: string
  log: Logger
  tree: TreeState
  places: Places
}): HoldLog {
  const { dir, log, tree, places } = options
  let unknown = new Set<string>()
  let stopping = new Set<string>()
  const heldKeys = new Map<ResourceKey, string>()
  let twice = new Set<ResourceKey>()
  const where = (file: string) => path.join(dir, file)
  return {
    files() {
      const now = new Set(tree.unknown())
      const seen = tree.seen()
      const nowStopping = new Set([...now].filter((f) => mayStopTasks(seen.get(f))))
      let resolved = false
      for (const f of now)
        if (!unknown.has(f))
          log.warn(
            nowStopping.has(f)
              ? `held: ${where(f)} does not load and berth has no last good copy of it; what it defines is unknown, so no running task is stopped until it loads`
              : `held: ${where(f)} does not load and berth has no last good copy of it; it defines only ${[...new Set(kindsIn(seen.get(f) ?? ''))].join(' and ')}, whose absence stops no running task, so nothing else waits for it`,
            { file: f },
          )
      for (const f of unknown)
        if (!now.has(f)) {
          resolved = true
          log.info(`resolved: ${where(f)} loads now or is gone; reconciling what it held`, { file: f })
        }
      // A file that could stop tasks no longer can (its kinds can be read now): look again too.
      if ([...stopping].some((f) => !nowStopping.has(f))) resolved = true
      unknown = now
      stopping = nowStopping
      if (nowStopping.size === 0 && heldKeys.size > 0) {
        log.info(`released: ${[...heldKeys.keys()].join(', ')}`)
        heldKeys.clear()
      }
      return resolved
    },
    keys(held) {
      for (const [key, reason] of held) {
        if (heldKeys.get(key) === reason) continue
        heldKeys.set(key, reason)
        log.warn(`${places.ofKey(key)}held: ${key} keeps the status in its file: its next status ${reason}`, {
          key,
        })
      }
    },
    duplicated() {
      const now = new Set(tree.duplicated())
      for (const key of now) {
        if (twice.has(key)) continue
        const inForce = places.ofKey(key).slice(0, -2)
        log.warn(
          `held: ${key} is defined more than once; the daemon keeps the definition in force${inForce ? ` (${inForce})` : ''} until only one is left`,
          { key },
        )
      }
      for (const key of twice) if (!now.has(key)) log.info(`resolved: ${key} is defined once again`, { key })
      twice = now
    },
  }
}
