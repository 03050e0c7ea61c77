// The "column" selector engine (registered with Playwright by runtime/browser/chromium.py):
// inside a table row, the cell of the column named by its header ('column="Customer"') or,
// for a table without one, by its position ('column=#2', 1-based). A row found by a data text
// is then found only by the cell of the column the recording found the text in:
//   page.get_by_role("row").filter(has=page.locator('column="Customer"').get_by_text(customer,
//   exact=True))
// page_helpers.js (columnOf) names a cell's column by the same rules.
({
  queryAll(root, body) {
    const name = body.startsWith('"') ? JSON.parse(body) : body;
    const norm = (s) => (s || "").replace(/\s+/g, " ").trim();
    const CELL = "td, th, [role=cell], [role=gridcell], [role=columnheader], [role=rowheader]";
    const HEAD = "th, [role=columnheader]";
    const cellsOf = (row) => [...row.querySelectorAll(CELL)].filter(
      (c) => c.parentElement && c.parentElement.closest("tr, [role=row]") === row);
    if (!root.matches || !root.matches("tr, [role=row]")) return [];
    const table = root.closest("table, [role=table], [role=grid], [role=treegrid]");
    if (!table) return [];
    let index = -1;
    if (/^#\d+$/.test(name)) {
      index = Number(name.slice(1)) - 1;
    } else {
      for (const row of table.querySelectorAll("tr, [role=row]")) {
        const cells = cellsOf(row);
        if (!cells.some((c) => c.matches(HEAD))) continue;
        const named = cells.filter((c) => c.matches(HEAD) && norm(c.innerText) === name);
        if (named.length === 1) index = cells.indexOf(named[0]);
        break;
      }
    }
    const cell = index >= 0 ? cellsOf(root)[index] : null;
    return cell ? [cell] : [];
  },
})
