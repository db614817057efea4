/**
 * The `yaml` package, loaded on its first use rather than when the loader's modules are
 * imported: a reading command whose files all come from the parse cache never parses YAML,
 * and so never pays for loading the parser (about a third of `berth service ls`'s start).
 */
import { createRequire } from 'node:module'

type Yaml = typeof import('yaml')

let loaded: Yaml | undefined

/** The `yaml` module (CommonJS under node, so a synchronous `require` loads it). */
export function yamlPackage(): Yaml {
  loaded ??= createRequire(import.meta.url)('yaml') as Yaml
  return loaded
}
