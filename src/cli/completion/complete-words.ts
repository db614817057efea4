import type { Command, Option } from 'commander'
import type { Kind } from '../../model/kinds.js'
import { defaultCrdDir, loadCrdSchemas } from '../../validate/crd-files.js'
import { KIND_NAMES, resolveKind } from '../kind-alias.js'
import { lookupField } from '../schema/explain.js'

/** What the resource names come from: the manifests of the directory the command line points at. */
export type NameSource = (kind: Kind, dir: string | undefined) => Promise<readonly string[]>

/** What a positional argument of a command takes, by its command path (`service ps`). */
type ArgumentKind = Kind | 'kind' | 'name-of-kind' | 'scale' | 'shell' | 'field'
const POSITIONALS: Readonly<Record<string, readonly ArgumentKind[]>> = {
  get: ['kind', 'name-of-kind'],
  describe: ['kind', 'name-of-kind'],
  delete: ['kind', 'name-of-kind'],
  scale: ['scale'],
  explain: ['field'],
  completion: ['shell'],
  'service ps': ['Service'],
  'service update': ['Service'],
  'service rollback': ['Service'],
  'node ps': ['Node'],
  'node update': ['Node'],
  'plugin enable': ['Plugin'],
  'plugin disable': ['Plugin'],
  'plugin rm': ['Plugin'],
}
/** Values for options that take a known set (beyond commander's `choices`). */
const OPTION_VALUES: Readonly<Record<string, readonly string[]>> = {
  '--output': ['wide', 'yaml', 'json', 'name', 'jsonpath=', 'custom-columns='],
}
/** Any positional after the listed ones repeats the last (`service ps a b`, `scale a=1 b=2`). */
const REPEATING = new Set(['scale', 'service ps', 'node ps'])

/**
 * The candidates for the word being typed (the last of `words`, the words
 * after `berth`): subcommands, flags, option values, kinds and resource
 * names, filtered by what is typed so far. Shell scripts call this through
 * `berth __complete`, so every shell completes the same way.
 */
export async function completeWords(
  program: Command,
  words: readonly string[],
  names: NameSource,
): Promise<string[]> {
  const typed = words[words.length - 1] ?? ''
  let command = program
  const path: string[] = []
  const positionals: string[] = []
  let dir: string | undefined
  let pendingOption: Option | undefined
  for (const word of words.slice(0, -1)) {
    if (pendingOption) {
      if (pendingOption.long === '--dir') dir = word
      pendingOption = undefined
      continue
    }
    if (word.startsWith('-')) {
      const [flag, inline] = word.split('=', 2)
      const option = findOption(command, program, flag ?? '')
      if (option?.long === '--dir' && inline !== undefined) dir = inline
      if (option && (option.required || option.optional) && inline === undefined) pendingOption = option
      continue
    }
    const sub =
      positionals.length === 0
        ? command.commands.find((c) => c.name() === word || c.aliases().includes(word))
        : undefined
    if (sub) {
      command = sub
      path.push(sub.name())
    } else positionals.push(word)
  }
  const keep = (list: readonly string[]) => [...new Set(list)].filter((c) => c.startsWith(typed))
  if (pendingOption) {
    return keep(pendingOption.argChoices ?? OPTION_VALUES[pendingOption.long ?? ''] ?? [])
  }
  if (typed.startsWith('-')) {
    return keep(
      [...command.options, ...program.options, ...(command === program ? [] : [])]
        .flatMap((o) => [o.long, o.short].filter((f): f is string => f !== undefined && !o.hidden))
        .concat('--help'),
    )
  }
  const subcommands =
    positionals.length === 0
      ? command.commands.filter((c) => !c.name().startsWith('__')).map((c) => c.name())
      : []
  const key = path.join(' ')
  const spec = POSITIONALS[key] ?? []
  const index = REPEATING.has(key) ? Math.min(positionals.length, spec.length - 1) : positionals.length
  const argument = spec[index]
  return keep([
    ...subcommands,
    ...(argument ? await argumentValues(argument, positionals, dir, typed, names) : []),
  ])
}

async function argumentValues(
  argument: ArgumentKind,
  positionals: readonly string[],
  dir: string | undefined,
  typed: string,
  names: NameSource,
): Promise<readonly string[]> {
  switch (argument) {
    case 'kind':
      return KIND_NAMES.flatMap((n) => [n.plural, n.singular, n.short])
    case 'name-of-kind': {
      const kind = resolveKind(positionals[0] ?? '')
      return kind ? names(kind, dir) : []
    }
    case 'scale':
      return (await names('Service', dir)).map((n) => `${n}=`)
    case 'shell':
      return ['bash', 'zsh', 'fish']
    case 'field':
      return fieldPaths(typed)
    default:
      return names(argument, dir)
  }
}

/** `service` → kinds; `service.spec.pl` → the fields under `service.spec`, from the CRD. */
function fieldPaths(typed: string): readonly string[] {
  const dot = typed.lastIndexOf('.')
  if (dot < 0) return KIND_NAMES.map((n) => n.singular)
  const [kindWord = '', ...path] = typed.slice(0, dot).split('.')
  const kind = resolveKind(kindWord)
  if (!kind) return []
  const schema = loadCrdSchemas(defaultCrdDir()).get(kind) as Record<string, unknown>
  const field = lookupField(schema, path)
  if (!field.found) return []
  const items = (field.schema.type === 'array' ? field.schema.items : field.schema) as { properties?: object }
  return Object.keys(items.properties ?? {}).map((name) => `${typed.slice(0, dot)}.${name}`)
}

function findOption(command: Command, program: Command, flag: string): Option | undefined {
  for (let c: Command | null = command; c; c = c.parent) {
    const found = c.options.find((o) => o.long === flag || o.short === flag)
    if (found) return found
  }
  return program.options.find((o) => o.long === flag || o.short === flag)
}
