/**
 * Traffic capture as Istio's init container (`istio-iptables`) installs it, in a node's network
 * namespace: every outbound TCP connection is redirected to the sidecar's 15001, every inbound one
 * to 15006, except what the sidecar itself sends (it runs with the proxy group, ISTIO_PROXY_GID:
 * the `--gid-owner` rules; Istio installs the same rules for the proxy uid, kept here though no
 * process runs as that uid) and the ports Istio leaves alone (15008, 15020, 15021, 15090) plus the
 * ports a scenario excludes the way a pod annotation would (`excludeInboundPorts`,
 * `excludeOutboundPorts`): the baseline's port, so the baseline passes the same netfilter hooks and
 * conntrack but is never redirected.
 *
 * REDIRECT (NAT) mode, as Istio's default. The rules live in the node's namespace and go with it;
 * nothing is added to the root namespace.
 */
import { execa } from 'execa';
import { EnvironmentError } from '../../errors.js';

export interface CaptureSpec {
  readonly proxyGid: number;
  readonly outboundCapturePort: number;
  readonly inboundCapturePort: number;
  /** `excludeInboundPorts`: inbound connections to these ports are not redirected. */
  readonly excludeInboundPorts: readonly number[];
  /** `excludeOutboundPorts`: outbound connections to these ports are not redirected. */
  readonly excludeOutboundPorts: readonly number[];
}

/** Istio's own ports that its inbound capture skips: HBONE tunnel, agent, health, Prometheus. */
const ISTIO_INBOUND_SKIPPED = [15008, 15020, 15021, 15090];
const ISTIO_TUNNEL_PORT = 15008;
/** Istio's proxy uid; its rules are installed as Istio does (see the file comment). */
const ISTIO_PROXY_UID = 1337;

/** The nat table, in `iptables-restore` form, that istio-iptables would leave (REDIRECT mode, IPv4). */
export function istioNatRules(spec: CaptureSpec): string {
  const rules: string[] = [
    '-A PREROUTING -p tcp -j ISTIO_INBOUND',
    '-A OUTPUT -j ISTIO_OUTPUT',
    ...[...new Set([...ISTIO_INBOUND_SKIPPED, ...spec.excludeInboundPorts])].map((p) => `-A ISTIO_INBOUND -p tcp --dport ${p} -j RETURN`),
    '-A ISTIO_INBOUND -p tcp -j ISTIO_IN_REDIRECT',
    `-A ISTIO_IN_REDIRECT -p tcp -j REDIRECT --to-ports ${spec.inboundCapturePort}`,
    ...spec.excludeOutboundPorts.flatMap((p) => [`-A ISTIO_OUTPUT -p tcp --dport ${p} -j RETURN`, `-A ISTIO_OUTPUT -p udp --dport ${p} -j RETURN`]),
    '-A ISTIO_OUTPUT -s 127.0.0.6/32 -o lo -j RETURN',
    ...ownerRules('uid', ISTIO_PROXY_UID),
    ...ownerRules('gid', spec.proxyGid),
    '-A ISTIO_OUTPUT -d 127.0.0.1/32 -j RETURN',
    '-A ISTIO_OUTPUT -j ISTIO_REDIRECT',
    `-A ISTIO_REDIRECT -p tcp -j REDIRECT --to-ports ${spec.outboundCapturePort}`,
  ];
  const chains = ['PREROUTING ACCEPT', 'INPUT ACCEPT', 'OUTPUT ACCEPT', 'POSTROUTING ACCEPT', 'ISTIO_INBOUND -', 'ISTIO_IN_REDIRECT -', 'ISTIO_OUTPUT -', 'ISTIO_REDIRECT -'];
  return ['*nat', ...chains.map((c) => `:${c} [0:0]`), ...rules, 'COMMIT', ''].join('\n');
}

function ownerRules(kind: 'uid' | 'gid', id: number): string[] {
  const match = `-m owner --${kind}-owner ${id}`;
  const notMatch = `-m owner ! --${kind}-owner ${id}`;
  return [
    // The sidecar calling its own pod by address goes back in through inbound capture.
    `-A ISTIO_OUTPUT ! -d 127.0.0.1/32 -o lo -p tcp ! --dport ${ISTIO_TUNNEL_PORT} ${match} -j ISTIO_IN_REDIRECT`,
    `-A ISTIO_OUTPUT -o lo ${notMatch} -j RETURN`,
    // What the sidecar sends elsewhere is never captured (no loop).
    `-A ISTIO_OUTPUT ${match} -j RETURN`,
  ];
}

const TOOL_TIMEOUT_MS = 10_000;

async function inNetns(netns: string, args: readonly string[], input?: string): Promise<string> {
  const result = await execa('ip', ['netns', 'exec', netns, ...args], { reject: false, timeout: TOOL_TIMEOUT_MS, ...(input !== undefined ? { input } : { stdin: 'ignore' as const }) });
  if (result.exitCode !== 0 || result.failed) {
    const why = (result.stderr || result.shortMessage || `exit code ${result.exitCode}`).trim();
    throw new EnvironmentError(`\`${args.join(' ')}\` in ${netns} failed: ${why}`, 'Install iptables (`npm run setup` does, as root), or run the scenario without `sidecar.interception`.');
  }
  return result.stdout;
}

/** Installs the capture rules in `netns` (a fresh namespace: its nat table is replaced). */
export async function installCapture(netns: string, spec: CaptureSpec): Promise<void> {
  await inNetns(netns, ['iptables-restore', '--wait'], istioNatRules(spec));
}

/** Packets that hit each redirect so far (the first packet of each captured connection). */
export interface CaptureCounters {
  readonly outboundRedirectPackets: number;
  readonly inboundRedirectPackets: number;
}

export async function readCaptureCounters(netns: string): Promise<CaptureCounters> {
  return parseCaptureCounters(await inNetns(netns, ['iptables-save', '-c', '-t', 'nat']));
}

/** `iptables-save -c` lines such as `[12:720] -A ISTIO_REDIRECT -p tcp -j REDIRECT --to-ports 15001`. */
export function parseCaptureCounters(saved: string): CaptureCounters {
  const packets = (chain: string) =>
    saved
      .split('\n')
      .map((line) => /^\[(\d+):\d+\] -A (\S+) .*-j REDIRECT/.exec(line.trim()))
      .filter((m): m is RegExpExecArray => m !== null && m[2] === chain)
      .reduce((sum, m) => sum + Number(m[1]), 0);
  return { outboundRedirectPackets: packets('ISTIO_REDIRECT'), inboundRedirectPackets: packets('ISTIO_IN_REDIRECT') };
}

/** Ambient (ztunnel, dedicated mode) capture in a node's namespace. */
export interface AmbientCaptureSpec {
  /** The mark ztunnel puts on its own sockets: its packets are never captured. */
  readonly packetMark: number;
  readonly outboundCapturePort: number;
  readonly inboundCapturePort: number;
  /** A group whose processes are not captured: the bypass check's client that is not in the mesh. */
  readonly uncapturedGid: number;
  readonly excludeInboundPorts: readonly number[];
  readonly excludeOutboundPorts: readonly number[];
}

/**
 * The nat table of ztunnel's own redirect script (`scripts/ztunnel-redirect.sh`: outbound TCP not
 * from ztunnel, by mark, to 15001), completed with the inbound half it leaves out (inbound TCP to
 * 15006, except ztunnel's own ports), as Istio's in-pod rules do. Chain names as the sidecar
 * capture's, so the same counters read both.
 */
export function ambientNatRules(spec: AmbientCaptureSpec): string {
  const mark = `0x${spec.packetMark.toString(16)}/0xfff`;
  const rules: string[] = [
    '-A PREROUTING -p tcp -j ISTIO_INBOUND',
    '-A OUTPUT -p tcp -j ISTIO_OUTPUT',
    ...[...new Set([...ISTIO_INBOUND_SKIPPED, ...spec.excludeInboundPorts])].map((p) => `-A ISTIO_INBOUND -p tcp --dport ${p} -j RETURN`),
    '-A ISTIO_INBOUND -p tcp -j ISTIO_IN_REDIRECT',
    `-A ISTIO_IN_REDIRECT -p tcp -j REDIRECT --to-ports ${spec.inboundCapturePort}`,
    `-A ISTIO_OUTPUT -m mark --mark ${mark} -j RETURN`,
    `-A ISTIO_OUTPUT -m owner --gid-owner ${spec.uncapturedGid} -j RETURN`,
    ...spec.excludeOutboundPorts.map((p) => `-A ISTIO_OUTPUT -p tcp --dport ${p} -j RETURN`),
    '-A ISTIO_OUTPUT -o lo -j RETURN',
    '-A ISTIO_OUTPUT -j ISTIO_REDIRECT',
    `-A ISTIO_REDIRECT -p tcp -j REDIRECT --to-ports ${spec.outboundCapturePort}`,
  ];
  const chains = ['PREROUTING ACCEPT', 'INPUT ACCEPT', 'OUTPUT ACCEPT', 'POSTROUTING ACCEPT', 'ISTIO_INBOUND -', 'ISTIO_IN_REDIRECT -', 'ISTIO_OUTPUT -', 'ISTIO_REDIRECT -'];
  return ['*nat', ...chains.map((c) => `:${c} [0:0]`), ...rules, 'COMMIT', ''].join('\n');
}

/** Installs ambient capture in `netns` (a fresh namespace: its nat table is replaced). */
export async function installAmbientCapture(netns: string, spec: AmbientCaptureSpec): Promise<void> {
  await inNetns(netns, ['iptables-restore', '--wait'], ambientNatRules(spec));
}

/** Empties the namespace's nat table (the namespace's deletion would too; this runs first, on every exit path). */
export async function removeCapture(netns: string): Promise<void> {
  await inNetns(netns, ['iptables', '--wait', '-t', 'nat', '-F']);
  await inNetns(netns, ['iptables', '--wait', '-t', 'nat', '-X']);
}
