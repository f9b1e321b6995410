import { describe, expect, it } from 'vitest';
import { profilePasses } from './resolved-run.js';

describe('profilePasses', () => {
  it('measures each profile once per data plane, the ambient pass under its own label', () => {
    expect(profilePasses(['dedicated', 'shared-core'], 'both')).toEqual([
      { label: 'dedicated', profile: 'dedicated', dataPlane: 'sidecar' },
      { label: 'dedicated-ambient', profile: 'dedicated', dataPlane: 'ambient' },
      { label: 'shared-core', profile: 'shared-core', dataPlane: 'sidecar' },
      { label: 'shared-core-ambient', profile: 'shared-core', dataPlane: 'ambient' },
    ]);
    expect(profilePasses(['dedicated'], 'sidecar')).toEqual([{ label: 'dedicated', profile: 'dedicated', dataPlane: 'sidecar' }]);
    expect(profilePasses(['dedicated'], 'ambient').map((p) => p.label)).toEqual(['dedicated-ambient']);
  });
});
