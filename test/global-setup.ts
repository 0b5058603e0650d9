import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Every temporary folder the tests make, and the CLI runs they start, goes under one root that is removed at the end.
export default function setup(): () => void {
  const root = mkdtempSync(join(tmpdir(), 'sockmatrix-tests-'));
  process.env.TMPDIR = root;
  return () => rmSync(root, { recursive: true, force: true });
}
