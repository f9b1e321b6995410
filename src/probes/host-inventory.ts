import os from 'node:os';
import { readdir } from 'node:fs/promises';
import si from 'systeminformation';
import type { Systeminformation } from 'systeminformation';
import { z } from 'zod';
import { detectCgroupLayout } from './cgroup-throttling.js';
import { isVirtualDisk } from './disk-stats.js';
import { errorMessage, readTextFile } from './sampler.js';

/**
 * What machine a result was measured on — one-shot, not a sampler. Uses the fast systeminformation
 * calls only (cpu, system, mem, osInfo, blockDevices, diskLayout; each raced against a timeout, in
 * parallel) plus node:os and /sys. A call that fails or times out leaves its fields at their
 * fallback and adds a line to `warnings`, so the inventory never blocks a run.
 */

export const DiskInventorySchema = z.object({
  /** Kernel name, e.g. `nvme0n1`, `vda`, `sda`. */
  name: z.string(),
  sizeBytes: z.number().nonnegative(),
  model: z.string().nullable(),
  /** `nvme`, `ssd`, `hdd` from the bus and /sys/block/<dev>/queue/rotational; in a VM it is what the virtual disk claims. */
  type: z.enum(['nvme', 'ssd', 'hdd', 'unknown']),
  nvme: z.boolean(),
  rotational: z.boolean().nullable(),
  /** e.g. `NVMe`, `SATA`, `virtio`, `xen`; null when unknown. */
  interfaceType: z.string().nullable(),
});

export const HostInventorySchema = z.object({
  collectedAt: z.iso.datetime(),
  hostname: z.string(),
  cpu: z.object({
    model: z.string(),
    vendor: z.string().nullable(),
    physicalCores: z.number().int().nonnegative().nullable(),
    /** Online logical CPUs of the host. */
    logicalCores: z.number().int().positive(),
    /** CPUs this process may run on (cpuset/affinity), `os.availableParallelism()`. */
    availableCores: z.number().int().positive(),
    sockets: z.number().int().nonnegative().nullable(),
    /** Nominal speed; null when the hypervisor hides it. */
    speedGHz: z.number().nullable(),
  }),
  virtualization: z.object({
    virtual: z.boolean(),
    /** e.g. `KVM`, `VMware`, `Xen`; `unknown` when only the CPU's hypervisor flag says virtual. */
    hypervisor: z.string().nullable(),
    /** DMI product name, e.g. `c5.large`, `Standard PC (Q35 + ICH9, 2009)`, `Docker Container`. */
    systemModel: z.string().nullable(),
  }),
  memory: z.object({
    totalBytes: z.number().int().nonnegative(),
    swapTotalBytes: z.number().int().nonnegative().nullable(),
  }),
  disks: z.array(DiskInventorySchema),
  os: z.object({
    platform: z.string(),
    distro: z.string().nullable(),
    release: z.string().nullable(),
    kernel: z.string(),
    arch: z.string(),
  }),
  cgroupVersion: z.enum(['v1', 'v2']).nullable(),
  /** /proc/pressure/cpu exists and is readable (PSI enabled). */
  pressureAvailable: z.boolean(),
  /** Calls that failed or timed out, in plain words. */
  warnings: z.array(z.string()),
});

export type DiskInventory = z.infer<typeof DiskInventorySchema>;
export type HostInventory = z.infer<typeof HostInventorySchema>;

export interface HostInventoryOptions {
  /** Per systeminformation call; default 2000 ms (the calls run in parallel). */
  timeoutMs?: number;
}

async function withTimeout<T>(label: string, work: () => Promise<T>, timeoutMs: number, warnings: string[]): Promise<T | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => {
      warnings.push(`${label} did not answer within ${timeoutMs} ms`);
      resolve(null);
    }, timeoutMs);
    timer.unref();
  });
  try {
    return await Promise.race([
      work().catch((err: unknown) => {
        warnings.push(`${label} failed: ${errorMessage(err)}`);
        return null;
      }),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

const nonEmpty = (s: string | undefined | null): string | null => (s === undefined || s === null || s.trim() === '' ? null : s.trim());

/** Interface guessed from the kernel name when systeminformation has none. */
function interfaceFromName(name: string): string | null {
  if (name.startsWith('nvme')) return 'NVMe';
  if (name.startsWith('vd')) return 'virtio';
  if (name.startsWith('xvd')) return 'xen';
  if (name.startsWith('sd')) return 'SCSI/SATA';
  if (name.startsWith('mmcblk')) return 'MMC';
  return null;
}

/** Pure: one disk entry from what the kernel and systeminformation said about it. */
export function classifyDisk(input: {
  name: string;
  sizeBytes: number;
  model: string | null;
  rotational: boolean | null;
  interfaceType: string | null;
}): DiskInventory {
  const interfaceType = input.interfaceType ?? interfaceFromName(input.name);
  const nvme = input.name.startsWith('nvme') || /nvme/i.test(interfaceType ?? '');
  const type = nvme ? 'nvme' : input.rotational === null ? 'unknown' : input.rotational ? 'hdd' : 'ssd';
  return { name: input.name, sizeBytes: input.sizeBytes, model: input.model, type, nvme, rotational: input.rotational, interfaceType };
}

async function readRotational(name: string): Promise<boolean | null> {
  try {
    const v = (await readTextFile(`/sys/block/${name}/queue/rotational`)).trim();
    return v === '1' ? true : v === '0' ? false : null;
  } catch {
    return null;
  }
}

async function readSizeBytes(name: string): Promise<number> {
  try {
    return Number((await readTextFile(`/sys/block/${name}/size`)).trim()) * 512;
  } catch {
    return 0;
  }
}

async function collectDisks(
  blockDevices: Systeminformation.BlockDevicesData[] | null,
  layout: Systeminformation.DiskLayoutData[] | null,
): Promise<DiskInventory[]> {
  let names: string[];
  if (blockDevices !== null) names = blockDevices.filter((b) => b.type === 'disk').map((b) => b.name);
  else names = await readdir('/sys/block').catch(() => []);
  names = [...new Set(names)].filter((n) => !isVirtualDisk(n)).sort();
  return Promise.all(
    names.map(async (name) => {
      const block = blockDevices?.find((b) => b.name === name);
      const lay = layout?.find((l) => l.device === `/dev/${name}` || l.device === name);
      return classifyDisk({
        name,
        sizeBytes: block?.size ?? lay?.size ?? (await readSizeBytes(name)),
        model: nonEmpty(lay?.name) ?? nonEmpty(block?.model),
        rotational: await readRotational(name),
        interfaceType: nonEmpty(lay?.interfaceType) ?? nonEmpty(block?.protocol),
      });
    }),
  );
}

/** Collects the host inventory; typically 50–200 ms, bounded by `timeoutMs`. */
export async function collectHostInventory(options: HostInventoryOptions = {}): Promise<HostInventory> {
  const timeoutMs = options.timeoutMs ?? 2000;
  const warnings: string[] = [];
  const [cpu, system, mem, osInfo, blockDevices, diskLayout, cgroup, pressure] = await Promise.all([
    withTimeout('systeminformation.cpu()', () => si.cpu(), timeoutMs, warnings),
    withTimeout('systeminformation.system()', () => si.system(), timeoutMs, warnings),
    withTimeout('systeminformation.mem()', () => si.mem(), timeoutMs, warnings),
    withTimeout('systeminformation.osInfo()', () => si.osInfo(), timeoutMs, warnings),
    withTimeout('systeminformation.blockDevices()', () => si.blockDevices(), timeoutMs, warnings),
    withTimeout('systeminformation.diskLayout()', () => si.diskLayout(), timeoutMs, warnings),
    detectCgroupLayout().catch(() => null),
    readTextFile('/proc/pressure/cpu').then(
      () => true,
      () => false,
    ),
  ]);

  const nodeCpus = os.cpus();
  const brand = nonEmpty(cpu?.brand);
  const manufacturer = nonEmpty(cpu?.manufacturer);
  const siModel = brand === null ? null : manufacturer !== null && !brand.startsWith(manufacturer) ? `${manufacturer} ${brand}` : brand;
  const hypervisorFlag = cpu?.flags.split(' ').includes('hypervisor') ?? false;
  const virtual = (system?.virtual ?? false) || hypervisorFlag;

  const inventory: HostInventory = {
    collectedAt: new Date().toISOString(),
    hostname: os.hostname(),
    cpu: {
      model: siModel ?? nodeCpus[0]?.model.trim() ?? 'unknown',
      vendor: nonEmpty(cpu?.vendor),
      physicalCores: cpu !== null && cpu.physicalCores > 0 ? cpu.physicalCores : null,
      logicalCores: Math.max(1, nodeCpus.length),
      availableCores: os.availableParallelism(),
      sockets: cpu !== null && cpu.processors > 0 ? cpu.processors : null,
      speedGHz: cpu !== null && cpu.speed > 0 ? cpu.speed : null,
    },
    virtualization: {
      virtual,
      hypervisor: nonEmpty(system?.virtualHost) ?? (virtual ? 'unknown' : null),
      systemModel: nonEmpty(system?.model),
    },
    memory: {
      totalBytes: mem?.total ?? os.totalmem(),
      swapTotalBytes: mem?.swaptotal ?? null,
    },
    disks: await collectDisks(blockDevices, diskLayout),
    os: {
      platform: os.platform(),
      distro: nonEmpty(osInfo?.distro),
      release: nonEmpty(osInfo?.release),
      kernel: os.release(),
      arch: os.arch(),
    },
    cgroupVersion: cgroup?.version ?? null,
    pressureAvailable: pressure,
    warnings,
  };
  return HostInventorySchema.parse(inventory);
}
