// When a document last changed, for BrowserSession.settle (waits.py's QUIET_JS): its DOM (a
// MutationObserver) and the answers to its requests (a PerformanceObserver of fetch and
// XMLHttpRequest resource entries: when the last came, and for each URL how many came and when
// its last did, so that the session can tell which answer it heard of). Passive: it patches
// nothing of the page and schedules nothing. Runs at the start of every document of a session
// (an init script), so that the wait knows of a render made before its own evaluation reached
// the page: a page renders an answer within milliseconds, and without this the wait could not
// tell and held on for ANSWER_QUIET_MS after the answer in vain.
(() => {
  if (window.__rcChanges) return;
  const changes = { dom: -Infinity, answer: -Infinity, answers: new Map() };
  Object.defineProperty(window, "__rcChanges", { value: changes });
  new MutationObserver(() => {
    changes.dom = performance.now();
  }).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
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
