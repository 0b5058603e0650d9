import type { Report } from '../../report.js';
import type { CellSnippets } from '../../snippets/snippet.js';
import { type PageData, pageCell, SnippetTable } from './cell-data.js';
import { type CellIndexes, indexCells } from './grid-table.js';

// The cells a page's script can open, gathered report by report (a profile set has several): each report cell
// gets the index its grid button carries.

/** The page's cells and programs, as they are added. */
export class PageCells {
  private readonly data: PageData = { cells: [], snippets: [] };
  private readonly snippets = new SnippetTable();

  constructor(private readonly snippetsOf: CellSnippets) {}

  /** Add a report's cells; the indexes find them by grid position or by cell id. */
  add(report: Report, anchorPrefix: string): CellIndexes & { byId: (cellId: string) => number | undefined } {
    const first = this.data.cells.length;
    for (const cell of report.cells) this.data.cells.push(pageCell(report, cell, this.snippets, this.snippetsOf, anchorPrefix));
    const byId = new Map<string, number>();
    report.cells.forEach((cell, index) => {
      if (!byId.has(cell.id)) byId.set(cell.id, first + index);
    });
    const flag = (index: number): 'deviated' | 'flaky' | null => {
      const kind = this.data.cells[index]?.verdict?.kind;
      return kind === 'deviated' || kind === 'flaky' ? kind : null;
    };
    return { ...indexCells(report.cells, first, flag), byId: (cellId) => byId.get(cellId) };
  }

  /** The page's data, for its JSON block. */
  pageData(): PageData {
    return { cells: this.data.cells, snippets: this.snippets.snippets };
  }
}
