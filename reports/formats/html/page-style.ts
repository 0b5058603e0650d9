// The page's style sheet, inline: the page loads nothing. Colours say the status at a glance; the marks and
// codes in the cells say it without colour (and in print).

/** The CSS every sockmatrix page carries. */
export const pageStyle = `
:root {
  color-scheme: light dark;
  --bg: #ffffff; --fg: #1c2330; --muted: #5d6674; --line: #d5dae1; --head: #f3f5f8; --head-strong: #e6eaf0;
  --accent: #2557d6; --panel-shadow: rgba(16, 24, 40, 0.18);
  --ok-bg: #d9f2de; --ok-fg: #145c2a; --fail-bg: #fbe0dd; --fail-fg: #9e2117;
  --harness-bg: #fff0b8; --harness-fg: #6e4400; --absent-fg: #9aa1ab; --code-bg: #f1f3f6;
  --panel-width: min(clamp(360px, 40vw, 500px), 100vw - 32px);
  --mono: ui-monospace, SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", "Liberation Mono", monospace;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #14181f; --fg: #e3e7ee; --muted: #9aa3b2; --line: #323a47; --head: #1c222c; --head-strong: #252d39;
    --accent: #7aa2ff; --panel-shadow: rgba(0, 0, 0, 0.5);
    --ok-bg: #17402a; --ok-fg: #a6e9b8; --fail-bg: #4a1d1a; --fail-fg: #ffb4ab;
    --harness-bg: #4a3a05; --harness-fg: #ffe08a; --absent-fg: #6b7380; --code-bg: #222934;
  }
}
* { box-sizing: border-box; }
[hidden] { display: none !important; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; background: var(--bg); color: var(--fg); font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", "Liberation Sans", Arial, sans-serif; }
main { padding: 20px 24px 48px; }
h1 { font-size: 20px; margin: 0 0 4px; line-height: 1.3; }
h2 { font-size: 17px; margin: 28px 0 8px; }
h3 { font-size: 15px; margin: 20px 0 6px; }
h1 .sub, h2 .sub, h3 .sub { font-weight: 400; color: var(--muted); font-size: 13px; }
p { margin: 6px 0; }
code, pre, kbd { font-family: var(--mono); font-size: 12.5px; }
code { background: var(--code-bg); padding: 0 3px; border-radius: 3px; overflow-wrap: anywhere; }
pre { background: var(--code-bg); padding: 10px 12px; border-radius: 6px; overflow: auto; margin: 6px 0; }
pre code { background: none; padding: 0; overflow-wrap: normal; }
a { color: var(--accent); }
.muted, .counts { color: var(--muted); }
.counts { margin: 2px 0 8px; font-size: 13px; }
.page-head { border-bottom: 1px solid var(--line); padding-bottom: 12px; }
.page-head .run-line { font-weight: 600; }
.page-head .env-line { color: var(--muted); }
.interrupted { color: var(--fail-fg); font-weight: 700; }
details.about { margin: 10px 0 0; }
details.about > summary { cursor: pointer; color: var(--accent); }
dl.pairs { display: grid; grid-template-columns: max-content 1fr; gap: 3px 14px; margin: 8px 0; }
dl.pairs dt { color: var(--muted); }
dl.pairs dd { margin: 0; }

/* Filters stay at hand while the grids scroll by. */
.filters { position: sticky; top: 0; z-index: 20; display: flex; flex-wrap: wrap; align-items: center; gap: 6px 16px; padding: 8px 0;
  background: var(--bg); border-bottom: 1px solid var(--line); margin-top: 12px; }
.filters fieldset { border: 0; margin: 0; padding: 0; display: flex; flex-wrap: wrap; align-items: center; gap: 2px 6px; }
.filters legend { float: left; font-weight: 600; margin-right: 4px; padding: 0; }
.filters label { display: inline-flex; align-items: center; gap: 4px; white-space: nowrap; cursor: pointer; }
.filters .tail { margin-left: auto; display: flex; align-items: center; gap: 10px; color: var(--muted); }
button.text { font: inherit; color: var(--accent); background: none; border: 0; padding: 0; cursor: pointer; text-decoration: underline; }

/* The grids: sticky headers, scrolling sideways inside the grid, compact cells. */
.grid-block { margin-top: 8px; }
.grid-block .key { margin: 4px 0 0; font-size: 12.5px; color: var(--muted); max-width: 900px; }
.grid-scroll { overflow: auto; width: fit-content; max-width: 100%; max-height: calc(100vh - 120px); border: 1px solid var(--line); border-radius: 6px; }
table.grid { border-collapse: separate; border-spacing: 0; font-size: 12px; }
table.grid th, table.grid td { border-right: 1px solid var(--line); border-bottom: 1px solid var(--line); padding: 0; }
table.grid thead th { position: sticky; top: 0; z-index: 2; background: var(--head); font: 600 11px/1.25 var(--mono); padding: 6px 4px;
  vertical-align: bottom; text-align: center; min-width: 52px; }
table.grid thead th .col-label { display: inline-block; max-width: 84px; overflow-wrap: break-word; }
table.grid tbody th { position: sticky; left: 0; z-index: 1; background: var(--head); font: 500 11.5px/1.2 var(--mono); padding: 0 10px 0 8px;
  text-align: left; white-space: nowrap; }
table.grid thead th.corner { left: 0; z-index: 3; text-align: left; white-space: nowrap; color: var(--muted); font-weight: 500; background: var(--head-strong); }
table.grid tbody tr.group-start > * { border-top: 2px solid var(--muted); }
table.grid th.group-start, table.grid td.group-start { border-left: 2px solid var(--muted); }
table.grid tbody tr:hover th { background: var(--head-strong); }
table.grid td .absent { display: block; text-align: center; color: var(--absent-fg); padding: 4px; }
button.cell { display: block; width: 100%; min-height: 24px; margin: 0; border: 0; border-radius: 0; padding: 3px 4px; cursor: pointer;
  font: 500 11px/1.2 var(--mono); white-space: nowrap; text-align: center; position: relative; }
button.cell.connected { font-size: 14px; font-weight: 700; line-height: 1; }
button.cell.coexisted { font-weight: 700; }
button.cell .sym { font-size: 9px; margin-right: 2px; vertical-align: 1px; opacity: 0.75; }
button.cell:hover { filter: brightness(0.94) saturate(1.3); }
button.cell:focus-visible { outline: 2px solid var(--accent); outline-offset: -2px; }
button.cell.selected { outline: 3px solid var(--fg); outline-offset: -3px; }
button.cell.deviated, button.cell.flaky { box-shadow: inset 0 0 0 2px var(--accent); }
button.cell.deviated::after, button.cell.flaky::after { position: absolute; top: 1px; right: 2px; font: 700 10px/1 var(--mono); color: var(--accent); }
button.cell.deviated::after { content: "\u0394"; }
button.cell.flaky::after { content: "~"; }
.connected, .coexisted { background: var(--ok-bg); color: var(--ok-fg); }
.failed { background: var(--fail-bg); color: var(--fail-fg); }
.harness-error { background: repeating-linear-gradient(135deg, var(--harness-bg) 0 6px, transparent 6px 9px), var(--harness-bg); color: var(--harness-fg); font-weight: 700; }
.sym { margin-right: 3px; font-size: 0.9em; }
.chip { display: inline-block; min-width: 22px; padding: 1px 6px; border-radius: 4px; font: 500 12px/1.4 var(--mono); text-align: center; white-space: nowrap; }
.chip.absent { color: var(--absent-fg); }
.none-shown { padding: 16px 0; color: var(--muted); }
.hint { color: var(--muted); font-size: 13px; margin: 8px 0 0; }

/* The legend. */
dl.legend { display: grid; grid-template-columns: max-content 1fr; gap: 4px 12px; align-items: baseline; margin: 8px 0; }
dl.legend dt { text-align: right; }
dl.legend dd { margin: 0; }

/* The check. */
.check { border: 1px solid var(--line); border-left: 4px solid var(--ok-fg); border-radius: 6px; padding: 4px 14px 8px; margin-top: 16px; }
.check.failed-check { border-left-color: var(--fail-fg); }
.check h2 { margin-top: 8px; }
ul.verdicts { margin: 4px 0; padding-left: 18px; }
.verdict-kind { font-weight: 700; }
button.link { font: inherit; font-family: var(--mono); font-size: 12.5px; color: var(--accent); background: none; border: 0; padding: 0; cursor: pointer; text-decoration: underline; text-align: left; }

/* A cell's evidence: a panel on the right, over the page or beside the grid where the window is wide. */
.panel { position: fixed; top: 0; right: 0; bottom: 0; z-index: 40; width: var(--panel-width); overflow: auto; background: var(--bg);
  border-left: 1px solid var(--line); box-shadow: -8px 0 24px var(--panel-shadow); padding: 0 18px 24px; }
.panel:focus { outline: none; }
.panel-head { position: sticky; top: 0; background: var(--bg); display: flex; align-items: flex-start; gap: 10px; padding: 14px 0 8px;
  border-bottom: 1px solid var(--line); }
.panel-head h2 { margin: 0; font-size: 14px; flex: 1; }
.panel-head h2 code { background: none; padding: 0; font-size: 13px; }
button.close { font: 20px/1 system-ui, sans-serif; background: none; border: 1px solid var(--line); border-radius: 4px; width: 30px; height: 28px;
  cursor: pointer; color: var(--fg); }
.panel .outcome { margin-top: 12px; }
.panel dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 3px 12px; margin: 12px 0; }
.panel dl.facts dt { color: var(--muted); }
.panel dl.facts dd { margin: 0; }
.panel ul { padding-left: 18px; margin: 4px 0; }
.panel li { margin: 3px 0; }
.panel .verdict { border-left: 3px solid var(--fail-fg); padding-left: 8px; }
.panel .verdict.new, .panel .verdict.matched { border-left-color: var(--muted); }
.panel .explanation { background: var(--head); border-radius: 6px; padding: 2px 12px 8px; margin-top: 12px; }
.panel .explanation h3 { margin-top: 10px; }
.panel .rule { color: var(--muted); font-size: 12px; }
.panel .change-title { font-weight: 600; }
figure.snippet { margin: 10px 0; }
figure.snippet figcaption { display: flex; flex-wrap: wrap; align-items: center; gap: 6px; }
button.copy { margin-left: auto; font: 12px system-ui, sans-serif; padding: 3px 10px; border: 1px solid var(--line); border-radius: 4px;
  background: var(--head); color: var(--fg); cursor: pointer; }
/* Over the page, the panel would hide the grid's last columns: room to scroll them out from under it. */
@media (max-width: 1299px) {
  body.panel-open table.grid { margin-right: var(--panel-width); }
}
@media (min-width: 1300px) {
  body.panel-open main { margin-right: var(--panel-width); }
  .panel { box-shadow: none; }
}

/* Diff and merge tables. */
table.rows { border-collapse: separate; border-spacing: 0; font-size: 13px; }
table.rows th, table.rows td { border-bottom: 1px solid var(--line); padding: 4px 10px; text-align: left; vertical-align: top; }
table.rows thead th { position: sticky; top: 0; background: var(--head); z-index: 1; }
table.rows td.outcome, table.rows th.outcome { text-align: center; }
table.rows td.cell-id { font-family: var(--mono); font-size: 12px; }
table.rows tr.differs td.mark { color: var(--fail-fg); font-weight: 700; }
.sides { display: grid; grid-template-columns: repeat(auto-fit, minmax(320px, 1fr)); gap: 12px; margin: 12px 0; }
.side { border: 1px solid var(--line); border-radius: 6px; padding: 8px 14px; }
.side h2 { margin: 4px 0; }
.headline { font-weight: 700; font-size: 15px; }
nav.toc ul { margin: 4px 0; padding-left: 18px; }
section.profile { border-top: 2px solid var(--line); margin-top: 28px; }
@media print {
  .filters, .panel { display: none !important; }
  .grid-scroll { max-height: none; overflow: visible; }
}
`;
