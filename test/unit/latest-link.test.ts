import { describe, expect, it } from 'vitest';
import { latestLinkPlan } from '../../reports/latest-link.js';

describe('latestLinkPlan', () => {
  it.each([
    { platform: 'linux', outDir: '/work/reports/runs', plan: { target: 'run-1', type: 'dir', removeOldFirst: false } },
    { platform: 'darwin', outDir: '/Users/ci/reports/runs', plan: { target: 'run-1', type: 'dir', removeOldFirst: false } },
    { platform: 'freebsd', outDir: '/home/ci/runs', plan: { target: 'run-1', type: 'dir', removeOldFirst: false } },
    {
      platform: 'win32',
      outDir: 'D:\\a\\sockmatrix\\reports\\runs',
      plan: { target: 'D:\\a\\sockmatrix\\reports\\runs\\run-1', type: 'junction', removeOldFirst: true },
    },
    {
      platform: 'win32',
      outDir: 'C:\\work\\runs\\',
      plan: { target: 'C:\\work\\runs\\run-1', type: 'junction', removeOldFirst: true },
    },
  ] as const)('on $platform: $plan.type to $plan.target', ({ platform, outDir, plan }) => {
    expect(latestLinkPlan(platform, outDir, 'run-1')).toEqual(plan);
  });
});
