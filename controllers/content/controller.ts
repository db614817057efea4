import { defineController } from '../../src/runtime/controller.js'
import { reconcileContent } from './reconcile.js'

/**
 * Secrets and Configs depend on nothing but their own file: the loader reads
 * it (a content change is a change of the resource), the controller reports it.
 */
export const secretController = defineController({ kind: 'Secret', watches: [], reconcile: reconcileContent })

export const configController = defineController({ kind: 'Config', watches: [], reconcile: reconcileContent })
