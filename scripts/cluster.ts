/**
 * `npm run cluster:build | cluster:up | cluster:down | cluster:images | cluster:istio-crds [-- --remove]`: the local single-node Kubernetes cluster
 * (docs/KUBERNETES.md). Root only: it starts daemons, adds links and iptables chains.
 * Exit codes: 0 done, 2 bad usage, 3 this machine cannot run it (not root, a step failed).
 */
import { ensureDebianPackages, ensureKubeBinaries } from './cluster/build.js';
import { clusterDown } from './cluster/down.js';
import { clusterUp, usage } from './cluster/up.js';
import { buildMeshtaxImages } from './cluster/meshtax-images.js';
import { installIstioCrds, removeIstioCrds } from './cluster/istio-crds.js';

const log = (line: string) => console.log(line);
const command = process.argv[2];

async function main(): Promise<number> {
  if (command !== 'build' && command !== 'up' && command !== 'down' && command !== 'images' && command !== 'istio-crds') {
    console.error('usage: tsx scripts/cluster.ts build|up|down|images|istio-crds [--remove]');
    return 2;
  }
  if (process.getuid?.() !== 0) {
    console.error(`cluster:${command} needs root (it starts containerd and the kubelet, adds links and iptables chains).`);
    return 3;
  }
  if (command === 'build') {
    await ensureDebianPackages(log);
    await ensureKubeBinaries(log);
  } else if (command === 'up') {
    await clusterUp(log);
    console.log(usage());
  } else if (command === 'images') {
    await buildMeshtaxImages(log);
  } else if (command === 'istio-crds') {
    await (process.argv[3] === '--remove' ? removeIstioCrds(log) : installIstioCrds(log));
  } else {
    await clusterDown(log);
  }
  return 0;
}

try {
  process.exitCode = await main();
} catch (error) {
  console.error(`cluster:${command} failed: ${(error as Error).message}`);
  if (command === 'up') console.error('  → logs in .meshtax/cluster/logs; `npm run cluster:down` undoes what was started');
  process.exitCode = 3;
}
