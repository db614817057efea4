// Generated from crds/ by src/validate/write-spec-defaults.ts; do not edit.
import type { Kind } from './kinds.js'
import type { DefaultsSchema } from './schema-defaults.js'

/** Each kind's spec defaults as its CRD declares them, pruned to the paths that hold one. */
export const CRD_SPEC_DEFAULTS: Readonly<Record<Kind, DefaultsSchema>> = {
  Config: {},
  Network: {
    properties: {
      driver: {
        default: 'overlay',
      },
      attachable: {
        default: false,
      },
      internal: {
        default: false,
      },
      ipam: {
        default: {},
        properties: {
          driver: {
            default: 'default',
          },
        },
      },
    },
  },
  Node: {
    properties: {
      role: {
        default: 'worker',
      },
      availability: {
        default: 'active',
      },
      platform: {
        default: {},
        properties: {
          os: {
            default: 'linux',
          },
          architecture: {
            default: 'x86_64',
          },
        },
      },
    },
  },
  Plugin: {
    properties: {
      enabled: {
        default: true,
      },
      grantAllPermissions: {
        default: false,
      },
      config: {
        properties: {
          scope: {
            default: 'local',
          },
        },
      },
    },
  },
  Secret: {},
  Service: {
    properties: {
      mode: {
        default: 'replicated',
      },
      replicas: {
        default: 1,
      },
      mounts: {
        items: {
          properties: {
            type: {
              default: 'volume',
            },
            readOnly: {
              default: false,
            },
          },
        },
      },
      placement: {
        default: {},
        properties: {
          maxReplicasPerNode: {
            default: 0,
          },
        },
      },
      forceUpdate: {
        default: 0,
      },
      updateConfig: {
        default: {},
        properties: {
          parallelism: {
            default: 1,
          },
          delay: {
            default: '0s',
          },
          order: {
            default: 'stop-first',
          },
          failureAction: {
            default: 'pause',
          },
          maxFailureRatio: {
            default: 0,
          },
          monitor: {
            default: '0s',
          },
        },
      },
      rollbackConfig: {
        default: {},
        properties: {
          parallelism: {
            default: 1,
          },
          delay: {
            default: '0s',
          },
          order: {
            default: 'stop-first',
          },
          failureAction: {
            default: 'pause',
          },
          maxFailureRatio: {
            default: 0,
          },
          monitor: {
            default: '0s',
          },
        },
      },
      ports: {
        items: {
          properties: {
            protocol: {
              default: 'tcp',
            },
            mode: {
              default: 'ingress',
            },
          },
        },
      },
    },
  },
  Volume: {
    properties: {
      driver: {
        default: 'local',
      },
    },
  },
}
