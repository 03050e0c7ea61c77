  // Included in page_helpers.js (runtime/browser/scripts.py puts it where that file says
  // "page_outline.js" in a comment): the page outline the model reads (the "snapshot"
  // op). It uses the helpers of page_helpers.js.
  // ---------------------------------------------------------------- snapshot

  function states(node, role) {
    const out = [];
    if (role === "heading") {
      const level = node.getAttribute("aria-level") || (/^h[1-6]$/.test(node.localName) ?
        node.localName[1] : "");
      if (level) out.push(`level=${level}`);
    }
    if (["checkbox", "radio", "switch", "menuitemcheckbox", "menuitemradio"].includes(role)) {
      const aria = node.getAttribute("aria-checked");
      if (node.indeterminate || aria === "mixed") out.push("checked=mixed");
      else if (node.checked === true || aria === "true") out.push("checked");
    }
    if (node.disabled === true || node.getAttribute("aria-disabled") === "true") {
      out.push("disabled");
    }
    const expanded = node.getAttribute("aria-expanded");
    if (expanded === "true") out.push("expanded");
    else if (expanded === "false") out.push("collapsed");
    if (node.localName === "details") out.push(node.open ? "expanded" : "collapsed");
    if (node.getAttribute("aria-selected") === "true") out.push("selected");
    if (node.getAttribute("aria-pressed") === "true") out.push("pressed");
    if (node.required === true || node.getAttribute("aria-required") === "true") {
      out.push("required");
    }
    if (node.readOnly === true) out.push("readonly");
    return out;
  }

  function valueOf(node, role) {
    const tag = node.localName;
    if (tag === "select") {
      const picked = [...node.selectedOptions].map((o) => norm(o.label || o.text));
      return picked.join(", ");
    }
    if (tag === "textarea") return node.value;
    if (tag === "input") {
      const type = (node.getAttribute("type") || "text").toLowerCase();
      if (["checkbox", "radio", "button", "submit", "reset", "image", "hidden"].includes(type)) {
        return null;
      }
      if (type === "password") return node.value ? "••••" : "";
      if (type === "file") return [...(node.files || [])].map((f) => f.name).join(", ");
      return node.value;
    }
    if (node.isContentEditable && role === "textbox") return norm(node.innerText);
    return null;
  }

  function hrefOf(node) {
    const raw = node.getAttribute("href");
    if (raw === null) return null;
    try {
      const url = new URL(raw, document.baseURI);
      if (url.origin === location.origin) return url.pathname + url.search + url.hash;
      return url.href;
    } catch (e) {
      return raw;
    }
  }

  function hasDirectText(node) {
    for (const child of node.childNodes) {
      if (child.nodeType === Node.TEXT_NODE && norm(child.data)) return true;
    }
    return false;
  }

  // (An element with an open shadow root shows what is in it: never a text leaf.)
  function isTextLeaf(node) {
    if (node.shadowRoot) return false;
    for (const child of node.children) {
      if (!INLINE_MERGE_TAGS.has(child.localName)) return false;
    }
    return true;
  }

  // What a person can click that has no role: an element the page listens to for clicks
  // (page_listeners.js marks them), one with an onclick handler, or one over which the pointer
  // becomes a hand (cursor: pointer set on it, not inherited from a clickable ancestor).
  function clickable(node) {
    if (node.__rcClick || typeof node.onclick === "function") return true;
    if (getComputedStyle(node).cursor !== "pointer") return false;
    const parent = node.parentElement;
    return !parent || getComputedStyle(parent).cursor !== "pointer";
  }

  // An element that shows no text (an icon, an empty box), not a form field.
  function showsNoText(node) {
    return !["input", "select", "textarea"].includes(node.localName) && !norm(node.innerText);
  }

  const HINT_NOISE = new Set(["icon", "icons", "ico", "btn", "button", "ui", "fa", "fas", "far",
    "fal", "fab", "glyphicon", "material", "symbols", "outlined", "mdi", "bi", "action",
    "actions", "item", "sm", "lg", "xs", "small", "large", "left", "right", "thick", "img"]);

  // A few words saying what an element that shows no text is (an icon): its aria-label or
  // title, an inner image's alt or an svg's <title>, else the words of its class names (or
  // id): "trash" for <span class="trash">, "close" for "fa fa-close".
  function iconHint(node) {
    const named = norm(node.getAttribute("aria-label")) || norm(node.getAttribute("title"));
    if (named) return cut(named, 40);
    const inner = node.querySelector("img[alt], svg title");
    const innerText = inner ? norm(inner.getAttribute("alt") || inner.textContent) : "";
    if (innerText) return cut(innerText, 40);
    for (const source of [[...node.classList].join(" "), node.id]) {
      const words = [];
      for (const word of (source || "").split(/[\s_-]+/)) {
        const w = word.toLowerCase();
        if (w.length > 1 && /^[a-z]+$/.test(w) && !HINT_NOISE.has(w) && !words.includes(w)) {
          words.push(w);
        }
      }
      if (words.length) return words.slice(0, 3).join(" ");
    }
    return "";
  }

  function snapshot(opts) {
    const maxText = opts.maxText;
    const maxItems = opts.maxItems;
    const lines = [];

    function emit(depth, text) {
      lines.push("  ".repeat(depth) + "- " + text);
    }

    // Children as a list of items: {text} runs or {node, role} elements to render.
    function collect(parent, out, suppressText) {
      const kids = parent.shadowRoot ? [...parent.shadowRoot.childNodes, ...parent.childNodes]
        : parent.childNodes;
      const merge = hasDirectText(parent);
      for (const child of kids) {
        if (child.nodeType === Node.TEXT_NODE) {
          if (!suppressText) pushText(out, child.data);
          continue;
        }
        if (child.nodeType !== Node.ELEMENT_NODE) continue;
        const tag = child.localName;
        if (SKIP.has(tag) || !visible(child)) continue;
        if (tag === "iframe" || tag === "frame") {
          out.push({ line: "iframe" + (child.title ? " " + JSON.stringify(child.title) : "") });
          continue;
        }
        let role = roleOf(child);
        if (role === "presentation" || role === "generic") role = null;
        if (role) {
          out.push({ node: child, role });
          continue;
        }
        if (tag === "img" || tag === "svg") {
          if (clickable(child)) out.push({ node: child, role: "generic", leafText: "", click: 1 });
          continue;
        }
        if (tag === "label" && child.control) {
          // The control's name already says what the label says: show only the control.
          collect(child, out, true);
          continue;
        }
        // Inline markup inside running text is part of that text, unless a person can click
        // it (a link made of a <span>); standing alone among other elements (a price in a
        // <strong>), it is a piece of its own, with a ref.
        if ((merge && !child.shadowRoot) || tag === "br" || tag === "wbr") {
          const text = norm(child.innerText || child.textContent);
          if (suppressText) continue;
          if (text && isTextLeaf(child) && clickable(child)) {
            out.push({ node: child, role: "generic", leafText: text, click: 1 });
          } else {
            pushText(out, text);
          }
          continue;
        }
        if (isTextLeaf(child)) {
          const text = norm(child.innerText);
          if (suppressText) continue;
          const click = clickable(child);
          if (text || click) out.push({ node: child, role: "generic", leafText: text, click });
          continue;
        }
        collect(child, out, suppressText);
      }
      return out;
    }

    function pushText(out, raw) {
      const text = norm(raw);
      if (!text) return;
      const last = out[out.length - 1];
      if (last && last.text !== undefined) last.text = last.text + " " + text;
      else out.push({ text });
    }

    function render(items, depth) {
      let rows = 0;
      let skipped = 0;
      let skippedRole = "";
      for (const item of items) {
        if (item.line !== undefined) { emit(depth, item.line); continue; }
        if (item.text !== undefined) { emit(depth, "text: " + cut(item.text, maxText)); continue; }
        if (item.role !== "generic" && ROW_ROLES.has(item.role)) {
          rows += 1;
          if (rows > maxItems) { skipped += 1; skippedRole = item.role; continue; }
        }
        renderNode(item, depth);
      }
      if (skipped) emit(depth, `… ${skipped} more ${skippedRole} items not shown`);
    }

    function renderNode(item, depth) {
      const node = item.node;
      const role = item.role;
      const ref = refOf(node);
      if (role === "generic") {
        const text = cut(item.leafText, maxText);
        const hint = text ? "" : iconHint(node);
        const tags = (item.click ? " [clickable]" : "") + (hint ? ` [icon=${hint}]` : "");
        emit(depth, `generic${tags} [ref=${ref}]` + (text ? `: ${text}` : ""));
        return;
      }
      const name = nameOf(node, role);
      let head = role;
      if (name) head += " " + JSON.stringify(cut(name, maxText));
      else if (showsNoText(node)) {
        const hint = iconHint(node);  // a button that shows only an icon
        if (hint) head += ` [icon=${hint}]`;
      }
      for (const s of states(node, role)) head += ` [${s}]`;
      head += ` [ref=${ref}]`;
      if (role === "link") {
        const href = hrefOf(node);
        if (href) head += ` [url=${cut(href, maxText)}]`;
      }
      if (node.localName === "select") {
        emit(depth, head + (node.options.length ? ":" : ""));
        let count = 0;
        for (const option of node.options) {
          count += 1;
          if (count > maxItems) {
            emit(depth + 1, `… ${node.options.length - maxItems} more options not shown`);
            break;
          }
          const label = norm(option.label || option.text);
          emit(depth + 1, "option " + JSON.stringify(cut(label, maxText)) +
            (option.selected ? " [selected]" : "") + (option.disabled ? " [disabled]" : ""));
        }
        return;
      }
      const value = valueOf(node, role);
      if (value !== null) {
        emit(depth, head + (value ? ": " + JSON.stringify(cut(value, maxText)) : ""));
        return;
      }
      const suppress = NAME_FROM_CONTENT.has(role) && !!name;
      const items = collect(node, [], suppress);
      if (items.length === 1 && items[0].text !== undefined) {
        emit(depth, head + ": " + cut(items[0].text, maxText));
        return;
      }
      emit(depth, head + (items.length ? ":" : ""));
      render(items, depth + 1);
    }

    if (document.body) render(collect(document.body, [], false), 0);
    return lines;
  }
