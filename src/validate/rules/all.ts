import { contentSource } from './content-source.js'
import { ipamPools } from './ipam.js'
import { mountShapes, uniqueMountTargets } from './mounts.js'
import { placementExpressions } from './placement.js'
import { pluginTargets } from './plugin-targets.js'
import { uniquePorts } from './ports.js'
import { nodeQuantities, serviceQuantities } from './quantities.js'
import { replicatedOnly } from './replicated-only.js'
import type { Rule } from './rule.js'
import { serviceReferences } from './service-references.js'

/** The checks beyond the CRD schema, run after it on every document of their kinds. */
export const semanticRules: readonly Rule[] = [
  nodeQuantities,
  serviceQuantities,
  placementExpressions,
  replicatedOnly,
  pluginTargets,
  ipamPools,
  contentSource,
  serviceReferences,
  uniquePorts,
  uniqueMountTargets,
  mountShapes,
]
