import { openParseCache } from '../../cache/parse-cache.js'
import { loadOnly } from '../../engine/load-only.js'
import { EndpointError } from '../../etcd/endpoint.js'
import type { SecurityFlags } from '../../etcd/security.js'
import { parseStoreEndpoint } from '../../etcd/store-flags.js'
import type { Kind } from '../../model/kinds.js'
import type { Resource } from '../../model/resource.js'
import type { ReadStore } from '../../store/store.js'
import type { App } from '../app.js'
import { CliError } from '../app.js'
import { notFoundMessage } from '../kind-alias.js'
import { storeUsage } from './store-guard.js'

/** The directory as it is on disk, for a reading command. */
export interface ReadResult {
  readonly store: ReadStore
  /** 1 when the tree had diagnostics (already printed on stderr), else 0. */
  readonly exitCode: 0 | 1
}

/**
 * Loads the manifest directory without reconciling — statuses as berth last
 * wrote them — and prints any diagnostics as `file:line:col: message`. What
 * did load is still returned, so the command can show it and exit 1.
 */
export async function readDirectory(
  app: App,
  opts: { dir?: string; store?: string } & SecurityFlags,
): Promise<ReadResult> {
  // `--store etcd://…`: what the cluster holds, as the leader last wrote it.
  const endpoint = storeUsage(() => parseStoreEndpoint(opts, app.env))
  if (endpoint)
    return {
      // Loaded only with --store: the etcd client costs every other reading command's start.
      store: await (await import('../../etcd/store-option.js'))
        .readEtcdStore(endpoint)
        .catch((error: unknown) => {
          throw error instanceof EndpointError ? new CliError(error.message) : error
        }),
      exitCode: 0,
    }
  const dir = app.dir(opts)
  // Read through the parse cache, never written by a reading command.
  const cache = await openParseCache(dir, app.validator().schemaDigest, { readOnly: true })
  const { tree, store } = await loadOnly({
    dir,
    validator: app.validator(),
    load: cache.loader(app.validator()),
  })
  app.reportDiagnostics(dir, tree.diagnostics)
  return { store, exitCode: tree.diagnostics.length > 0 ? 1 : 0 }
}

/**
 * One resource by kind and name, or undefined after printing kubectl's
 * NotFound line on stderr.
 */
export function findResource<K extends Kind>(
  app: App,
  store: ReadStore,
  kind: K,
  name: string,
): Resource<K> | undefined {
  const found = store.get(kind, name)
  if (!found) app.io.err(`${notFoundMessage(kind, name)}\n`)
  return found
}
