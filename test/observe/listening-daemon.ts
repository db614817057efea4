import { berth } from '../e2e/berth-cli.js'
import type { RunningDaemon } from '../e2e/daemon.js'
import { startWatch, waitFor } from '../e2e/daemon.js'

/** A `berth watch --listen` child and the URL it logged. */
export interface ListeningDaemon {
  readonly daemon: RunningDaemon
  /** `http://127.0.0.1:PORT` (a wildcard bind is reached through loopback). */
  readonly url: string
}

/** Starts the daemon on `dir` with `--listen` on a free port and waits for its first round. */
export async function startListening(
  dir: string,
  listen = '127.0.0.1:0',
  env: NodeJS.ProcessEnv = {},
): Promise<ListeningDaemon> {
  const daemon = startWatch(dir, ['--listen', listen], env)
  const url = await waitFor(
    () => /serving metrics and the live page on (http:\/\/\S+)\//.exec(daemon.log())?.[1] ?? '',
    15_000,
    'the listen line',
  )
  await waitFor(() => daemon.log().includes('watching '), 15_000, 'the first round')
  return { daemon, url: url.replace(/\/\/(0\.0\.0\.0|\[::\])/, '//127.0.0.1') }
}

/** Scales a service with the CLI, as a person would while the daemon runs. */
export async function scale(dir: string, service: string, replicas: number): Promise<void> {
  const result = await berth(['scale', `${service}=${replicas}`, '--dir', dir])
  if (result.code !== 0) throw new Error(`berth scale failed: ${result.stderr}`)
}
