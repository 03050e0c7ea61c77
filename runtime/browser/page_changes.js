// When a document last changed, for BrowserSession.settle (waits.py's QUIET_JS): its DOM (a
// MutationObserver) and the answers to its requests (a PerformanceObserver of fetch and
// XMLHttpRequest resource entries: when the last came, and for each URL how many came and when
// its last did, so that the session can tell which answer it heard of). Passive: it patches
// nothing of the page and schedules nothing. Runs at the start of every document of a session
// (an init script), so that the wait knows of a render made before its own evaluation reached
// the page: a page renders an answer within milliseconds, and without this the wait could not
// tell and held on for ANSWER_QUIET_MS after the answer in vain.
// Also, for the late-rows rule of lists.py (ROWS_DRAWN_JS), when elements were last added to or
// removed from each element ("drawn"), and when each element was inserted ("inserted"): weak
// maps, so a removed element is forgotten with it. Changes of text or attributes alone are not
// drawing (a status cell that now says "Shipped"). And when a person's (trusted) input last
// reached the document ("input": a click, a key, typing, a wheel; heard first, in the capture
// phase of the window, passively), by the page's own clock: what the page drew then answered
// an action of the run, not a timer of its own.
(() => {
  if (window.__rcChanges) return;
  const changes = {
    dom: -Infinity,
    answer: -Infinity,
    answers: new Map(),
    input: -Infinity,
    drawn: new WeakMap(),
    inserted: new WeakMap(),
  };
  Object.defineProperty(window, "__rcChanges", { value: changes });
  const isElement = (node) => node.nodeType === 1;
  new MutationObserver((records) => {
    const now = performance.now();
    changes.dom = now;
    for (const record of records) {
      if (record.type !== "childList") continue;
      let drew = false;
      for (const node of record.addedNodes) {
        if (isElement(node)) {
          drew = true;
          changes.inserted.set(node, now);
        }
      }
      drew = drew || Array.prototype.some.call(record.removedNodes, isElement);
      if (drew) changes.drawn.set(record.target, now);
    }
  }).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  const INPUTS = ["pointerdown", "pointerup", "pointerover", "click", "keydown", "keyup",
    "input", "change", "wheel"];
  for (const type of INPUTS) {
    addEventListener(type, (event) => {
      if (event.isTrusted) changes.input = performance.now();
    }, { capture: true, passive: true });
  }
  if (window.PerformanceObserver) {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        if (entry.initiatorType === "fetch" || entry.initiatorType === "xmlhttprequest") {
          changes.answer = Math.max(changes.answer, entry.responseEnd);
          const [count] = changes.answers.get(entry.name) || [0];
          if (changes.answers.size >= 1000) changes.answers.clear();  // (counts start over)
          changes.answers.set(entry.name, [count + 1, entry.responseEnd]);
        }
      }
    }).observe({ type: "resource" });
  }
})();
