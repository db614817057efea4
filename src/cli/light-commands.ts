import { Command } from 'commander'
import type { App } from './app.js'

type Done = (code: number) => void
type Build = (app: App, done: Done) => Command

/** The Docker-style command groups and what each manages. */
export const GROUP_DESCRIPTIONS = {
  service: 'manage services (docker service …)',
  node: 'manage nodes (docker node …)',
  plugin: 'manage plugins (docker plugin …)',
  network: 'manage networks (docker network …)',
  volume: 'manage volumes (docker volume …)',
} as const

/**
 * Commands whose start-up people (and git) feel, each loadable without the modules of every
 * other command: the git filter and the Docker tables. A group lists only its reading
 * subcommands here; anything else goes through the whole program.
 */
const LIGHT: Record<string, () => Promise<readonly Build[]>> = {
  'strip-status': async () => [(await import('./commands/strip-status.js')).stripStatusCommand],
  service: async () => {
    const m = await import('./commands/docker-service.js')
    return [m.serviceLsCommand, m.servicePsCommand]
  },
  node: async () => {
    const m = await import('./commands/docker-node.js')
    return [m.nodeLsCommand, m.nodePsCommand]
  },
  plugin: async () => [(await import('./commands/docker-ls.js')).pluginLsCommand],
  network: async () => [(await import('./commands/docker-ls.js')).networkLsCommand],
  volume: async () => [(await import('./commands/docker-ls.js')).volumeLsCommand],
}

/**
 * The one command `argv` runs, built alone, when it is a light command; undefined when the
 * whole program is needed (another command, a group subcommand not listed, help for all).
 */
export async function lightCommand(
  argv: readonly string[],
  app: App,
  done: Done,
): Promise<Command | undefined> {
  const words = argv.filter((a) => !a.startsWith('-'))
  const [name, sub] = words
  // `--dir X` and `--registry X` take a value: the first word may be that value, so only an
  // argv that starts with the command (options after it) takes the light path.
  if (name === undefined || argv[0] !== name) return undefined
  const load = LIGHT[name]
  if (!load) return undefined
  const builds = (await load()).map((build) => build(app, done))
  if (!(name in GROUP_DESCRIPTIONS)) return builds[0]
  const chosen = builds.find((c) => c.name() === sub || c.aliases().includes(sub ?? ''))
  if (!chosen) return undefined
  const group = new Command(name).description(GROUP_DESCRIPTIONS[name as keyof typeof GROUP_DESCRIPTIONS])
  for (const c of builds) group.addCommand(c)
  return group
}
