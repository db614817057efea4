import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { Command } from 'commander'
import { KINDS } from '../../model/kinds.js'
import { defaultCrdDir, loadCrdSchemas } from '../../validate/crd-files.js'
import type { App } from '../app.js'
import { CliError } from '../app.js'
import { combinedJsonSchema, kindJsonSchema, schemaFileName } from '../schema/json-schema.js'

/** `berth schema [--out DIR]`: JSON Schemas for editors, from the CRDs. */
export function schemaCommand(app: App, done: (code: number) => void): Command {
  return new Command('schema')
    .description('print a JSON Schema for berth manifests (or write one per kind with --out) for editors')
    .option('--out <dir>', `write ${schemaFileName('all')} and one <kind>.schema.json per kind into DIR`)
    .addHelpText(
      'after',
      [
        '',
        'The schemas hold the rules `berth validate` checks (unknown fields are errors). Use them',
        'with the YAML language server (VS Code\'s "YAML" extension, Neovim, Helix…):',
        '',
        '  berth schema --out .schemas',
        '  # in a manifest:     # yaml-language-server: $schema=../.schemas/berth.schema.json',
        "  # or in VS Code's settings.json:",
        '  #   "yaml.schemas": { "./.schemas/berth.schema.json": "manifests/**/*.yaml" }',
      ].join('\n'),
    )
    .action(async (opts: { out?: string }) => {
      const crds = loadCrdSchemas(defaultCrdDir())
      const all = combinedJsonSchema(crds)
      if (opts.out === undefined) {
        app.io.out(`${JSON.stringify(all, null, 2)}\n`)
        return done(0)
      }
      const out = path.resolve(app.cwd, opts.out)
      try {
        await mkdir(out, { recursive: true })
        const files: [string, unknown][] = [
          [schemaFileName('all'), all],
          ...KINDS.map((kind): [string, unknown] => [
            schemaFileName(kind),
            kindJsonSchema(kind, crds.get(kind)),
          ]),
        ]
        for (const [name, schema] of files) {
          await writeFile(path.join(out, name), `${JSON.stringify(schema, null, 2)}\n`)
          app.io.out(`wrote ${path.relative(app.cwd, path.join(out, name)) || name}\n`)
        }
      } catch (error) {
        throw new CliError(`--out ${opts.out}: ${(error as Error).message}`)
      }
      done(0)
    })
}
