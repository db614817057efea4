import { Command } from 'commander'
import type { AnyResource } from '../../model/resource.js'
import type { App } from '../app.js'
import { parseKind, validKindsText } from '../kind-alias.js'
import { describeResource } from '../output/describe-kinds.js'
import { findResource, readDirectory } from './read-directory.js'

/** `berth describe KIND NAME`: one resource in kubectl-describe's shape, with why each pending task waits. */
export function describeCommand(app: App, done: (code: number) => void): Command {
  return new Command('describe')
    .description('show one resource: spec summary, status, conditions, tasks and why each pending task waits')
    .argument('<kind>', `resource type: ${validKindsText()}`)
    .argument('<name>', 'the resource name')
    .addHelpText(
      'after',
      [
        '',
        'Reads the files as they are: run `berth reconcile` first for fresh status.',
        '',
        'Examples:',
        '  berth describe service myservice',
        '  berth describe plugin weave2',
        '  berth describe no node2',
      ].join('\n'),
    )
    .action(async (kindWord: string, name: string, _opts, cmd: Command) => {
      const kind = parseKind(kindWord)
      const globals = cmd.optsWithGlobals<{ dir?: string; registry?: string[] }>()
      const { store, exitCode } = await readDirectory(app, globals)
      const resource = findResource(app, store, kind, name)
      if (!resource) return done(1)
      app.io.out(describeResource(resource as AnyResource, app.registry(globals)))
      done(exitCode)
    })
}
