// Click listeners of runtime.browser: marks each element the page listens to for clicks, so
// the page outline (page_helpers.js) can show what a person can click though nothing in the DOM
// says so — a word in running text with a handler, an icon-only <span>. Runs at the start of
// every document of a session (an init script), before the page's own scripts. The wrapper is
// a Proxy: the page's addEventListener still looks like native code to it.
(() => {
  if (window.__rcListening) return;
  Object.defineProperty(window, "__rcListening", { value: true });
  const CLICKS = new Set(["click", "dblclick", "mousedown", "mouseup", "pointerdown",
    "pointerup", "touchstart", "touchend"]);
  const original = EventTarget.prototype.addEventListener;
  EventTarget.prototype.addEventListener = new Proxy(original, {
    apply(target, self, args) {
      if (self instanceof Element && CLICKS.has(String(args[0]))) {
        Object.defineProperty(self, "__rcClick", { value: true, configurable: true });
      }
      return Reflect.apply(target, self, args);
    },
  });
})();
