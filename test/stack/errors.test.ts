// biome-ignore-all lint/suspicious/noTemplateCurlyInString: compose files use ${VAR}
import { afterEach, describe, expect, test } from 'vitest'
import { type StackDir, stackDir } from './stack-harness.js'

let dir: StackDir | undefined
afterEach(async () => {
  await dir?.remove()
  dir = undefined
})

/**
 * Bad compose input: every problem printed as `file:line:col: message` on stderr, exit 1, and
 * the manifest directory left exactly as it was (here: the demo, untouched).
 */
const CASES: {
  name: string
  files: Record<string, string>
  args?: string[]
  env?: Record<string, string>
  err: string
}[] = [
  {
    name: 'an unknown key, at the key',
    files: { 'docker-compose.yml': 'services:\n  web:\n    image: nginx\n    imagee: nginx\n' },
    err: 'docker-compose.yml:4:5: services.web.imagee: unknown key "imagee"\n',
  },
  {
    name: 'a wrong type, at its key',
    files: {
      'docker-compose.yml': 'services:\n  web:\n    image: nginx\n    deploy:\n      replicas: three\n',
    },
    err: 'docker-compose.yml:5:7: services.web.deploy.replicas: must be an integer\n',
  },
  {
    name: 'a list_or_dict that is neither',
    files: { 'docker-compose.yml': 'services:\n  web:\n    image: nginx\n    environment: 5\n' },
    err: 'docker-compose.yml:4:5: services.web.environment: must be a mapping or a list\n',
  },
  {
    name: 'a service name Compose does not allow',
    files: { 'docker-compose.yml': 'services:\n  "my web":\n    image: nginx\n' },
    err: 'docker-compose.yml:2:3: services.my web: the name "my web" is not allowed (letters, digits, ".", "_" and "-" only)\n',
  },
  {
    name: 'several problems, each at its place, in file order',
    files: {
      'docker-compose.yml':
        'services:\n  web:\n    image: nginx\n    ports: [{target: x}]\n  db:\n    volumes: {}\n',
    },
    err:
      'docker-compose.yml:4:14: services.web.ports[0].target: must be an integer\n' +
      'docker-compose.yml:6:5: services.db.volumes: must be a list\n',
  },
  {
    name: 'a required variable that is missing',
    files: { 'docker-compose.yml': 'services:\n  web:\n    image: "nginx:${TAG:?set TAG to the release}"\n' },
    err: 'docker-compose.yml:3:5: services.web.image: required variable TAG is missing a value: set TAG to the release\n',
  },
  {
    name: 'a $ that starts no variable',
    files: { 'docker-compose.yml': 'services:\n  web:\n    image: nginx\n    command: echo ${oops\n' },
    err: 'docker-compose.yml:4:5: services.web.command: invalid interpolation format "echo ${oops"; you may need to escape any $ with another $\n',
  },
  {
    name: 'a network no one defined',
    files: { 'docker-compose.yml': 'services:\n  web:\n    image: nginx\n    networks: [front]\n' },
    err: 'docker-compose.yml:4:16: services.web.networks.front: service "web" refers to undefined network "front"\n',
  },
  {
    name: 'a volume no one defined',
    files: {
      'docker-compose.yml': 'services:\n  db:\n    image: postgres\n    volumes:\n      - data:/var/lib/db\n',
    },
    err: 'docker-compose.yml:5:9: services.db.volumes[0]: service "db" refers to undefined volume "data"\n',
  },
  {
    name: 'a secret no one defined',
    files: { 'docker-compose.yml': 'services:\n  db:\n    image: postgres\n    secrets: [pw]\n' },
    err: 'docker-compose.yml:4:15: services.db.secrets[0]: service "db" refers to undefined secret "pw"\n',
  },
  {
    name: 'no image',
    files: { 'docker-compose.yml': 'services:\n  web:\n    command: top\n' },
    err: 'docker-compose.yml:2:3: services.web: invalid image reference for service web: no image specified\n',
  },
  {
    name: 'a key Docker refuses, in its words',
    files: { 'docker-compose.yml': 'services:\n  web:\n    image: nginx\n    extends: base\n' },
    err: 'docker-compose.yml:4:5: services.web.extends: Support for `extends` is not implemented yet.\n',
  },
  {
    name: 'a port that does not read',
    files: { 'docker-compose.yml': 'services:\n  web:\n    image: nginx\n    ports: ["80:http"]\n' },
    err: 'docker-compose.yml:4:13: services.web.ports[0]: invalid port "80:http"\n',
  },
  {
    name: 'a constraint berth cannot read',
    files: {
      'docker-compose.yml':
        'services:\n  web:\n    image: nginx\n    deploy:\n      placement:\n        constraints: [node.colour == red]\n',
    },
    err: 'docker-compose.yml:6:23: services.web.deploy.placement.constraints[0]: invalid constraint "node.colour == red": unknown key "node.colour" (use node.id, node.hostname, node.role, node.platform.os, node.platform.arch or node.labels.<key>)\n',
  },
  {
    name: 'a job mode',
    files: {
      'docker-compose.yml':
        'services:\n  once:\n    image: busybox\n    deploy:\n      mode: replicated-job\n',
    },
    err: 'docker-compose.yml:5:7: services.once.deploy.mode: berth runs replicated and global services, not "replicated-job"\n',
  },
  {
    name: 'replicas on a global service',
    files: {
      'docker-compose.yml':
        'services:\n  a:\n    image: busybox\n    deploy:\n      mode: global\n      replicas: 2\n',
    },
    err: 'docker-compose.yml:6:7: services.a.deploy.replicas: replicas can only be used with replicated mode\n',
  },
  {
    name: 'a bad failure action',
    files: {
      'docker-compose.yml':
        'services:\n  a:\n    image: busybox\n    deploy:\n      rollback_config:\n        failure_action: rollback\n',
    },
    err: 'docker-compose.yml:6:9: services.a.deploy.rollback_config.failure_action: must be pause or continue\n',
  },
  {
    name: 'an error in the second file names the second file',
    files: {
      'docker-compose.yml': 'services:\n  web:\n    image: nginx\n',
      'override.yml': 'services:\n  web:\n    deploy:\n      replicas: -1\n',
    },
    args: ['-c', 'docker-compose.yml', '-c', 'override.yml'],
    err: 'override.yml:4:7: services.web.deploy.replicas: must be 0 or more\n',
  },
  {
    name: 'YAML that does not parse',
    files: { 'docker-compose.yml': 'services:\n  web: {image: nginx\n' },
    err: 'docker-compose.yml:3:1: Flow map in block collection must be sufficiently indented and end with a }\n',
  },
  {
    name: 'a .env line that is not KEY=VALUE',
    files: { 'docker-compose.yml': 'services:\n  web:\n    image: nginx\n', '.env': 'A=1\nnot a variable\n' },
    err: '.env:2:1: expected KEY=VALUE, got "not a variable"\n',
  },
  {
    name: 'max_replicas_per_node on a global service',
    files: {
      'docker-compose.yml':
        'services:\n  a:\n    image: busybox\n    deploy:\n      mode: global\n      placement:\n        max_replicas_per_node: 2\n',
    },
    err: 'docker-compose.yml:7:9: services.a.deploy.placement.max_replicas_per_node: max_replicas_per_node can only be used with replicated mode\n',
  },
  {
    // Compose's schema lets it through; berth's own check of the Network it becomes does not.
    name: 'what berth refuses in the resource a compose entry becomes, at that entry',
    files: {
      'docker-compose.yml':
        'services:\n  web:\n    image: nginx\n    networks: [back]\nnetworks:\n  back:\n    ipam:\n      config:\n        - subnet: 10.0.0.300/24\n',
    },
    err: 'docker-compose.yml:6:3: networks.back: berth cannot hold this as Network demo_back: spec.ipam.config[0].subnet: invalid CIDR "10.0.0.300/24" (use e.g. 10.0.9.0/24 or fd00:9::/64)\n',
  },
  {
    // A Service's field is found at the compose key it came from; it was at services.web (2:3).
    name: 'what berth refuses in a service, at the compose field it came from',
    files: {
      'docker-compose.yml':
        'services:\n  web:\n    image: nginx\n    deploy:\n      replicas: 100001\n    volumes:\n      - a:/data\n      - b:/data\n    ports:\n      - "8080:80"\n      - "8080:81"\nvolumes:\n  a: {}\n  b: {}\n',
    },
    err: [
      'docker-compose.yml:5:7: services.web: berth cannot hold this as Service demo_web: spec.replicas: must be 100000 or less',
      'docker-compose.yml:8:9: services.web: berth cannot hold this as Service demo_web: spec.mounts[1].target: duplicate mount point /data (repeats spec.mounts[0].target)',
      'docker-compose.yml:11:9: services.web: berth cannot hold this as Service demo_web: spec.ports[1].published: port 8080/tcp is already published by spec.ports[0]',
      '',
    ].join('\n'),
  },
  {
    // A port range makes more ports than the list has items: the list itself, not a wrong item.
    name: 'a refused port behind a range, at the ports list',
    files: {
      'docker-compose.yml':
        'services:\n  web:\n    image: nginx\n    ports:\n      - "8080-8081:80-81"\n      - "8081:82"\n',
    },
    err: 'docker-compose.yml:4:5: services.web: berth cannot hold this as Service demo_web: spec.ports[2].published: port 8081/tcp is already published by spec.ports[1]\n',
  },
  {
    name: 'an env_file that is not there',
    files: { 'docker-compose.yml': 'services:\n  web:\n    image: nginx\n    env_file: [web.env]\n' },
    err: 'docker-compose.yml:4:16: services.web.env_file[0]: cannot read env file web.env\n',
  },
  {
    name: 'an env_file line that is not KEY=VALUE',
    files: {
      'docker-compose.yml': 'services:\n  web:\n    image: nginx\n    env_file: web.env\n',
      'web.env': 'A=1\nB\n!\n',
    },
    err: 'docker-compose.yml:4:5: services.web.env_file[0]: web.env:3: expected KEY=VALUE, got "!"\n',
  },
  {
    name: 'a secret with neither file nor external',
    files: {
      'docker-compose.yml': 'services:\n  web:\n    image: nginx\n    secrets: [pw]\nsecrets:\n  pw: {}\n',
    },
    err: 'docker-compose.yml:6:3: secrets.pw: needs file: (a path to the content) or external: true\n',
  },
  {
    // Docker's manager refuses the service in these words.
    name: 'two secrets mounted at the same target',
    files: {
      'docker-compose.yml':
        'services:\n  db:\n    image: postgres\n    secrets:\n      - source: pw\n      - source: pw\n        mode: 0400\nsecrets:\n  pw:\n    file: ./pw.txt\n',
      'pw.txt': 'x\n',
    },
    err: 'docker-compose.yml:6:9: services.db.secrets[1]: service "db": secret references "demo_pw" and "demo_pw" have a conflicting target: "pw"\n',
  },
  // A content file outside the manifest directory is copied at deploy time, as Docker reads it
  // then: what cannot be copied is an error at its `file:`, and its bytes are never quoted.
  {
    name: 'a secret file outside the manifest directory that does not exist',
    files: {
      'docker-compose.yml':
        'services:\n  web:\n    image: nginx\n    secrets: [pw]\nsecrets:\n  pw:\n    file: ./pw.txt\n',
    },
    err: 'docker-compose.yml:7:5: secrets.pw.file: ./pw.txt not found\n',
  },
  {
    name: 'an empty secret file',
    files: {
      'docker-compose.yml':
        'services:\n  web:\n    image: nginx\n    secrets: [pw]\nsecrets:\n  pw:\n    file: ./pw.txt\n',
      'pw.txt': '',
    },
    err: 'docker-compose.yml:7:5: secrets.pw.file: ./pw.txt is empty; a secret needs content\n',
  },
  {
    name: "a config file over Docker's 1000 KiB",
    files: {
      'docker-compose.yml':
        'services:\n  web:\n    image: nginx\n    configs: [app]\nconfigs:\n  app:\n    file: ./app.conf\n',
      'app.conf': 'x'.repeat(1000 * 1024 + 1),
    },
    err: 'docker-compose.yml:7:5: configs.app.file: ./app.conf is 1024001 bytes; a config may hold at most 1024000\n',
  },
  {
    name: 'a secret file that is a folder',
    files: {
      'docker-compose.yml':
        'services:\n  web:\n    image: nginx\n    secrets: [pw]\nsecrets:\n  pw:\n    file: ./pw\n',
      'pw/inner.txt': 'x\n',
    },
    err: 'docker-compose.yml:7:5: secrets.pw.file: ./pw is not a regular file\n',
  },
]

describe('stack deploy refuses bad compose files', () => {
  test.each(CASES)('$name', async ({ files, args, env, err }) => {
    dir = await stackDir({ demo: true })
    for (const [file, text] of Object.entries(files)) await dir.write(file, text)
    const before = await dir.tree()
    const result = await dir.berth(
      ['stack', 'deploy', ...(args ?? ['-c', 'docker-compose.yml']), 'demo'],
      env,
    )
    expect(result.code).toBe(1)
    expect(result.out).toBe('')
    expect(result.err.replace(/berth: .*\n$/, '')).toBe(err)
    expect(result.err).toMatch(/nothing was written\n$/)
    expect(await dir.tree()).toEqual(before)
  })
})

test('a missing compose file is named', async () => {
  dir = await stackDir({ demo: true })
  const result = await dir.berth(['stack', 'deploy', '-c', 'nope.yml', 'demo'])
  expect(result).toMatchObject({ code: 1, err: 'berth: nope.yml: no such compose file\n' })
})

test('a stack name Docker would refuse is a usage error', async () => {
  dir = await stackDir({ demo: true })
  await dir.write('docker-compose.yml', 'services:\n  web:\n    image: nginx\n')
  const result = await dir.berth(['stack', 'deploy', '-c', 'docker-compose.yml', 'my stack'])
  expect(result.code).toBe(2)
  expect(result.err).toMatch(/invalid stack name "my stack"/)
})

test('deploy without a compose file is a usage error, never an empty stack that prunes everything', async () => {
  dir = await stackDir({ demo: true })
  const result = await dir.berth(['stack', 'deploy', '--prune', 'demo'])
  expect(result.code).toBe(2)
  expect(result.err).toBe('berth: stack deploy needs at least one -c FILE\n')
})
