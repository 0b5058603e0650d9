import { commandText } from '../../matrix/program-command.js';
import { aboutLines, commentText, programText } from './program-text.js';
import { type SideWriters, type Snippet, type SnippetCell, snippetPort } from './snippet.js';

// A user's own program's side of a cell: its command as sockmatrix ran it, placeholders filled, on the snippets' port.
// The program is the user's; what sockmatrix adds is the address and port it was told.

const programSnippet = (cell: SnippetCell, side: 'server' | 'client'): Snippet => {
  const endpoint = cell[side];
  const run = `sh ${side}.sh`;
  const command =
    endpoint.program === undefined
      ? '# (this report does not record the command)'
      : commandText(endpoint.program, { address: endpoint.address, port: snippetPort, family: endpoint.family });
  const lines = [
    ...aboutLines({ ...cell, [side]: { ...endpoint, agent: undefined } }, side, run).map((line) => `# ${line}`),
    `# ${commentText(`Your own program, ${endpoint.agent ?? 'custom'}, as sockmatrix started it (on port ${snippetPort} here).`)}`,
    command,
  ];
  return { runtime: 'program', side, language: 'shell', code: programText(lines), run };
};

/** A user's program's command for either side of a cell. */
export const programSnippets: SideWriters = {
  server: (cell) => programSnippet(cell, 'server'),
  client: (cell) => programSnippet(cell, 'client'),
};
