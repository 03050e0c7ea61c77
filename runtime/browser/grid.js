// Table grid rules shared by page_helpers.js (columnOf, table reads) and the "column" selector
// engine (column_engine.js): each holds this text where it says /* grid.js */ (see
// runtime/browser/scripts.py). Columns are grid columns, not DOM positions: a cell spanning
// two columns (colspan="2") counts as two, a cell spanning rows (rowspan) holds its column in
// the rows below; a header's sort arrow ("Customer ▲") is no part of its name.
const CELL = "td, th, [role=cell], [role=gridcell], [role=columnheader], [role=rowheader]";
const HEAD = "th, [role=columnheader]";
const ROWS = "tr, [role=row]";
const TABLES = "table, [role=table], [role=grid], [role=treegrid]";
function cellsOf(row) {
  return [...row.querySelectorAll(CELL)].filter(
    (c) => c.parentElement && c.parentElement.closest(ROWS) === row);
}
function headName(text) {
  const squeeze = (s) => (s || "").replace(/\s+/g, " ").trim();
  return squeeze(squeeze(text).replace(/[▲▼△▽▴▾↑↓⇅⇵↕]+\s*$/u, ""));
}
function spanOf(cell, attr, aria) {
  return Math.max(1, Number(cell[attr]) || Number(cell.getAttribute(aria)) || 1);
}
// Each cell of ``table`` -> [its first grid column, how many columns it spans].
function gridOf(table) {
  const out = new Map();
  const taken = [];  // taken[r] = the columns held by rowspans from above
  const rows = [...table.querySelectorAll(ROWS)].filter((r) => r.closest(TABLES) === table);
  rows.forEach((row, r) => {
    const held = taken[r] || new Set();
    let col = 0;
    for (const cell of cellsOf(row)) {
      while (held.has(col)) col++;
      const span = spanOf(cell, "colSpan", "aria-colspan");
      const down = spanOf(cell, "rowSpan", "aria-rowspan");
      out.set(cell, [col, span]);
      for (let d = 1; d < down && r + d < rows.length; d++) {
        taken[r + d] = taken[r + d] || new Set();
        for (let k = 0; k < span; k++) taken[r + d].add(col + k);
      }
      col += span;
    }
  });
  return out;
}
