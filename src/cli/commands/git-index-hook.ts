import type { Command } from 'commander'
import { recheckStatusWrites } from '../../gitops/index-refresh.js'
import { openRepo } from '../../gitops/repo.js'
import { filterActive } from '../../gitops/setup.js'
import type { App } from '../app.js'

/** The commands that write status into the manifests (editing commands reconcile after the edit). */
const WRITERS = ['reconcile', 'apply', 'delete', 'scale', 'enable', 'disable', 'rm', 'update']

/**
 * A `postAction` hook: after a command wrote status into tracked manifests of a
 * checkout with berth's clean filter, git re-checks them by content so `git status` stays
 * clean (git trusts its stat cache when a file's size changed). Never fails the command.
 */
export function gitIndexHook(app: App, commands: readonly string[] = WRITERS) {
  return async (_program: Command, action: Command): Promise<void> => {
    if (!commands.includes(action.name())) return
    try {
      const repo = await openRepo(app.dir(action.optsWithGlobals()))
      if (repo && (await filterActive(repo))) await recheckStatusWrites(repo)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return
      app.io.err(`berth: warning: could not refresh git's index: ${(error as Error).message}\n`)
    }
  }
}
