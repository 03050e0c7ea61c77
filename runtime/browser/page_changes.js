// When a document last changed, for BrowserSession.settle: its DOM (a MutationObserver) and the
// answers to its requests (a PerformanceObserver of fetch and XMLHttpRequest resource entries).
// Passive: it patches nothing of the page. Runs at the start of every document of a session (an
// init script), so a change made before the session's wait begins is known too — a page renders
// an answer within milliseconds, before the wait's own evaluation reaches it; without this the
// wait could not tell and held on for ANSWER_QUIET_MS after every answer, which cost the shop
// replay about 1.14× the hand-written script against about 1.05× with it (bench/overhead.py).
(() => {
  if (window.__rcChanges) return;
  const changes = { dom: -Infinity, answer: -Infinity };
  Object.defineProperty(window, "__rcChanges", { value: changes });
  new MutationObserver(() => {
    changes.dom = performance.now();
  }).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  if (window.PerformanceObserver) {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        if (entry.initiatorType === "fetch" || entry.initiatorType === "xmlhttprequest") {
          changes.answer = Math.max(changes.answer, entry.responseEnd);
        }
      }
    }).observe({ type: "resource" });
  }
})();
