// Page-side helpers of runtime.browser, evaluated as `(el, arg) => ...` by Playwright.
// One function, dispatched on arg.op, so every call ships the same (cached) source.
// Its parts page_outline.js (the outline), form_fields.js (the form guard), page_lists.js
// (lists and tables) and grid.js are put in where this file names them, by
// runtime/browser/scripts.py: still one function.
//
// State lives on `window.__rcState` and resets with each new document, so element refs
// (e1, e2, ...) are numbered per document, in the order snapshots first show the elements:
// the same page shown the same way always gets the same refs.
(el, arg) => {
  const state = (() => {
    if (!window.__rcState || window.__rcState.doc !== document) {
      window.__rcState = { doc: document, next: 1, refs: new Map() };
    }
    return window.__rcState;
  })();

  const SKIP = new Set(["script", "style", "template", "noscript", "head", "meta", "link",
    "title", "base"]);
  const LANDMARKS = new Set(["banner", "complementary", "contentinfo", "form", "main",
    "navigation", "region", "search", "dialog", "alertdialog"]);
  const NAME_FROM_CONTENT = new Set(["button", "link", "heading", "cell", "columnheader",
    "rowheader", "gridcell", "option", "tab", "menuitem", "menuitemcheckbox", "menuitemradio",
    "treeitem", "checkbox", "radio", "switch", "tooltip", "caption", "legend"]);
  const INLINE_MERGE_TAGS = new Set(["b", "strong", "em", "i", "u", "small", "mark", "abbr",
    "code", "sup", "sub", "s", "q", "cite", "kbd", "var", "time", "data", "bdi", "bdo", "wbr",
    "br"]);
  const ROW_ROLES = new Set(["listitem", "row", "article", "option", "treeitem", "menuitem"]);
  const LIST_LIKE = new Set(["list", "listbox", "table", "grid", "rowgroup", "menu", "tree",
    "tablist", "feed"]);

  const norm = (s) => (s || "").replace(/\s+/g, " ").trim();
  const cut = (s, n) => (s.length > n ? s.slice(0, n - 1) + "…" : s);

  function refOf(node) {
    const known = node.__rcRef;
    if (known && state.refs.has(known) && state.refs.get(known).deref() === node) return known;
    const ref = "e" + state.next++;
    node.__rcRef = ref;
    state.refs.set(ref, new WeakRef(node));
    return ref;
  }

  function byRef(ref) {
    const holder = state.refs.get(ref);
    const node = holder ? holder.deref() : undefined;
    return node && node.isConnected ? node : null;
  }

  function visible(node) {
    if (node.hidden) return false;
    if (node.getAttribute("aria-hidden") === "true") return false;
    if (typeof node.checkVisibility === "function") {
      if (node.checkVisibility({ visibilityProperty: true })) return true;
      return getComputedStyle(node).display === "contents";
    }
    const style = getComputedStyle(node);
    return style.display !== "none" && style.visibility !== "hidden";
  }

  function inSectioning(node) {
    return !!node.parentElement &&
      !!node.parentElement.closest("article, aside, main, nav, section");
  }

  function roleOf(node) {
    const explicit = norm(node.getAttribute("role")).split(" ")[0];
    if (explicit) return explicit === "none" ? "presentation" : explicit;
    const tag = node.localName;
    switch (tag) {
      case "a": case "area": return node.hasAttribute("href") ? "link" : null;
      case "button": return "button";
      case "input": {
        const type = (node.getAttribute("type") || "text").toLowerCase();
        if (type === "hidden") return null;
        if (["button", "submit", "reset", "image", "file"].includes(type)) return "button";
        if (type === "checkbox") return "checkbox";
        if (type === "radio") return "radio";
        if (type === "range") return "slider";
        if (type === "number") return "spinbutton";
        if (type === "search") return node.hasAttribute("list") ? "combobox" : "searchbox";
        if (node.hasAttribute("list")) return "combobox";
        return "textbox";
      }
      case "select": return node.multiple || node.size > 1 ? "listbox" : "combobox";
      case "textarea": return "textbox";
      case "option": return "option";
      case "h1": case "h2": case "h3": case "h4": case "h5": case "h6": return "heading";
      case "img": return node.getAttribute("alt") === "" ? "presentation" : "img";
      case "nav": return "navigation";
      case "main": return "main";
      case "aside": return "complementary";
      case "header": return inSectioning(node) ? null : "banner";
      case "footer": return inSectioning(node) ? null : "contentinfo";
      case "section": return nameOf(node, "region") ? "region" : null;
      case "form": return "form";
      case "search": return "search";
      case "dialog": return "dialog";
      case "ul": case "ol": case "menu": return "list";
      case "li": return "listitem";
      case "table": return "table";
      case "tr": return "row";
      case "td": return "cell";
      case "th": return node.getAttribute("scope") === "row" ? "rowheader" : "columnheader";
      case "p": return "paragraph";
      case "article": return "article";
      case "fieldset": return "group";
      case "details": return "group";
      case "summary": return "button";
      case "progress": return "progressbar";
      case "output": return "status";
      case "hr": return "separator";
      case "figure": return "figure";
      case "blockquote": return "blockquote";
      case "label": return null;
      case "svg": return node.getAttribute("aria-label") ? "img" : null;
      default: return null;
    }
  }

  function labelText(label) {
    let out = "";
    for (const child of label.childNodes) {
      if (child.nodeType === Node.TEXT_NODE) out += " " + child.data;
      else if (child.nodeType === Node.ELEMENT_NODE &&
        !["input", "select", "textarea", "button"].includes(child.localName)) {
        out += " " + (child.innerText || child.textContent || "");
      }
    }
    return norm(out);
  }

  function contentText(node) {
    const text = norm(node.innerText !== undefined ? node.innerText : node.textContent);
    if (text) return text;
    const img = node.querySelector("img[alt]");
    return img ? norm(img.getAttribute("alt")) : "";
  }

  function nameOf(node, role) {
    const labelledBy = node.getAttribute("aria-labelledby");
    if (labelledBy) {
      const tree = node.getRootNode().getElementById ? node.getRootNode() : document;
      const text = norm(labelledBy.split(/\s+/).map((id) => tree.getElementById(id))
        .filter(Boolean).map((e) => e.innerText || e.textContent).join(" "));
      if (text) return text;
    }
    const ariaLabel = norm(node.getAttribute("aria-label"));
    if (ariaLabel) return ariaLabel;
    const tag = node.localName;
    if (tag === "input" || tag === "select" || tag === "textarea") {
      const type = (node.getAttribute("type") || "").toLowerCase();
      if (["button", "submit", "reset"].includes(type)) {
        return norm(node.value) || (type === "submit" ? "Submit" : type === "reset" ? "Reset" : "");
      }
      if (type === "image") return norm(node.getAttribute("alt")) || "Submit";
      if (node.labels && node.labels.length) {
        const text = norm([...node.labels].map(labelText).join(" "));
        if (text) return text;
      }
      return norm(node.getAttribute("title")) || norm(node.getAttribute("placeholder"));
    }
    if (tag === "img" || tag === "area") {
      return norm(node.getAttribute("alt")) || norm(node.getAttribute("title"));
    }
    if (tag === "fieldset") {
      const legend = node.querySelector(":scope > legend");
      if (legend) return norm(legend.innerText);
    }
    if (tag === "table") {
      const caption = node.querySelector(":scope > caption");
      if (caption) return norm(caption.innerText);
    }
    if (tag === "figure") {
      const caption = node.querySelector(":scope > figcaption");
      if (caption) return norm(caption.innerText);
    }
    if (NAME_FROM_CONTENT.has(role)) {
      const text = contentText(node);
      if (text) return text;
    }
    return norm(node.getAttribute("title"));
  }

  function describe(node) {
    const role = roleOf(node);
    const name = role ? nameOf(node, role) : "";
    const what = role && role !== "presentation" ? role : node.localName;
    if (name) return `${what} ${JSON.stringify(cut(name, 60))}`;
    const text = role ? "" : norm(node.innerText);
    if (text) return `${what} ${JSON.stringify(cut(text, 60))}`;
    const hint = showsNoText(node) ? iconHint(node) : "";
    return hint ? `${what} (icon: ${hint})` : what;
  }

  /* page_outline.js */

  // ---------------------------------------------------------------- candidates

  function cssIdent(s) {
    return CSS.escape(s);
  }

  function uniqueInDocument(selector, node) {
    try {
      const found = document.querySelectorAll(selector);
      return found.length === 1 && found[0] === node;
    } catch (e) {
      return false;
    }
  }

  function looksGenerated(s) {
    // Ids and classes from CSS-in-JS or frameworks change on every build.
    return /\d{3,}|[a-f0-9]{6,}|^(css|sc|jsx|ember|ng|react|svelte)-/i.test(s) || s.length > 40;
  }

  function nthOfType(node) {
    let index = 1;
    for (let sib = node.previousElementSibling; sib; sib = sib.previousElementSibling) {
      if (sib.localName === node.localName) index += 1;
    }
    return index;
  }

  function shortCss(node) {
    if (node.id && !looksGenerated(node.id) && uniqueInDocument("#" + cssIdent(node.id), node)) {
      return "#" + cssIdent(node.id);
    }
    const tag = cssIdent(node.localName);
    const name = node.getAttribute("name");
    if (name && uniqueInDocument(`${tag}[name=${JSON.stringify(name)}]`, node)) {
      return `${tag}[name=${JSON.stringify(name)}]`;
    }
    const classes = [...node.classList].filter((c) => !looksGenerated(c));
    for (const c of classes) {
      const sel = `${tag}.${cssIdent(c)}`;
      if (uniqueInDocument(sel, node)) return sel;
    }
    // A path up to the nearest ancestor with a usable id (or the root), shortest first.
    const parts = [];
    for (let cur = node; cur && cur.nodeType === Node.ELEMENT_NODE; cur = cur.parentElement) {
      if (cur !== node && cur.id && !looksGenerated(cur.id) &&
        uniqueInDocument("#" + cssIdent(cur.id), cur)) {
        parts.unshift("#" + cssIdent(cur.id));
        break;
      }
      const ctag = cssIdent(cur.localName);
      const cls = [...cur.classList].filter((c) => !looksGenerated(c))[0];
      let part = cls ? `${ctag}.${cssIdent(cls)}` : ctag;
      const parent = cur.parentElement;
      if (parent) {
        const same = [...parent.children].filter((s) => s.matches(part));
        if (same.length > 1) part = `${ctag}:nth-of-type(${nthOfType(cur)})`;
      }
      parts.unshift(part);
      const sel = parts.join(" > ");
      if (uniqueInDocument(sel, node)) return sel;
      if (cur.localName === "body") break;
    }
    return parts.join(" > ");
  }

  // Ancestors to look a text up in when the page shows the same text elsewhere too (nearest
  // first, at most 3): one with an id of its own, or a named group ("Reviewers", a fieldset
  // with its legend), as a Playwright role selector matched exactly (the checkbox "Bob" of
  // Reviewers, not the one of Watchers).
  function scopesOf(node) {
    const out = [];
    for (let cur = node.parentElement; cur && out.length < 3; cur = cur.parentElement) {
      if (cur === document.body || cur === document.documentElement) break;
      const sel = "#" + cssIdent(cur.id);
      if (cur.id && !looksGenerated(cur.id) && uniqueInDocument(sel, cur)) {
        out.push(sel);
        continue;
      }
      const role = roleOf(cur);
      if (!GROUP_SCOPES.has(role)) continue;
      const name = nameOf(cur, role);
      if (name && name.length <= 80) {
        const quoted = name.replace(/\\/g, "\\\\").replace(/"/g, '\\"');
        out.push(`internal:role=${role}[name="${quoted}"s]`);
      }
    }
    return out;
  }

  const GROUP_SCOPES = new Set(["group", "radiogroup", "region", "form", "dialog", "tabpanel"]);

  // The named sections a field sits in ("Shipping address", a fieldset with its legend; a
  // group or region with a name), nearest first, as [role, name] each.
  const SECTIONS = new Set(["group", "radiogroup", "region"]);
  function sectionsOf(node) {
    const out = [];
    for (let cur = node.parentElement; cur; cur = cur.parentElement) {
      if (cur === document.body || cur === document.documentElement) break;
      const role = roleOf(cur);
      if (!SECTIONS.has(role)) continue;
      const name = nameOf(cur, role);
      if (name && name.length <= 80) out.push([role, name]);
    }
    return out;
  }

  function xpathOf(node) {
    const parts = [];
    for (let cur = node; cur && cur.nodeType === Node.ELEMENT_NODE; cur = cur.parentElement) {
      const name = cur.namespaceURI === "http://www.w3.org/1999/xhtml" ? cur.localName
        : `*[local-name()=${JSON.stringify(cur.localName)}]`;
      const parent = cur.parentElement;
      const alone = !parent ||
        [...parent.children].filter((s) => s.localName === cur.localName).length === 1;
      parts.unshift(alone ? name : `${name}[${nthOfType(cur)}]`);
    }
    return "/" + parts.join("/");
  }

  // The nearest landmark (main, form "Payment", navigation "Main"…); the nearest heading
  // only when no landmark holds the element, since headings often show data (a product
  // name) that a recipe for other inputs will not meet.
  function contextOf(node) {
    for (let cur = node.parentElement; cur; cur = cur.parentElement) {
      const role = roleOf(cur);
      if (role && LANDMARKS.has(role)) return describe(cur);
    }
    let heading = null;
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_ELEMENT);
    for (let cur = walker.nextNode(); cur && cur !== node; cur = walker.nextNode()) {
      if (roleOf(cur) === "heading" && visible(cur) && !cur.contains(node)) heading = cur;
    }
    return heading ? describe(heading) : null;
  }

  function ownText(node) {
    if (["input", "select", "textarea"].includes(node.localName)) return "";
    return norm(node.innerText);
  }

  // For an element inside a table row or a list item: the row's role and the texts of the
  // row's cells that no other row of its table or list shows (an order number), text before
  // numbers, at most 3: a row found by one of them holds the element whatever its position.
  // And pairs of texts of the row (in that order) that no other row shows together (a sender
  // and a subject each shown by another row), at most 3 among its first 4 texts: the row found
  // by both holds it too, a list whose rows share single texts on other data still tells them
  // apart by the pair, and the compiler keeps the pair whose texts are data (a first and a
  // last name), which need not be the first pair (a reference number may come before them).
  function rowKeysOf(node) {
    let row = null;
    for (let cur = node.parentElement; cur && cur !== document.body; cur = cur.parentElement) {
      const r = roleOf(cur);
      if (r === "row" || r === "listitem") { row = cur; break; }
    }
    if (!row) return null;
    const role = roleOf(row);
    const container = role === "row"
      ? row.closest("table, [role=table], [role=grid], [role=treegrid]") : row.parentElement;
    if (!container) return null;
    const columns = {};
    const texts = (r) => {
      const out = [];
      for (const cell of r.querySelectorAll("*")) {
        if (cell.contains(node) || node.contains(cell) || !visible(cell)) continue;
        const text = norm(cell.innerText);
        if (text && text.length <= 80) out.push(text);
        if (r === row && text && !(text in columns)) columns[text] = columnOf(cell, row);
      }
      return out;
    };
    const others = new Set();
    const otherRows = [];
    const selector = role === "row" ? "tr, [role=row]" : "li, [role=listitem]";
    for (const other of container.querySelectorAll(selector)) {
      if (other !== row && roleOf(other) === role && !other.contains(row) && !row.contains(other)) {
        const shown = new Set(texts(other));
        otherRows.push(shown);
        for (const text of shown) others.add(text);
      }
    }
    const own = norm(node.innerText);
    const numeric = (t) => /^[^\p{L}]*$/u.test(t);
    const mine = [...new Set(texts(row))].filter((t) => t !== own);
    mine.sort((a, b) => numeric(a) - numeric(b));
    const keys = mine.filter((t) => !others.has(t));
    const pairs = [];
    const first = mine.slice(0, 4);
    for (let i = 0; i < first.length && pairs.length < 3; i++) {
      for (let j = i + 1; j < first.length && pairs.length < 3; j++) {
        const [a, b] = [first[i], first[j]];
        if (a.includes(b) || b.includes(a)) continue;  // a cell and a part of it: one text
        if (!otherRows.some((shown) => shown.has(a) && shown.has(b))) pairs.push([a, b]);
      }
    }
    if (!keys.length && !pairs.length) return null;
    const scope = role === "row" ? tableScopeOf(container) : null;
    return { role, texts: keys.slice(0, 3), pairs, columns, scope };
  }

  // Where a row of ``table`` is looked up, as a Playwright selector, when the page shows
  // other tables too and the table can be told from them: its own id, its name (the table
  // "Trial customers"), the nearest ancestor holding no other table with an id or a named
  // group, or the nearest heading before it ("Trial customers", one table after it). Rule: a
  // row key keeps the table the recording found the row in, so a row of another table ("Pro
  // customers") showing the same text is never the one found. Else null (a page of one table:
  // its name, "Orders (12)", may change while the page holds no other row).
  function tableScopeOf(table) {
    const tables = [...document.querySelectorAll(TABLES)].filter((t) => visible(t));
    if (tables.length < 2) return null;
    const quote = (s) => s.replace(/\\/g, "\\\\").replace(/"/g, '\\"');
    if (table.id && !looksGenerated(table.id) && uniqueInDocument("#" + cssIdent(table.id), table)) {
      return "#" + cssIdent(table.id);
    }
    const role = roleOf(table);
    const name = role ? nameOf(table, role) : "";
    if (name && name.length <= 80) return `internal:role=${role}[name="${quote(name)}"s]`;
    for (let cur = table.parentElement; cur && cur !== document.body; cur = cur.parentElement) {
      if (tables.some((t) => t !== table && cur.contains(t) && !table.contains(t))) break;
      const sel = "#" + cssIdent(cur.id);
      if (cur.id && !looksGenerated(cur.id) && uniqueInDocument(sel, cur)) return sel;
      const r = roleOf(cur);
      const n = GROUP_SCOPES.has(r) ? nameOf(cur, r) : "";
      if (n && n.length <= 80) return `internal:role=${r}[name="${quote(n)}"s]`;
    }
    let heading = null;
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_ELEMENT);
    for (let cur = walker.nextNode(); cur && cur !== table; cur = walker.nextNode()) {
      if (/^h[1-6]$/.test(cur.localName) && !cur.contains(table)) heading = cur;
    }
    const text = heading ? norm(heading.textContent) : "";
    if (!text || text.length > 80 || text.includes('"') || table.localName !== "table") return null;
    const xpath = '//table[preceding::*[self::h1 or self::h2 or self::h3 or self::h4 or ' +
      `self::h5 or self::h6][1][normalize-space(.)="${text}"]]`;
    const found = document.evaluate(xpath, document, null, XPathResult.ORDERED_NODE_SNAPSHOT_TYPE, null);
    return found.snapshotLength === 1 && found.snapshotItem(0) === table ? "xpath=" + xpath : null;
  }

  // The column of a table cell that holds ``node`` in ``row``, as the "column" selector
  // engine (column_engine.js) names it: its header's text when the table's header row names
  // it once, else its position ("#2", from 1); null outside a cell of the row. Columns are
  // grid columns (a colspan="2" cell counts as two, a rowspan cell holds its column below),
  // and a header's sort arrow ("Customer ▲") is no part of its name.
  /* grid.js */
  function columnOf(node, row) {
    if (!row.matches(ROWS)) return null;
    const cells = cellsOf(row);
    const cell = cells.find((c) => c === node || c.contains(node));
    const table = row.closest(TABLES);
    if (!cell || !table) return null;
    const grid = gridOf(table);
    const at = grid.get(cell);
    if (!at) return null;
    for (const other of table.querySelectorAll(ROWS)) {
      if (other.closest(TABLES) !== table) continue;
      const heads = cellsOf(other);
      if (!heads.some((c) => c.matches(HEAD))) continue;
      const head = heads.find((c) => {
        const h = grid.get(c);
        return h && h[0] === at[0] && h[1] === at[1];
      });
      const name = head && head.matches(HEAD) ? headName(head.innerText) : "";
      const named = heads.filter((c) => c.matches(HEAD) && headName(c.innerText) === name);
      if (name && named.length === 1 && !name.startsWith("#")) return name;
      break;
    }
    return at[1] === 1 ? `#${at[0] + 1}` : null;
  }

  // The place of an element in the page, indices left out: its ancestors' tags and classes.
  function shapeOf(node) {
    const parts = [];
    for (let cur = node; cur && cur.nodeType === 1 && cur !== document.body; cur = cur.parentElement) {
      parts.push(`${cur.localName}.${cur.getAttribute("class") || ""}`);
    }
    return parts.join("<");
  }

  // The names of the visible elements alike to this one (same tag, role, type, class and
  // shape: the other plan cards, the other "Choose …" buttons), at most 30.
  function alikeOf(node, role) {
    const shape = shapeOf(node);
    const out = [];
    for (const other of document.querySelectorAll(node.localName)) {
      if (other === node || out.length >= 30) continue;
      if (other.getAttribute("type") !== node.getAttribute("type")) continue;
      if (shapeOf(other) !== shape || roleOf(other) !== role || !visible(other)) continue;
      const name = role && role !== "presentation" ? nameOf(other, role) : ownText(other);
      if (name) out.push(cut(name, 120));
    }
    return out;
  }

  // A toggle's state (a button with aria-pressed, a switch, a checkbox), else null.
  function toggleOf(node, role) {
    const pressed = node.getAttribute("aria-pressed");
    if (pressed === "true" || pressed === "false") {
      return pressed === "true" ? "pressed" : "not pressed";
    }
    if (!["checkbox", "switch", "menuitemcheckbox"].includes(role)) return null;
    const aria = node.getAttribute("aria-checked");
    if (node.indeterminate || aria === "mixed") return "mixed";
    return node.checked === true || aria === "true" ? "checked" : "not checked";
  }

  // For a button (a link, a menu item) inside a dialog (role dialog or alertdialog, a
  // <dialog>, an aria-modal box, or a box that appeared since the last click and acts as one:
  // appearedBox): what the dialog offers to choose among, the names of its visible buttons,
  // sorted ('in a dialog offering "Cancel", "Delete"'); else null.
  const CHOICES = ["button", "link", "menuitem"];

  /* form_fields.js */

  function dialogOfferOf(node, role) {
    if (!CHOICES.includes(role)) return null;
    let box = null;
    for (let cur = node.parentElement; cur && cur !== document.body; cur = cur.parentElement) {
      const r = roleOf(cur);
      if (r === "dialog" || r === "alertdialog" || cur.getAttribute("aria-modal") === "true") {
        box = cur;
        break;
      }
    }
    box = box ?? appearedBox(node);
    if (!box) return null;
    const names = new Set();
    for (const other of box.querySelectorAll("*")) {
      const r = roleOf(other);
      if (!CHOICES.includes(r) || !visible(other)) continue;
      const name = norm(nameOf(other, r));
      if (name) names.add(cut(name, 80));
    }
    const offer = [...names].sort().map((n) => JSON.stringify(n)).join(", ");
    // What it asks, when it offers a choice (two buttons or more): its visible text outside its
    // buttons ('asking "Delete the account ana?"'). A dialog with one button (Close, OK) asks
    // nothing to choose: its text does not change what the click does.
    const offered = `in a dialog offering ${offer}`;
    if (names.size < 2) return offered;
    const words = [];
    const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
    for (let text = walker.nextNode(); text; text = walker.nextNode()) {
      const parent = text.parentElement;
      if (!parent || !visible(parent)) continue;
      let inChoice = false;
      for (let cur = parent; cur && cur !== box; cur = cur.parentElement) {
        if (CHOICES.includes(roleOf(cur))) { inChoice = true; break; }
      }
      if (!inChoice && norm(text.data)) words.push(norm(text.data));
    }
    const question = cut(norm(words.join(" ")), 300);
    return offered + (question ? ` asking ${JSON.stringify(question)}` : "");
  }

  // The buttons a box without dialog markup is told by (marked before each click, see
  // "form_fields"), and what makes it look like a modal box: its position or its name.
  const BUTTONS = "button, [role=button], input[type=button], input[type=submit], " +
    "input[type=reset]";
  const MODAL_NAME = /modal|dialog|popup|confirm|overlay|lightbox/i;

  // A box without dialog markup that acts as one (a confirm box that is a plain
  // <div class="modal">): around a button that appeared since the last click (it was not
  // visible when the click was made), the highest box that looks like a modal (positioned fixed
  // or absolute, or named modal, dialog, popup, confirm, overlay by its class or id) among those
  // whose visible buttons all appeared since, holding two or more; else null. Before the
  // first click of a document nothing appeared.
  function appearedBox(node) {
    const token = window.__rcClickToken;
    if (token === undefined || !node.matches(BUTTONS) || node.__rcShownAt === token) return null;
    let box = null;
    for (let cur = node.parentElement; cur && cur !== document.body; cur = cur.parentElement) {
      const buttons = [...cur.querySelectorAll(BUTTONS)].filter((b) => visible(b));
      if (buttons.some((b) => b.__rcShownAt === token)) break;
      if (buttons.length < 2) continue;
      const position = getComputedStyle(cur).position;
      const name = `${cur.getAttribute("class") || ""} ${cur.id || ""}`;
      if (position === "fixed" || position === "absolute" || MODAL_NAME.test(name)) box = cur;
    }
    return box;
  }

  // The dialogs open on the page: visible boxes of role dialog or alertdialog, open <dialog>s,
  // aria-modal boxes (as dialogOfferOf recognises them).
  function openDialogs() {
    const boxes = document.querySelectorAll(
      "[role=dialog], [role=alertdialog], dialog, [aria-modal=true]");
    return [...boxes].filter((box) => visible(box));
  }

  // What a click's outcome hangs on besides the element: a toggle's state, else the buttons
  // of the dialog it is in.
  function stateOf(node, role) {
    return toggleOf(node, role) ?? dialogOfferOf(node, role);
  }

  function candidates(node) {
    const role = roleOf(node);
    const name = role && role !== "presentation" ? nameOf(node, role) : "";
    const labels = [];
    if (node.labels) for (const label of node.labels) labels.push(labelText(label));
    const ariaLabel = norm(node.getAttribute("aria-label"));
    if (ariaLabel && ["input", "select", "textarea"].includes(node.localName)) {
      labels.push(ariaLabel);
    }
    return {
      role: role && role !== "presentation" ? role : null,
      name: name ? cut(name, 200) : null,
      labels: labels.filter(Boolean).map((l) => cut(l, 200)),
      placeholder: norm(node.getAttribute("placeholder")) || null,
      testId: node.getAttribute("data-testid"),
      text: cut(ownText(node), 200) || null,
      alt: norm(node.getAttribute("alt")) || null,
      title: norm(node.getAttribute("title")) || null,
      css: shortCss(node),
      xpath: xpathOf(node),
      scopes: scopesOf(node),
      sections: sectionsOf(node),
      rows: rowKeysOf(node),
      context: contextOf(node),
      description: describe(node),
      alike: alikeOf(node, role),
      toggle: stateOf(node, role),
    };
  }

  /* page_lists.js */

  // ---------------------------------------------------------------- dispatch

  switch (arg.op) {
    case "snapshot":
      return { lines: snapshot(arg), title: document.title };
    case "has_ref":
      return byRef(arg.ref) !== null;
    case "element":
      return byRef(arg.ref);
    case "ref_of":
      return refOf(el);
    case "is_ref":
      return el.__rcRef === arg.ref && byRef(arg.ref) === el;
    case "candidates":
      return candidates(el);
    case "toggle":
      return stateOf(el, roleOf(el));
    case "describe":
      return describe(el);
    case "aria_role":
      // The role a role locator would match the element by (none while it is hidden).
      return hiddenForAria(el) ? null : roleOf(el);
    case "aria_role_name":
      // The same, with the element's accessible name: [role, name] (null while hidden).
      return hiddenForAria(el) ? null : [roleOf(el), nameOf(el, roleOf(el)) || ""];
    case "disclosure":
      // [role, name, whether it says it shows or hides content (aria-expanded, aria-controls,
      // a <summary>)], null while hidden: a renamed accordion header or tab (locators.py).
      return hiddenForAria(el)
        ? null
        : [
            roleOf(el),
            nameOf(el, roleOf(el)) || "",
            el.hasAttribute("aria-expanded") ||
              el.hasAttribute("aria-controls") ||
              el.localName === "summary",
          ];
    case "sections":
      // The named sections the element sits in (see sectionsOf), nearest first.
      return sectionsOf(el);
    case "rows_of": {
      // el: the container; arg.fields: {name: ref}. Marks rows and fields for verification.
      const nodes = {};
      for (const [key, ref] of Object.entries(arg.fields)) {
        const node = byRef(ref);
        if (!node) return { error: `no element ${ref} on the page (field ${key})` };
        if (!el.contains(node) || node === el) {
          return { error: `${ref} (field ${key}) is not inside the list element` };
        }
        nodes[key] = node;
      }
      const rows = findRows(el, Object.values(nodes));
      if (!rows) return { error: "cannot tell the repeated rows apart from the fields given" };
      const row = rows.find((r) => Object.values(nodes).every((n) => r.contains(n)));
      if (!row) return { error: "the fields given are not all inside one row" };
      markRows(rows, arg.token);
      const fields = {};
      for (const [key, node] of Object.entries(nodes)) {
        if (node.__rcField && node.__rcField[0] === arg.token) node.__rcField[1].push(key);
        else node.__rcField = [arg.token, [key]];
        fields[key] = fieldSelectors(row, node);
      }
      return { rows: rowSelectors(el, rows), count: rows.length, fields,
        first: rows.indexOf(row) };
    }
    // The ops below get every match of a locator as `el` (through evaluate_all).
    case "row_index":
      return el.map((node) => (node.__rcRow && node.__rcRow[0] === arg.token ?
        node.__rcRow[1] : -1));
    case "mark_rows":
      // -1 when a match sits inside another match: the selector does not give clean rows.
      if (el.some((a) => el.some((b) => a !== b && a.contains(b)))) return -1;
      markRows(el, arg.token);
      return el.length;
    case "field_check":
      return el.map((node) => [rowIndexOf(node, arg.token),
        node.__rcField && node.__rcField[0] === arg.token ? node.__rcField[1] : []]);
    case "read_list":
      return readList(el, arg);
    case "field_values":
      return el.map((node) => [rowIndexOf(node, arg.token), fieldValue(node, arg.type)]);
    case "table":
      return tableData(el);
    case "text":
      return ["input", "select", "textarea"].includes(el.localName) ? String(el.value ?? "")
        : norm(el.innerText);
    case "value":
      return "value" in el ? String(el.value ?? "") : norm(el.innerText);
    case "parse_number":
      return parseNumber(arg.text);
    case "new_dialogs":
      // How many dialogs are open that were not before the last click (see "form_fields").
      return openDialogs().filter((box) => box.__rcOpenAt !== window.__rcClickToken).length;
    case "form_fields":
      return formFields(arg);
    default:
      throw new Error("unknown op " + arg.op);
  }
}
