import type { Environment } from '../../harness/environment-types.js';
import { errnoByNumber } from '../../harness/errno-numbers.js';
import type { ReportCell } from '../report.js';
import { factsOf, unmapped } from './facts.js';

// A symptom as people paste it: Node's `connect ECONNREFUSED ::1:3000`, Python's `socket.gaierror: [Errno -9]
// Address family for hostname not supported`. Read into a code, an address and a side, and matched against cells.

/** What a symptom line says: the error code, the address it names (if any), and whether it came from a bind. */
export interface Symptom {
  code: string;
  address: string | null;
  /** `server-bind` for listen/bind errors, `client` for connect/lookup/send ones, null when the line does not say. */
  side: 'server-bind' | 'client' | null;
}

const exceptionCodes: Readonly<Record<string, string>> = {
  ConnectionRefusedError: 'ECONNREFUSED',
  ConnectionResetError: 'ECONNRESET',
  TimeoutError: 'ETIMEDOUT',
};

// The loopback spellings sockmatrix knows, so a trailing :port can be told from the address (`::1:3000`).
const knownAddress = /^(::1|::ffff:127\.\d+\.\d+\.\d+|127\.\d+\.\d+\.\d+|::|0\.0\.0\.0|localhost)$/i;

// Each word as written, and without a trailing :port (Node writes `::1:3000` and `[::1]:3000` alike).
const addressIn = (line: string): string | null => {
  for (const word of line.split(/[\s,'"()]+/)) {
    for (const candidate of [word, word.replace(/:\d+$/, '')]) {
      const bare = candidate.replace(/^\[(.*)\]$/, '$1');
      if (knownAddress.test(bare)) return bare.toLowerCase();
    }
  }
  return null;
};

/** Read a pasted error line; null when it names no error code sockmatrix knows how to look for. */
export const parseSymptom = (line: string): Symptom | null => {
  const code =
    /\b(E[A-Z]{2,}(?:_[A-Z]+)?)\b/.exec(line)?.[1] ??
    errnoByNumber[/\[Errno (-?\d+)\]/.exec(line)?.[1] ?? ''] ??
    Object.entries(exceptionCodes).find(([name]) => line.includes(name))?.[1] ??
    null;
  if (code === null) return null;
  const side = /\b(listen|bind)\b/i.test(line) ? 'server-bind' : /\b(connect|getaddrinfo|send|recv|read)\b/i.test(line) ? 'client' : null;
  return { code, address: addressIn(line), side };
};

/** Whether a cell shows the symptom: the same code, on the same side, at the same address where the line names one. */
export const showsSymptom = (cell: ReportCell, environment: Environment, symptom: Symptom): boolean => {
  if (cell.kind === 'coexist') {
    // Two servers fail only at a bind or listen: the line's address is the server's that failed.
    const { outcome } = cell;
    if (outcome.status !== 'failed' || outcome.code !== symptom.code || symptom.side === 'client') return false;
    const where = outcome.phase === 'first-bind' ? cell.first.address : cell.second.address;
    return symptom.address === null || unmapped(where.toLowerCase()) === unmapped(symptom.address);
  }
  const { outcome } = cell;
  if (outcome.status !== 'failed' || outcome.code !== symptom.code) return false;
  const atBind = outcome.phase === 'server-bind';
  if (symptom.side === 'server-bind' && !atBind) return false;
  if (symptom.side === 'client' && atBind) return false;
  if (symptom.address === null) return true;
  const where = atBind ? cell.server.address : factsOf(cell, environment).target;
  return unmapped(where.toLowerCase()) === unmapped(symptom.address);
};
