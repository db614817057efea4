import { referenceMatches } from '../../src/plugins/reference.js'
import { defineController } from '../../src/runtime/controller.js'
import { reconcileVolume } from './reconcile.js'

/** Volumes follow the Plugins that drive them and the Nodes they live on. */
export const volumeController = defineController({
  kind: 'Volume',
  watches: [
    {
      kind: 'Plugin',
      map: (change, view) => {
        const names = [change.before, change.after].flatMap((p) => p?.status?.name ?? [])
        return view
          .list('Volume')
          .filter((v) => names.some((n) => referenceMatches(v.spec.driver, n)))
          .map((v) => v.name)
      },
    },
    {
      kind: 'Node',
      map: (change, view) => (change.statusOnly ? [] : view.list('Volume').map((v) => v.name)),
    },
  ],
  reconcile: reconcileVolume,
})
