import type { Progress } from '../model/progress.js'
import type { App } from './app.js'

const WORDS = { load: 'loading manifests', reconcile: 'reconciling', write: 'writing status' } as const

/**
 * A one-line progress display on a terminal (redrawn at most every 100 ms,
 * cleared when done); nothing at all on a pipe, so output stays parseable.
 */
export function progressLine(app: App): { progress: Progress | undefined; clear(): void } {
  if (!app.io.isTTY) return { progress: undefined, clear: () => undefined }
  let last = 0
  let shown = false
  return {
    progress: ({ phase, done, total }) => {
      const now = performance.now()
      if (now - last < 100 && done !== total) return
      last = now
      shown = true
      app.io.err(`\r\u001b[K${app.style.dim(`${WORDS[phase]} ${done}/${total}`)}`)
    },
    clear: () => {
      if (shown) app.io.err('\r\u001b[K')
      shown = false
    },
  }
}
