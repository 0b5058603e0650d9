import { describe, expect, it } from 'vitest';
import { floorCommand, startsDiffer } from '../../bench/floor.js';

// The floor's two starts: as the agents start (their environment), and as this shell starts the interpreter.

const node = { file: '/usr/bin/node', args: ['-e', ''], unsetEnvironment: ['NODE_EXTRA_CA_CERTS'] };
const python = { file: '/usr/bin/python3', args: ['-I', '-S', '-c', ''] };

describe('the bench floor', () => {
  it('prints the agents’ start with the environment they get', () => {
    expect(floorCommand(node, 100, 4)).toBe(
      'time (seq 100 | env -u NODE_EXTRA_CA_CERTS NODE_OPTIONS= xargs -P 4 -n 1 /usr/bin/node -e "" >/dev/null)',
    );
    expect(floorCommand(python, 100, 4)).toBe('time (seq 100 | env NODE_OPTIONS= xargs -P 4 -n 1 /usr/bin/python3 -I -S -c "" >/dev/null)');
  });

  it('prints the shell’s start as a plain command', () => {
    expect(floorCommand(node, 100, 4, 'shell')).toBe('time (seq 100 | xargs -P 4 -n 1 /usr/bin/node -e "" >/dev/null)');
  });

  it('tells whether the shell sets something the agents start without', () => {
    expect(startsDiffer(node, { PATH: '/usr/bin' })).toBe(false);
    expect(startsDiffer(node, { NODE_EXTRA_CA_CERTS: '/etc/ssl/ca.pem' })).toBe(true);
    expect(startsDiffer(python, { NODE_EXTRA_CA_CERTS: '/etc/ssl/ca.pem' })).toBe(false);
    expect(startsDiffer(python, { NODE_OPTIONS: '--inspect' })).toBe(true);
    expect(startsDiffer(python, { NODE_OPTIONS: '' })).toBe(false);
  });
});
