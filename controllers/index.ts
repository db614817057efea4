import type { AnyController } from '../src/runtime/controller.js'
import { configController, secretController } from './content/controller.js'
import { networkController } from './network/controller.js'
import { nodeController } from './node/controller.js'
import { pluginController } from './plugin/controller.js'
import { serviceController } from './service/controller.js'
import { volumeController } from './volume/controller.js'

/** Every controller berth runs, each owning the status of one kind. */
export const controllers: readonly AnyController[] = [
  pluginController,
  nodeController,
  volumeController,
  networkController,
  secretController,
  configController,
  serviceController,
]
