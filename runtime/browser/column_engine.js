// The "column" selector engine (registered with Playwright by runtime/browser/chromium.py):
// inside a table row, the cell of the column named by its header ('column="Customer"') or,
// for a table without one, by its position ('column=#2', 1-based). A row found by a data text
// is then found only by the cell of the column the recording found the text in:
//   page.get_by_role("row").filter(has=page.locator('column="Customer"').get_by_text(customer,
//   exact=True))
// page_helpers.js (columnOf) names a cell's column by the same rules, from the same grid.js.
// Rule: columns are grid columns, not DOM positions: a cell spanning two columns
// (colspan="2") counts as two, a cell spanning rows (rowspan) holds its column in the rows
// below, and a cell is in a column only when it spans exactly the header's columns (a
// "Legacy account" cell over Since and Plan is in neither; the cell after it is Customer's).
// A header's sort arrow ("Customer ▲") is no part of its name.
({
  queryAll(root, body) {
    const name = body.startsWith('"') ? JSON.parse(body) : body;
    /* grid.js */
    if (!root.matches || !root.matches(ROWS)) return [];
    const table = root.closest(TABLES);
    if (!table) return [];
    const grid = gridOf(table);
    let place = null;
    if (/^#\d+$/.test(name)) {
      place = [Number(name.slice(1)) - 1, 1];
    } else {
      for (const row of table.querySelectorAll(ROWS)) {
        if (row.closest(TABLES) !== table) continue;
        const cells = cellsOf(row);
        if (!cells.some((c) => c.matches(HEAD))) continue;
        const named = cells.filter((c) => c.matches(HEAD) && headName(c.innerText) === name);
        if (named.length === 1) place = grid.get(named[0]);
        break;
      }
    }
    if (!place) return [];
    const cell = cellsOf(root).find((c) => {
      const at = grid.get(c);
      return at && at[0] === place[0] && at[1] === place[1];
    });
    return cell ? [cell] : [];
  },
})
