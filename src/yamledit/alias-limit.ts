/**
 * Aliases beyond this many expansions are an alias bomb: the loader and every edit refuse them.
 * A module of its own (no `yaml` import), so the loader can name the limit without loading the
 * parser before a file needs parsing.
 */
export const MAX_ALIAS_COUNT = 100
