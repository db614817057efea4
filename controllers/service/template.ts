import { hash } from 'node:crypto'
import { canonicalJson } from '../../src/load/spec-digest.js'
import type { TaskTemplate, WrittenServiceSpec } from '../../src/model/spec.js'

/**
 * A service's task template (Swarm's `TaskSpec`), from the spec as written (defaults
 * would change every digest, and the template is written into status): everything but
 * `replicas`, `mode`, `placement`, `updateConfig` and `rollbackConfig`. A
 * change to any of these fields — `forceUpdate` included — replaces tasks;
 * a change to the others never does by itself.
 */
export function taskTemplate(spec: WrittenServiceSpec | TaskTemplate): TaskTemplate {
  const { replicas, mode, placement, updateConfig, rollbackConfig, ...template } = spec as WrittenServiceSpec
  return template
}

/**
 * Eight hex characters naming a task template: sha256 over its canonical JSON
 * (sorted keys) and `inputs`, the content digests of the secrets and configs
 * the template uses, so new content under the same name makes a new digest.
 */
export function templateDigest(
  spec: WrittenServiceSpec | TaskTemplate,
  inputs: readonly string[] = [],
): string {
  // One string hashed at once: the same bytes as hashing the parts one after another.
  const text = [canonicalJson(taskTemplate(spec)), ...inputs].join('\0')
  return hash('sha256', text, 'hex').slice(0, 8)
}

/**
 * Whether the spec as written asks for another template than the last one rolled out
 * (`appliedSpec`): an edit not yet running. False when nothing was rolled out yet.
 */
export function specDiffersFromApplied(spec: WrittenServiceSpec, applied: TaskTemplate | undefined): boolean {
  return applied !== undefined && canonicalJson(taskTemplate(applied)) !== canonicalJson(taskTemplate(spec))
}
