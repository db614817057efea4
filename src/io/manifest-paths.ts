import path from 'node:path'

/** only `*.yaml` / `*.yml`. */
export function isManifestFile(name: string): boolean {
  return /\.ya?ml$/i.test(name) && !isIgnoredName(name)
}

/**
 * Hidden files and folders, editor leftovers (`*~`, `*.swp`, `#*#`, `.#*`),
 * `node_modules`, and berth's own temp files are never read.
 */
export function isIgnoredName(name: string): boolean {
  return (
    name.startsWith('.') ||
    name.endsWith('~') ||
    name.endsWith('.swp') ||
    (name.startsWith('#') && name.endsWith('#')) ||
    name === 'node_modules'
  )
}

/** True when any segment of a path relative to the root is ignored. */
export function isIgnoredPath(relative: string): boolean {
  return relative.split(/[\\/]/).some((segment) => segment !== '' && isIgnoredName(segment))
}

/** Forward-slash relative path, as shown in diagnostics. */
export function toRelative(root: string, file: string): string {
  return path.relative(root, file).split(path.sep).join('/')
}
