  // Included in page_helpers.js (runtime/browser/scripts.py puts it where that file says
  // "page_lists.js" in a comment): reading lists and tables ("read_list", "table", the row
  // and field marks). It uses the helpers of page_helpers.js.
  // ---------------------------------------------------------------- lists and tables

  function parseNumber(text) {
    const m = (text || "").replace(/\u00a0/g, " ")
      .match(/[-+−]?\s?\d{1,3}(?:[,\s]\d{3})+(?:\.\d+)?|[-+−]?\s?\d+(?:\.\d+)?|[-+−]?\.\d+/);
    if (!m) return null;
    const cleaned = m[0].replace(/[,\s]/g, "").replace("−", "-");
    const value = Number(cleaned);
    return Number.isFinite(value) ? value : null;
  }

  function fieldValue(node, type) {
    const isField = ["input", "select", "textarea"].includes(node.localName);
    const text = isField ? String(node.value ?? "") : norm(node.innerText);
    switch (type) {
      case "number": return parseNumber(text);
      case "integer": { const n = parseNumber(text); return n === null ? null : Math.trunc(n); }
      case "url": {
        const link = node.closest("a[href]") || node.querySelector("a[href]");
        return link ? link.href : null;
      }
      case "value": return isField ? String(node.value ?? "") : text;
      case "checked": return !!node.checked;
      default: return text;
    }
  }

  function lca(nodes) {
    let anc = nodes[0];
    while (anc && !nodes.every((n) => anc.contains(n))) anc = anc.parentElement;
    return anc;
  }

  function findRows(container, fieldNodes) {
    let cur = lca(fieldNodes);
    if (!cur || !container.contains(cur) || cur === container) return null;
    let fallback = null;
    for (; cur && cur !== container; cur = cur.parentElement) {
      const parent = cur.parentElement;
      if (parent === container) fallback = cur;
      const same = [...parent.children].filter((s) => s.localName === cur.localName);
      if (same.length >= 2) return same;
    }
    return fallback ? [fallback] : null;
  }

  function rowIndexOf(node, token) {
    // Up through shadow roots too: Playwright's selectors find fields inside them.
    for (let cur = node; cur; cur = cur.parentElement || cur.parentNode?.host) {
      if (cur.__rcRow && cur.__rcRow[0] === token) return cur.__rcRow[1];
    }
    return -1;
  }

  function markRows(rows, token) {
    rows.forEach((r, i) => { r.__rcRow = [token, i]; });
  }

  function rowSelectors(container, rows) {
    const out = [];
    const first = rows[0];
    const role = roleOf(first);
    if (role && ROW_ROLES.has(role)) out.push(`role=${role}`);
    const testId = first.getAttribute("data-testid");
    if (testId && rows.every((r) => r.getAttribute("data-testid") === testId)) {
      out.push(`[data-testid=${JSON.stringify(testId)}]`);
    }
    const shared = [...first.classList].filter((c) => !looksGenerated(c) &&
      rows.every((r) => r.classList.contains(c)));
    for (const c of shared) out.push(`${cssIdent(first.localName)}.${cssIdent(c)}`);
    out.push(cssIdent(first.localName));
    return out;
  }

  function fieldSelectors(row, node) {
    const out = [];
    const role = roleOf(node);
    if (role && role !== "presentation" && role !== "generic") out.push(`role=${role}`);
    const testId = node.getAttribute("data-testid");
    if (testId) out.push(`[data-testid=${JSON.stringify(testId)}]`);
    const itemprop = node.getAttribute("itemprop");
    if (itemprop) out.push(`[itemprop=${JSON.stringify(itemprop)}]`);
    const tag = cssIdent(node.localName);
    for (const c of [...node.classList].filter((c) => !looksGenerated(c))) {
      out.push(`${tag}.${cssIdent(c)}`);
    }
    out.push(tag);
    // Last resort: the position inside the row.
    const parts = [];
    for (let cur = node; cur && cur !== row; cur = cur.parentElement) {
      parts.unshift(`${cssIdent(cur.localName)}:nth-of-type(${nthOfType(cur)})`);
    }
    if (parts.length) out.push(":scope > " + parts.join(" > "));
    return [...new Set(out)];
  }

  // Hidden from assistive technology: what Playwright's role selectors leave out.
  function hiddenForAria(node) {
    for (let cur = node; cur; cur = cur.parentElement) {
      if (cur.getAttribute("aria-hidden") === "true") return true;
    }
    if (typeof node.checkVisibility === "function") {
      return !node.checkVisibility({ visibilityProperty: true }) &&
        getComputedStyle(node).display !== "contents";
    }
    const style = getComputedStyle(node);
    return style.display === "none" || style.visibility === "hidden";
  }

  // Playwright's selectors of the kinds recorded list reads use, resolved in the page: CSS and
  // a bare `role=x`. Null for any other kind (Playwright resolves those).
  function selectAll(root, selector) {
    const role = /^role=([a-z]+)$/.exec(selector);
    if (role) {
      return [...root.querySelectorAll("*")].filter((n) => roleOf(n) === role[1] &&
        !hiddenForAria(n));
    }
    if (/^[a-z-]+=|^\/|^\.\.|^["']|>>|^internal:/i.test(selector)) return null;
    try {
      return [...root.querySelectorAll(selector)];
    } catch (e) {
      return null;  // Playwright's own syntax (:has-text, :visible…)
    }
  }

  function hasShadowRoots(root) {
    for (const node of root.querySelectorAll("*")) if (node.shadowRoot) return true;
    return false;
  }

  // Rows by the first row selector that finds some (none inside another), then each field of
  // each row by the first of its selectors that finds exactly one element in that row: what
  // the per-selector reads through Playwright do, in one call.
  function readListOnce(container, rowSelectors, fields) {
    const tried = [];
    let rows = null;
    let used = null;
    for (const sel of rowSelectors) {
      const found = selectAll(container, sel);
      if (found === null) return { unsupported: sel };
      const nested = found.some((a) => found.some((b) => a !== b && a.contains(b)));
      tried.push([sel, nested ? -1 : found.length]);
      if (!nested && found.length > 0) { rows = found; used = sel; break; }
    }
    if (rows === null) return { tried };
    const values = rows.map(() => ({}));
    const missing = {};
    for (const [key, spec] of Object.entries(fields)) {
      const open = new Set(rows.keys());
      for (const sel of spec.selectors) {
        for (const i of [...open]) {
          const found = selectAll(rows[i], sel);
          if (found === null) return { unsupported: sel };
          if (found.length === 1) {
            values[i][key] = fieldValue(found[0], spec.type);
            open.delete(i);
          }
        }
        if (!open.size) break;
      }
      for (const i of open) values[i][key] = null;
      missing[key] = open.size;
    }
    return { rows: used, count: rows.length, values, missing, tried };
  }

  // Waits (at most waitMs) for rows to show up in a list that has none yet. Not under shadow
  // roots: Playwright's selectors look inside them, querySelectorAll does not. `late`: the
  // rows showed only while it waited (the list was still being drawn).
  function readList(container, arg) {
    if (hasShadowRoots(container)) return { unsupported: "shadow DOM" };
    const end = performance.now() + arg.waitMs;
    let tries = 0;
    return new Promise((resolve) => {
      const attempt = () => {
        const out = readListOnce(container, arg.rows, arg.fields);
        tries += 1;
        if (out.rows !== undefined && tries > 1) out.late = true;
        if (out.rows !== undefined || out.unsupported !== undefined) return resolve(out);
        if (!container.isConnected) return resolve({ replaced: true });
        const left = end - performance.now();
        if (left <= 0) return resolve(out);
        // Look again at the next DOM change (the whole document: the list itself may be
        // swapped for a new one), or when the time is up.
        const again = () => {
          observer.disconnect();
          clearTimeout(timer);
          attempt();
        };
        const observer = new MutationObserver(again);
        const timer = setTimeout(again, left);
        observer.observe(document, { subtree: true, childList: true, attributes: true,
          characterData: true });
      };
      attempt();
    });
  }

  function headerKey(text, index, seen) {
    let key = norm(text).toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
      .replace(/[^a-z0-9]+/g, "_").replace(/^_+|_+$/g, "");
    if (!key) key = `column_${index + 1}`;
    if (/^[0-9]/.test(key)) key = "c_" + key;
    let unique = key;
    for (let n = 2; seen.has(unique); n += 1) unique = `${key}_${n}`;
    seen.add(unique);
    return unique;
  }

  function tableData(table) {
    const allRows = [...table.querySelectorAll("tr")].filter((r) => r.closest("table") === table);
    let headerRow = allRows.find((r) => r.closest("thead")) ||
      allRows.find((r) => [...r.cells].length && [...r.cells].every((c) => c.localName === "th"));
    if (!headerRow) {
      const headerLike = table.querySelector("[role=columnheader]");
      headerRow = headerLike ? headerLike.closest("tr,[role=row]") : null;
    }
    // Rule: a cell is read into every grid column it spans (colspan), and every row it spans
    // (rowspan), so the cells after a "Legacy account" cell over Since and Plan stay under
    // their own headers.
    const grid = gridOf(table);
    const cellText = (c) => {
      const field = c.querySelector("input, select, textarea");
      if (field && !norm(c.innerText)) return String(field.value ?? "");
      return norm(c.innerText);
    };
    const matrix = allRows.map(() => []);
    allRows.forEach((r, i) => {
      for (const c of r.cells) {
        const at = grid.get(c);
        if (!at) continue;
        const text = cellText(c);
        for (let d = 0; d < Math.max(1, c.rowSpan || 1) && i + d < allRows.length; d++) {
          for (let k = 0; k < at[1]; k++) matrix[i + d][at[0] + k] ??= text;
        }
      }
    });
    const laid = (r) => {
      const m = matrix[allRows.indexOf(r)];
      return m ? Array.from({ length: m.length }, (_, k) => m[k] ?? "") : [...r.cells].map(cellText);
    };
    const seen = new Set();
    const headers = headerRow ? laid(headerRow).map((text, i) => headerKey(text, i, seen)) : [];
    const body = allRows.filter((r) => r !== headerRow && !r.closest("thead") && visible(r));
    const rows = body.map(laid);
    const width = Math.max(headers.length, ...rows.map((r) => r.length), 0);
    for (let i = headers.length; i < width; i += 1) headers.push(headerKey("", i, seen));
    return { headers, rows };
  }
