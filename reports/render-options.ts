// What every renderer is told about where its text goes.

/** How to render: the terminal's width in columns, and whether ANSI colours are wanted. */
export interface RenderOptions {
  width: number;
  color: boolean;
}
