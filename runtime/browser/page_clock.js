// The page clock of runtime.browser: what BrowserSession.settle needs to know about a document,
// kept by the document itself, so that waiting for the page to settle costs one round trip and
// no event traffic between the browser and Python.
//
// Runs at the start of every document of a session (an init script); `window.__rcClock` holds:
//   last      when the DOM last changed, or a request started or ended (performance.now());
//   inflight  fetch and XMLHttpRequest requests not finished yet, bodies being read included;
//   wake      called on every change, so a waiter needs no polling.
// The wrappers are Proxies: the page's own `fetch` still looks like native code to it. Two
// things differ for the page: a fetch it never awaits no longer logs "Uncaught (in promise)"
// when it fails (the clock listens to every fetch), and requests of its web workers are not
// counted (init scripts do not run in workers).
// A navigation to another document needs no account here: once it has started, Playwright runs
// every evaluation and lookup in the document that replaces this one.
(() => {
  if (window.__rcClock) return;
  const clock = { last: performance.now(), inflight: 0, wake: new Set() };
  Object.defineProperty(window, "__rcClock", { value: clock });
  const mark = () => {
    clock.last = performance.now();
    for (const wake of clock.wake) wake();
  };
  const track = () => {
    clock.inflight += 1;
    mark();
    let open = true;
    return () => {
      if (!open) return;
      open = false;
      clock.inflight -= 1;
      mark();
    };
  };
  const wrap = (owner, name, around) => {
    const original = owner && owner[name];
    if (typeof original !== "function") return;
    owner[name] = new Proxy(original, {
      apply: (target, self, args) => around(() => Reflect.apply(target, self, args), self),
    });
  };
  const untilSettled = (call) => {
    const done = track();
    let result;
    try {
      result = call();
    } catch (error) {
      done();
      throw error;
    }
    Promise.resolve(result).then(done, done);
    return result;
  };
  wrap(window, "fetch", untilSettled);
  if (window.Response) {
    for (const name of ["arrayBuffer", "blob", "bytes", "formData", "json", "text"]) {
      wrap(Response.prototype, name, untilSettled);
    }
  }
  if (window.XMLHttpRequest) {
    wrap(XMLHttpRequest.prototype, "send", (call, request) => {
      const done = track();
      request.addEventListener("loadend", done, { once: true });
      try {
        return call();
      } catch (error) {
        done();
        throw error;
      }
    });
  }
  document.addEventListener("readystatechange", mark);
  new MutationObserver(mark).observe(document, {
    subtree: true, childList: true, attributes: true, characterData: true,
  });
})();
