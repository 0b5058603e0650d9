// The page's one script: it opens a cell's evidence, filters the grids, and copies snippets. It is a constant:
// no report string is ever part of it. It reads the cells from the JSON block and puts every string in with
// textContent, never as markup. Plain browser JavaScript in a string, since the build has no DOM types; the
// browser tests (test/e2e/html.test.ts) run every part of it.

/** The script, as it goes into the page (its hash goes into the page's Content-Security-Policy). */
export const pageScript = `(() => {
  'use strict';
  const source = document.getElementById('sockmatrix-data');
  const data = source === null ? { cells: [], snippets: [] } : JSON.parse(source.textContent || '{}');
  const panel = document.getElementById('cell-panel');
  const panelTitle = document.getElementById('panel-title');
  const panelBody = document.getElementById('panel-body');
  let opener = null;

  const element = (tag, className, text) => {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  };
  const line = (parts, tag) => {
    const node = element(tag || 'span');
    for (const part of parts) {
      if (typeof part === 'string') node.append(document.createTextNode(part));
      else node.append(element('code', '', part.code));
    }
    return node;
  };
  const heading = (text) => element('h3', '', text);
  const symbols = { connected: '', coexisted: '', failed: '✗', 'harness-error': '' };
  const chip = (cell) => {
    const node = element('span', 'chip ' + cell.status);
    if (symbols[cell.status]) node.append(element('span', 'sym', symbols[cell.status]));
    node.append(document.createTextNode(cell.code));
    return node;
  };

  const copyButton = (text, target) => {
    const button = element('button', 'copy', 'Copy');
    button.type = 'button';
    button.addEventListener('click', async () => {
      try {
        await navigator.clipboard.writeText(text);
        button.textContent = 'Copied';
      } catch {
        // No clipboard here (an old browser, or a page it does not trust): select the code for Ctrl+C instead.
        const range = document.createRange();
        range.selectNodeContents(target);
        const selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
        button.textContent = 'Selected: press Ctrl+C';
      }
      setTimeout(() => { button.textContent = 'Copy'; }, 2000);
    });
    return button;
  };

  const snippetBlock = (snippet) => {
    const figure = element('figure', 'snippet');
    const caption = element('figcaption');
    const code = element('code', 'language-' + snippet.language, snippet.code);
    const pre = element('pre');
    pre.append(code);
    const words = element('span');
    words.append(element('strong', '', snippet.title), document.createTextNode(' run with '), element('code', '', snippet.run));
    caption.append(words, copyButton(snippet.code, code));
    figure.append(caption, pre);
    return figure;
  };

  const render = (cell) => {
    panelTitle.replaceChildren(element('code', '', cell.id));
    const body = [];
    const status = element('p', 'outcome');
    status.append(chip(cell), document.createTextNode(' '), line(cell.outcome));
    body.push(status);
    if (cell.verdict) {
      const verdict = element('p', 'verdict ' + cell.verdict.kind);
      verdict.append(element('strong', '', 'check: ' + cell.verdict.kind), document.createTextNode(' ' + cell.verdict.text));
      body.push(verdict);
    }
    const facts = element('dl', 'facts');
    for (const [name, value] of cell.facts) facts.append(element('dt', '', name), line(value, 'dd'));
    body.push(facts);
    if (cell.explanation) {
      const why = element('section', 'explanation');
      why.append(heading('Why'), element('p', '', cell.explanation.why));
      if (cell.explanation.change.length > 0) {
        const list = element('ul');
        for (const change of cell.explanation.change) list.append(element('li', '', change));
        why.append(element('p', 'change-title', 'What to change:'), list);
      }
      const rule = element('p', 'rule');
      rule.append(document.createTextNode('rule '), element('code', '', cell.explanation.rule));
      why.append(rule);
      body.push(why);
    }
    const observed = element('section', 'observed');
    const sides = element('ul');
    for (const seen of cell.observed) sides.append(line(seen, 'li'));
    observed.append(heading('What each side observed'), sides);
    if (cell.stderr !== null) {
      const pre = element('pre', 'stderr');
      pre.append(element('code', '', cell.stderr.trim() === '' ? '(empty)' : cell.stderr));
      observed.append(element('p', '', 'The agent’s stderr:'), pre);
    }
    body.push(observed);
    if (cell.snippets) {
      const repro = element('section', 'repro');
      repro.append(heading('Reproduce'));
      for (const index of cell.snippets) if (data.snippets[index]) repro.append(snippetBlock(data.snippets[index]));
      body.push(repro);
    }
    panelBody.replaceChildren(...body);
  };

  const select = (index) => {
    for (const button of document.querySelectorAll('button[data-cell].selected')) button.classList.remove('selected');
    for (const button of document.querySelectorAll('table.grid button[data-cell="' + index + '"]')) button.classList.add('selected');
  };
  // The opened cell stays in sight: its grid scrolls sideways so the panel does not cover it, where it can.
  const keepInView = (button) => {
    const scroller = button.closest('.grid-scroll');
    if (scroller === null) return;
    const cell = button.getBoundingClientRect();
    const box = scroller.getBoundingClientRect();
    const rowHeader = button.closest('tr').cells[0].getBoundingClientRect();
    const left = rowHeader.right + 8;
    const right = Math.min(box.right, panel.getBoundingClientRect().left) - 8;
    if (cell.right > right) scroller.scrollLeft += Math.min(cell.right - right, cell.left - left);
    else if (cell.left < left) scroller.scrollLeft -= left - cell.left;
  };
  const open = (index, from) => {
    const cell = data.cells[index];
    if (!cell || panel === null) return;
    render(cell);
    select(index);
    opener = from || null;
    panel.hidden = false;
    document.body.classList.add('panel-open');
    history.replaceState(null, '', '#cell=' + encodeURIComponent(cell.anchor));
    panel.focus({ preventScroll: true });
    if (from && from.closest('table.grid')) keepInView(from);
  };
  const close = () => {
    if (panel === null || panel.hidden) return;
    panel.hidden = true;
    document.body.classList.remove('panel-open');
    select(-1);
    history.replaceState(null, '', location.pathname + location.search);
    if (opener && opener.isConnected) opener.focus();
    opener = null;
  };

  document.addEventListener('click', (event) => {
    const target = event.target instanceof Element ? event.target : null;
    if (target === null) return;
    const button = target.closest('button[data-cell]');
    if (button) open(Number(button.dataset.cell), button);
    else if (target.closest('[data-close]')) close();
  });

  // Arrow keys move between the visible cells of a grid, as in a spreadsheet.
  const moves = { ArrowLeft: [0, -1], ArrowRight: [0, 1], ArrowUp: [-1, 0], ArrowDown: [1, 0] };
  const visibleButton = (td) => {
    const button = td && !td.hidden ? td.querySelector('button[data-cell]') : null;
    return button && !button.hidden ? button : null;
  };
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      close();
      return;
    }
    const move = moves[event.key];
    const target = event.target instanceof Element ? event.target : null;
    if (!move || target === null || !target.matches('table.grid button[data-cell]')) return;
    const td = target.closest('td');
    const tr = td.parentElement;
    const rows = Array.from(tr.parentElement.rows).filter((row) => !row.hidden);
    let rowIndex = rows.indexOf(tr);
    let columnIndex = td.cellIndex;
    for (;;) {
      rowIndex += move[0];
      columnIndex += move[1];
      const row = rows[rowIndex];
      if (!row || columnIndex < 1 || columnIndex >= row.cells.length) return;
      const next = visibleButton(row.cells[columnIndex]);
      if (next) {
        event.preventDefault();
        next.focus();
        return;
      }
    }
  });

  const filters = Array.from(document.querySelectorAll('input[data-filter]'));
  const shownCount = document.getElementById('shown-count');
  const noneShown = document.getElementById('none-shown');
  const applyFilters = () => {
    const off = { transport: new Set(), sr: new Set(), cr: new Set(), status: new Set() };
    for (const input of filters) if (!input.checked) off[input.dataset.filter].add(input.value);
    let shown = 0;
    let total = 0;
    for (const block of document.querySelectorAll('.grid-block')) {
      const table = block.querySelector('table.grid');
      const headers = Array.from(table.tHead.rows[0].cells).slice(1);
      const rows = Array.from(table.tBodies[0].rows);
      const columnShown = headers.map(() => false);
      const transportOff = off.transport.has(block.dataset.transport);
      let blockShown = false;
      for (const row of rows) {
        let rowShown = false;
        headers.forEach((header, column) => {
          const button = row.cells[column + 1].querySelector('button[data-cell]');
          if (!button) return;
          total += 1;
          const show = !transportOff && !off.sr.has(row.dataset.sr) && !off.cr.has(header.dataset.cr) && !off.status.has(button.dataset.status);
          button.hidden = !show;
          if (!show) return;
          shown += 1;
          rowShown = true;
          columnShown[column] = true;
        });
        row.hidden = !rowShown;
        blockShown = blockShown || rowShown;
      }
      headers.forEach((header, column) => {
        header.hidden = !columnShown[column];
        for (const row of rows) row.cells[column + 1].hidden = !columnShown[column];
      });
      block.hidden = !blockShown;
    }
    if (shownCount) shownCount.textContent = shown === total ? 'all ' + total + ' cells shown' : shown + ' of ' + total + ' cells shown';
    if (noneShown) noneShown.hidden = shown > 0;
  };
  for (const input of filters) input.addEventListener('change', applyFilters);
  const reset = document.getElementById('filters-reset');
  if (reset) reset.addEventListener('click', () => {
    for (const input of filters) input.checked = true;
    applyFilters();
  });
  applyFilters();

  // A link to a cell (report.html#cell=<id>) opens it.
  if (location.hash.startsWith('#cell=')) {
    let anchor = '';
    try { anchor = decodeURIComponent(location.hash.slice(6)); } catch { anchor = ''; }
    const index = data.cells.findIndex((cell) => cell.anchor === anchor);
    const button = document.querySelector('table.grid button[data-cell="' + index + '"]');
    if (index >= 0) {
      open(index, button);
      if (button) button.scrollIntoView({ block: 'center', inline: 'center' });
    }
  }
})();
`;
