import { fileURLToPath } from 'node:url';
import { buildForkAddon } from './fork-addon-build.js';

// Part of `npm run build`: the Node fork server's addon, compiled into dist/ beside the fork server. Where it cannot
// be (not Linux, no C compiler), the build says so in one line and goes on: Node agents then start fresh, slower,
// with the same outcomes.

const source = fileURLToPath(new URL('../../harness/runtimes/node/fork-addon.c', import.meta.url));
const addon = fileURLToPath(new URL('../harness/runtimes/node/fork-addon.node', import.meta.url));
const notBuilt = buildForkAddon(source, addon, process.env.CC || 'cc');
if (notBuilt !== null)
  console.log(`sockmatrix build: the Node fork server is not built, ${notBuilt}: Node agents will start fresh, slower`);
