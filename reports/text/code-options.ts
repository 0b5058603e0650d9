// How the grids' codes are spelled, shared by the codes of both cell kinds.

/** How a code should be spelled: `ascii` swaps the check mark for `ok` and the dot for `-`. */
export interface CodeOptions {
  ascii: boolean;
}
