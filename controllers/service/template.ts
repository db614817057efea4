import { createHash } from 'node:crypto'
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
  const hash = createHash('sha256').update(canonicalJson(taskTemplate(spec)))
  for (const input of inputs) hash.update('\0').update(input)
  return hash.digest('hex').slice(0, 8)
}
