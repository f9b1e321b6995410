import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { detectCgroupVersion } from './cgroup-throttling.js';
import { classifyDisk, collectHostInventory, HostInventorySchema } from './host-inventory.js';

describe('classifyDisk', () => {
  const base = { sizeBytes: 1e12, model: null };
  it('NVMe by name or interface, else SSD/HDD from rotational', () => {
    expect(classifyDisk({ ...base, name: 'nvme0n1', rotational: false, interfaceType: null })).toMatchObject({ type: 'nvme', nvme: true, interfaceType: 'NVMe' });
    expect(classifyDisk({ ...base, name: 'sda', rotational: false, interfaceType: 'NVMe' })).toMatchObject({ type: 'nvme', nvme: true });
    expect(classifyDisk({ ...base, name: 'sda', rotational: true, interfaceType: 'SATA' })).toMatchObject({ type: 'hdd', nvme: false });
    expect(classifyDisk({ ...base, name: 'vda', rotational: false, interfaceType: null })).toMatchObject({ type: 'ssd', interfaceType: 'virtio' });
    expect(classifyDisk({ ...base, name: 'xvda', rotational: null, interfaceType: null })).toMatchObject({ type: 'unknown', interfaceType: 'xen' });
  });
});

describe('collectHostInventory (on this machine)', () => {
  it('is fast, valid against its schema and agrees with node:os and /proc', async () => {
    const t0 = performance.now();
    const inv = await collectHostInventory();
    expect(performance.now() - t0).toBeLessThan(10_000); // bounded by its own 2 s timeouts
    expect(HostInventorySchema.parse(inv)).toEqual(inv);
    expect(inv.cpu.logicalCores).toBe(os.cpus().length);
    expect(inv.cpu.availableCores).toBeLessThanOrEqual(inv.cpu.logicalCores);
    if (inv.cpu.physicalCores !== null) expect(inv.cpu.physicalCores).toBeLessThanOrEqual(inv.cpu.logicalCores);
    expect(inv.memory.totalBytes).toBeGreaterThan(os.totalmem() * 0.9);
    expect(inv.os.kernel).toBe(os.release());
    expect(inv.cgroupVersion).toBe(await detectCgroupVersion());
    expect(inv.pressureAvailable).toBe(existsSync('/proc/pressure/cpu'));
    // a VM's CPU says so in its flags; the inventory must not call such a host bare metal
    if (/\bhypervisor\b/.test(readFileSync('/proc/cpuinfo', 'utf8'))) expect(inv.virtualization.virtual).toBe(true);
    for (const d of inv.disks) expect(d.name).not.toMatch(/^(loop|ram|zram)/);
    expect(inv.warnings).toEqual([]);
  });

  it('a call that outlives the timeout becomes a warning, not a hang', async () => {
    const t0 = performance.now();
    const inv = await collectHostInventory({ timeoutMs: 1 });
    expect(performance.now() - t0).toBeLessThan(10_000); // bounded by its own 2 s timeouts
    // fallbacks from node:os keep the record valid
    expect(HostInventorySchema.safeParse(inv).success).toBe(true);
    expect(inv.cpu.logicalCores).toBe(os.cpus().length);
    expect(inv.warnings.some((w) => /did not answer within 1 ms/.test(w))).toBe(true);
  });
});
