// What every renderer is told about where its text goes.

/** How to render: the terminal's width in columns, and whether ANSI colours are wanted. */
export interface RenderOptions {
  width: number;
  color: boolean;
}

/** What the merge renderers are told beyond width and colour: whether to show every row or only those that differ. */
export interface MergeRenderOptions extends RenderOptions {
  all: boolean;
}
