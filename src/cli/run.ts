import { type Command, CommanderError } from 'commander'
import { ClockError } from '../runtime/clock.js'
import type { App } from './app.js'
import { CliError, createApp } from './app.js'
import { lightCommand } from './light-commands.js'
import { configureAll, emptyProgram } from './program-base.js'

/**
 * The program for `argv`: a light command (the git filter, the Docker tables) alone, so it
 * starts without loading every other command's modules; else the whole program.
 */
async function programFor(argv: readonly string[], app: App, done: (code: number) => void): Promise<Command> {
  const light = await lightCommand(argv, app, done)
  if (!light) return (await import('./main.js')).buildProgram(app, done)
  return configureAll(emptyProgram(app).addCommand(light))
}

/** Runs berth with the given arguments; resolves to the exit code. One exit point for every command. */
export async function run(argv: readonly string[], given?: App): Promise<number> {
  let app: App
  try {
    app = given ?? createApp(stdio())
  } catch (error) {
    // The environment berth was started with is unusable (SOURCE_DATE_EPOCH): a usage error.
    if (!(error instanceof ClockError)) throw error
    stdio().err(`berth: ${error.message}\n`)
    return 2
  }
  let code = 0
  try {
    const program = await programFor(argv, app, (c) => {
      code = c
    })
    await program.parseAsync([...argv], { from: 'user' })
    return code
  } catch (error) {
    if (error instanceof CommanderError) {
      const ok =
        error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.version' ||
        error.code === 'commander.help'
      return ok ? 0 : 2
    }
    if (error instanceof CliError) {
      app.io.err(`berth: ${error.message}\n`)
      return error.exitCode
    }
    app.io.err(`berth: internal error: ${(error as Error).stack ?? error}\n`)
    return 1
  }
}

/** The process's own terminal streams. */
function stdio() {
  return {
    out: (text: string) => void process.stdout.write(text),
    err: (text: string) => void process.stderr.write(text),
    isTTY: process.stdout.isTTY === true,
  }
}
