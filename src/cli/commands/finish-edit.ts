import type { App } from '../app.js'
import { reconcileAndWrite } from '../reconcile-and-write.js'
import type { EditOptions } from './edit-tree.js'

/**
 * What every editing command does last: reconcile the directory and write status, unless
 * `--no-reconcile`. Reports the exit code through `done`.
 */
export async function finishEdit(app: App, opts: EditOptions, done: (code: number) => void): Promise<void> {
  if (opts.reconcile === false) return done(0)
  const { exitCode } = await reconcileAndWrite(app, opts)
  done(exitCode)
}
