import { Command, Option } from 'commander'
import { stringify } from 'yaml'
import type { Kind } from '../../model/kinds.js'
import type { AnyResource } from '../../model/resource.js'
import type { Registry } from '../../plugins/registry.js'
import type { App } from '../app.js'
import { parseKind, validKindsText } from '../kind-alias.js'
import { getTable } from '../output/get-table.js'
import { toManifestObject } from '../output/manifest-object.js'
import { findResource, readDirectory } from './read-directory.js'

const OUTPUTS = ['wide', 'yaml', 'json'] as const
type Output = (typeof OUTPUTS)[number]

/** `berth get KIND [NAME] [-o wide|yaml|json]`: kubectl's get over the manifests as they are on disk. */
export function getCommand(app: App, done: (code: number) => void): Command {
  return new Command('get')
    .description('list resources of a kind, or show one, with the status berth last wrote')
    .argument('<kind>', `resource type: ${validKindsText()}`)
    .argument('[name]', 'one resource by name')
    .addOption(new Option('-o, --output <format>', 'output format').choices(OUTPUTS))
    .addHelpText(
      'after',
      [
        '',
        'Reads the files as they are: run `berth reconcile` first for fresh status. Exit 1 when a',
        'manifest is invalid (what loaded is still shown) or NAME does not exist.',
        '',
        'Examples:',
        '  berth get services',
        '  berth get svc myservice -o yaml',
        '  berth get nodes -o wide',
        '  berth get plugins -o json',
      ].join('\n'),
    )
    .action(async (kindWord: string, name: string | undefined, opts: { output?: Output }, cmd: Command) => {
      const kind = parseKind(kindWord)
      const { store, exitCode } = await readDirectory(app, cmd.optsWithGlobals())
      let resources: readonly AnyResource[]
      if (name === undefined) resources = store.list(kind) as readonly AnyResource[]
      else {
        const one = findResource(app, store, kind, name)
        if (!one) return done(1)
        resources = [one as AnyResource]
      }
      app.io.out(
        render(kind, resources, name !== undefined, opts.output, app.registry(cmd.optsWithGlobals())),
      )
      if (resources.length === 0 && !opts.output) app.io.err('No resources found.\n')
      done(exitCode)
    })
}

/** The resources in the chosen format: a table, `---`-separated manifests, or JSON (a `List` unless one was named). */
function render(
  kind: Kind,
  resources: readonly AnyResource[],
  single: boolean,
  output: Output | undefined,
  registry: Registry,
) {
  const objects = resources.map(toManifestObject)
  switch (output) {
    case 'json': {
      const value = single ? objects[0] : { apiVersion: 'v1', kind: 'List', items: objects }
      return `${JSON.stringify(value, null, 2)}\n`
    }
    case 'yaml':
      return objects.map((o) => stringify(o)).join('---\n')
    default:
      return resources.length === 0 ? '' : getTable(kind, resources, { wide: output === 'wide', registry })
  }
}
