  // ---------------------------------------------------------------- form fields
  // Included in page_helpers.js (runtime/browser/scripts.py puts it where that file says
  // "form_fields.js" in a comment): the "form_fields" op, for the guard before a click that
  // may submit (runtime/browser/form_fields.py states the rules). It uses the helpers of
  // page_helpers.js (roleOf, nameOf, visible, hiddenForAria, openDialogs...).

  // Checkboxes, switches and radio buttons (and buttons with aria-pressed): the choice
  // controls. The run's own click on one (or on its label) marks it acted on.
  const CHOICE_CONTROLS = "input[type=checkbox], input[type=radio], [role=checkbox], "
    + "[role=radio], [role=switch], [aria-pressed], [role=tab][aria-selected]";
  const CHOICE_ROLES = ["checkbox", "radio", "switch", "toggle button", "tab"];

  // The elements matching `selector` in `root` and in the open shadow roots inside it, in
  // document order (a shadow root's elements where its host is). A closed shadow root cannot
  // be read by the page's own script: its controls are not seen.
  // A form-associated custom element with a boolean `checked` (ElementInternals' role and
  // ariaChecked, which no script outside it can read) is taken for a checkbox: it is found,
  // and read, by that property.
  const customBox = (node) => node.localName.includes("-") && typeof node.checked === "boolean"
    && !!(customElements.get(node.localName) || {}).formAssociated;
  function deepAll(root, selector) {
    const out = [];
    for (const node of root.querySelectorAll("*")) {
      if (node.matches(selector) || customBox(node)) out.push(node);
      if (node.shadowRoot) out.push(...deepAll(node.shadowRoot, selector));
    }
    return out;
  }

  // The element around `node`, through a shadow root to its host.
  const around = (node) => node.parentElement
    || (node.parentNode instanceof ShadowRoot ? node.parentNode.host : null);

  // A choice control with no name of its own (a table row's bare checkbox) is named by the text
  // around it: that of the nearest element around it with text, "(beside: Desk lamp)", while
  // that element holds no other choice control; else NAMELESS (the guard then stops).
  const NAMELESS = "(no name, nothing beside it)";
  function besideOf(node) {
    for (let cur = around(node); cur && cur !== document.documentElement; cur = around(cur)) {
      const text = norm(cur.innerText || cur.textContent || "");
      if (!text) continue;
      const others = deepAll(cur, CHOICE_CONTROLS).filter((o) => o !== node);
      return others.length ? NAMELESS : `(beside: ${cut(text, 80)})`;
    }
    return NAMELESS;
  }

  // A radio button's group as [key, name]: radio inputs of one name in one form are one group;
  // else the radio group (role radiogroup, or a fieldset) around it; else the nearest element
  // around it that holds another such ungrouped radio button (a "Size" set and a "Delivery"
  // set in two boxes are two groups: a choice in one does not make the other the run's); else
  // it alone. Its name: that of the group around it (a legend, an aria-label), or "". Inside a
  // shadow root, radio inputs of one name are one group there only.
  const UNGROUPED = "input[type=radio]:not([name]), input[type=radio][name=''], [role=radio]";
  function ungrouped(node) {
    return !node.closest("[role=radiogroup]") && !(node.localName === "input" && node.name);
  }
  function boxKey(box) {
    if (!box.__rcGroup) {
      window.__rcGroups = (window.__rcGroups || 0) + 1;
      box.__rcGroup = window.__rcGroups;
    }
    return box.__rcGroup;
  }
  function radioGroupOf(node) {
    const named = (el) => (el ? norm(nameOf(el, roleOf(el) || "group")) : "");
    let box = node.closest("[role=radiogroup]");
    const fieldset = node.closest("fieldset");
    let name = named(box || fieldset);
    if (node.localName === "input" && node.name) {
      const form = node.form ? [...document.forms].indexOf(node.form) : -1;
      const tree = node.getRootNode();
      const where = tree instanceof ShadowRoot ? ` shadow ${boxKey(tree.host)}` : "";
      return [`name ${form} ${node.name}${where}`, name];
    }
    // A fieldset around it is no radio group of its own: one wrapping the whole order form
    // holds a "Size" set and a "Delivery" set; the nearest box holding another radio button
    // inside it is (the fieldset, where it holds one set), and the legend names it then only.
    for (let cur = node.parentElement; !box && cur; cur = cur.parentElement) {
      for (const other of cur.querySelectorAll(UNGROUPED)) {
        if (other !== node && ungrouped(other)) { box = cur; break; }
      }
      if (cur === fieldset) break;
    }
    if (box && fieldset && box !== fieldset && !node.closest("[role=radiogroup]")) name = "";
    box = box ?? fieldset ?? node;
    return [`box ${boxKey(box)}`, name];
  }

  // A tab (with aria-selected: a segmented "Monthly | Yearly" control too) is one of its tab
  // list, named by the list's name: chosen like a radio button of a group.
  function groupOf(node, role) {
    if (role !== "tab") return radioGroupOf(node);
    const list = node.closest("[role=tablist]") || node.parentElement || node;
    return [`tabs ${boxKey(list)}`, norm(nameOf(list, roleOf(list) || "group"))];
  }

  // A control's role as the guard names it: a native box or radio button by its type, a
  // button with aria-pressed a "toggle button"; whether it is on; its name (for a choice
  // control with none of its own, the text beside it).
  function controlRole(node) {
    const native = node.localName === "input" && ["checkbox", "radio"].includes(node.type);
    const role = native && node.type === "radio" ? "radio"
      : customBox(node) && !node.hasAttribute("role") ? "checkbox" : roleOf(node);
    const pressed = node.getAttribute("aria-pressed");
    return !native && role === "button" && (pressed === "true" || pressed === "false")
      ? "toggle button" : role;
  }
  const isOn = (node, role) => (role === "toggle button"
    ? node.getAttribute("aria-pressed") === "true"
    : role === "tab" ? node.getAttribute("aria-selected") === "true"
    : "checked" in node ? node.checked : node.getAttribute("aria-checked") === "true");
  const controlName = (node, role) => norm(nameOf(node, role === "toggle button" ? "button"
    : role)) || (CHOICE_ROLES.includes(role) ? besideOf(node) : "");

  // Which choice controls the run acted on, heard from the run's first action on the page on
  // (in this document and the open shadow roots in it: a click crosses into them). The run's
  // own click is a trusted one (Playwright's input, a label it clicked passing it on); the
  // control it lands in is acted on. A click the page's script makes (`box.click()`, untrusted)
  // on a control is the page's doing, unless it answers the run's click on an element that is
  // no choice control, no button, link or field, and whose nearest element holding a choice
  // control holds only that one (a styled switch passing its click to the input behind it):
  // an "Add insurance" box the page ticks when the run chooses Express (or presses a button
  // beside it) stays left alone, so its state is compared with the recording's.
  // Change events are not heard: Chromium fires a trusted one after a script's click.
  // Each control acted on is remembered with its role and name (window.__rcActedNodes), for
  // one the page re-creates (see reCreated).
  function listenForActed() {
    if (window.__rcActedOn) return;
    window.__rcActedOn = true;
    window.__rcActedNodes = [];
    // The state the run's click leaves it in (__rcMeant): a native box or radio button has
    // turned already when the click is heard (it is heard first, capturing), another control
    // turns after (its handler); a radio button chosen un-means the others of its group.
    // A box acted on by a click passed on from a styled element is marked __rcPassedOn.
    const acted = (box, passedOn) => {
      box.__rcActed = true;
      const role = controlRole(box);
      const native = box.localName === "input" && ["checkbox", "radio"].includes(box.type);
      if (role === "radio" || role === "tab") {
        const key = groupOf(box, role)[0];
        for (const [other, otherRole] of window.__rcActedNodes) {
          if (otherRole === role && other !== box && groupOf(other, role)[0] === key) {
            delete other.__rcMeant;
          }
        }
      }
      box.__rcMeant = role === "radio" || role === "tab"
        || (native ? box.checked : !isOn(box, role));
      if (passedOn) box.__rcPassedOn = true;
      window.__rcActedNodes.push([box, role, controlName(box, role)]);
    };
    let runClick = null;
    const controlOf = (node) => {
      for (let cur = node; cur && cur.closest; cur = cur.parentElement) {
        if (cur.matches(CHOICE_CONTROLS) || customBox(cur)) return cur;
      }
      return null;
    };
    const OWN = "button, a[href], input, select, textarea, [role=button], [role=link]";
    const standIn = (target, box) => {
      if (!target.closest || controlOf(target) || target.closest(OWN)) return false;
      for (let cur = target; cur; cur = around(cur)) {
        const held = deepAll(cur, CHOICE_CONTROLS);
        if (held.length) return held.length === 1 && held[0] === box;
      }
      return false;
    };
    document.addEventListener("click", (event) => {
      const target = event.composedPath()[0];
      const choice = controlOf(target);
      if (event.isTrusted) {
        runClick = target;
        setTimeout(() => { if (runClick === target) runClick = null; }, 0);
        if (choice) acted(choice);
      } else if (choice && runClick && standIn(runClick, choice)) {
        acted(choice, true);
      }
    }, true);
  }

  // The page's visible, enabled form fields: [role, name, required, value, secret, empty,
  // typed] each (a choice control's also [acted, its radio group, hidden]; a native box or
  // radio button hidden from view too; a button with aria-pressed is a "toggle button"; a
  // nameless choice control is named by the text beside it), in this document and the open
  // shadow roots in it (the frames are runtime/browser/form_fields.py's: it asks each).
  // Before a click (arg.mark): the dialogs open now, and the buttons visible now, are marked
  // with a new token, so that after it "new_dialogs" tells one it opened and appearedBox a box
  // that appeared, in this same evaluation; and the run's clicks are heard (listenForActed).
  function formFields(arg) {
    if (arg.mark) {
      window.__rcClickToken = (window.__rcClickToken || 0) + 1;
      for (const box of openDialogs()) box.__rcOpenAt = window.__rcClickToken;
      // The buttons visible now: one that shows after the click appeared (appearedBox).
      for (const button of document.querySelectorAll(BUTTONS)) {
        if (visible(button)) button.__rcShownAt = window.__rcClickToken;
      }
      listenForActed();
    }
    const out = [];
    const choices = [];
    for (const node of deepAll(document, arg.selector)) {
      // A disabled choice control counts too, marked hidden (no form field): a box the page
      // locked ticked ("Auto-renew", forced by the plan) is what its script reads.
      const disabled = node.disabled || node.getAttribute("aria-disabled") === "true";
      // A native checkbox or radio button is submitted, and read by the page's script, even
      // when not shown (a closed <details>, a styled switch over a display:none input): it
      // is kept as a choice control, marked hidden.
      const native = node.localName === "input" && ["checkbox", "radio"].includes(node.type);
      let hidden = hiddenForAria(node) || !visible(node);
      // So is a select or a text box hidden from view (a Quantity inside a closed "More
      // options"): marked hidden, it is compared among the controls left alone. An
      // <input type=hidden> (a token) is not: the page writes it, not the agent.
      const submitted = ["select", "textarea"].includes(node.localName)
        || (node.localName === "input" && !["hidden", "submit", "button", "reset", "image",
          "file"].includes(node.type));
      if (hidden && !native && !submitted) continue;
      if (disabled && !CHOICE_ROLES.includes(controlRole(node))) continue;
      hidden = hidden || disabled;
      // A button with aria-pressed is a toggle: a choice control too ("Add insurance").
      const role = controlRole(node);
      if (!arg.roles.includes(role)) continue;
      const choice = CHOICE_ROLES.includes(role);
      const required = node.required || node.getAttribute("aria-required") === "true";
      // Its value: the selected options' text (every one: a <select multiple>, an ARIA listbox
      // of chips with aria-selected), checked or not, else the text in it.
      let value;
      const options = role === "listbox" && node.localName !== "select"
        ? [...node.querySelectorAll("[role=option]")] : [];
      if (node.localName === "select") {
        value = [...node.selectedOptions].map((o) => norm(o.text)).join(" | ");
      } else if (options.some((o) => o.hasAttribute("aria-selected")
          || o.hasAttribute("aria-checked"))) {
        value = options.filter((o) => o.getAttribute("aria-selected") === "true"
          || o.getAttribute("aria-checked") === "true").map((o) => norm(nameOf(o, "option")))
          .join(" | ");
      } else if (choice) {
        value = isOn(node, role) ? "checked" : "not checked";
      } else {
        value = "value" in node && typeof node.value === "string" ? node.value
          : norm(node.innerText);
      }
      const secret = node.localName === "input" && node.type === "password";
      const empty = choice ? value === "not checked"
        : "value" in node && typeof node.value === "string" ? node.value === "" : !value;
      // typed: a form action of the run targeted it (runtime/browser/form_fields.py)
      const row = [role, controlName(node, role), !!required, value, secret, empty,
        !!node.__rcTyped];
      if (hidden && !choice) {  // [.., acted, group, hidden]; empty: at its first option too
        if (node.localName === "select") row[5] = node.selectedIndex <= 0;
        row.push(false, null, true);
      }
      // A choice control: whether the run acted on it, and its radio group [key, name].
      if (choice) {
        // [acted, radio group, hidden, turned back, passed on]: turned back, a control the
        // run's click left in a state it is no longer in (the page undid it); passed on, one
        // the run acted on by a click a styled element passed on.
        const meant = node.__rcMeant;
        row.push(!!(node.__rcActed || node.__rcTyped),
          role === "radio" || role === "tab" ? groupOf(node, role) : null, hidden,
          meant !== undefined && isOn(node, role) !== meant, !!node.__rcPassedOn);
        choices.push([node, row]);
      }
      out.push(row);
    }
    reCreated(choices);
    apart(choices);
    return out;
  }

  // Boxes (switches, toggles) of one name in this document ("Gift wrap" in each cart row) are
  // told apart by the text around each: that of the largest element around it that holds no
  // other of them, "Gift wrap (beside: Mug 8 EUR Gift wrap)"; NAMELESS where it shows none.
  // Each choice control's row ends with the document's text (cut), which tells apart the boxes
  // of one name in two frames (runtime/browser/form_fields.py).
  function apart(choices) {
    const text = cut(norm(document.body ? document.body.innerText || "" : ""), 80);
    const byName = new Map();
    for (const [node, row] of choices) {
      row.push(text);
      if (row[0] === "radio" || row[0] === "tab") continue;
      const key = `${row[0]} ${row[1]}`;
      byName.set(key, [...(byName.get(key) || []), [node, row]]);
    }
    for (const same of byName.values()) {
      if (same.length < 2) continue;
      const nodes = same.map(([node]) => node);
      const names = same.map(([node, row]) => {
        let widest = null;
        for (let cur = around(node); cur && cur !== document.documentElement; cur = around(cur)) {
          if (nodes.some((o) => o !== node && cur.contains(o))) break;
          widest = cur;
        }
        const beside = widest ? norm(widest.innerText || widest.textContent || "") : "";
        return beside ? `${row[1]} (beside: ${cut(beside, 80)})` : NAMELESS;
      });
      // Where the texts around them are alike too, nothing tells them apart (nor did the
      // agent): they keep their name.
      if (new Set(names).size === names.length) same.forEach(([, row], i) => { row[1] = names[i]; });
    }
  }

  // A control the run acted on that the page then re-created (a list rendered anew on every
  // change) is gone from the page: the control now in its place is the run's too when it is
  // the only choice control of that role and name on the page and in the state the gone one
  // was left in ("Music" ticked by the run, rendered anew ticked). Otherwise (two of that
  // name, or another state) it stays left alone, and is compared.
  function reCreated(choices) {
    const remembered = window.__rcActedNodes || [];
    for (const entry of remembered.filter(([node]) => !node.isConnected)) {
      const [gone, role, name] = entry;
      const same = choices.filter(([, row]) => row[0] === role && row[1] === name);
      if (same.length !== 1) continue;
      const [node, row] = same[0];
      if (row[7] || row[3] !== (isOn(gone, role) ? "checked" : "not checked")) continue;
      row[7] = true;
      node.__rcActed = true;
      if (gone.__rcMeant !== undefined) {
        node.__rcMeant = gone.__rcMeant;
        row[10] = row[3] !== (gone.__rcMeant ? "checked" : "not checked");
      }
      if (gone.__rcPassedOn) { node.__rcPassedOn = true; row[11] = true; }
      remembered.splice(remembered.indexOf(entry), 1, [node, role, name]);
    }
  }
