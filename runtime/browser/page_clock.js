// The page clock of runtime.browser: what BrowserSession.settle needs to know about a document,
// kept by the document itself, so that waiting for the page to settle costs one round trip and
// no event traffic between the browser and Python.
//
// Runs at the start of every document of a session (an init script); `window.__rcClock` holds:
//   last      when the DOM last changed, or a request started or ended (performance.now());
//   inflight  fetch and XMLHttpRequest requests not finished yet, bodies being read included;
//   deferred  work the page put off for a moment and that has not run yet: a timeout of at
//             most SHORT_MS, an animation frame, a message to a MessagePort (how React and
//             others schedule a render); each with the time after which it no longer counts (a
//             hidden frame never gets its animation frame). A timeout of up to INPUT_MS set
//             while the page handles typing (an input, key or change event) counts too: it is
//             a debounce, the page's answer to what was typed (a suggestion list);
//   wake      called on every change, so a waiter needs no polling;
//   left(quiet, brief)  how long the page must still be waited for (Infinity while a request
//             is in flight). A page is still once the work it put off has run and nothing
//             changed for `brief` ms. A page that keeps ticking (a short setInterval running,
//             or more than LOOP_LIMIT short timeouts and animation frames asked for within
//             LOOP_WINDOW_MS: an animation or a polling loop) always has a timeout or a frame
//             pending, so those are not waited for: it is still once nothing changed for
//             `quiet` ms, and its port messages have run (a chain of them is a long render cut
//             into slices, which ends; more than MESSAGE_LOOP_LIMIT of them within
//             LOOP_WINDOW_MS is a loop too, and no longer waited for).
//   after(ms, fn)  the browser's own setTimeout, which the clock does not count (for waiters).
//   all()     this clock and those of the document's same-origin frames;
//   pageLeft(quiet, brief)  `left` for the whole page: Infinity until the document has loaded,
//             then the longest wait of `all()`.
// The clock also answers Playwright's page-side scripts, which run in a JavaScript world of their
// own and cannot read `__rcClock`: a cancelable "__rcclock_still" event on the document, with
// "brief,quiet" as its detail, is cancelled when the page is still (what the session's "rc-still"
// selector engine asks, so a lookup can look for its element and check the page in one go).
// The wrappers are Proxies: the page's own functions still look like native code to it. Two
// things differ for the page: a fetch it never awaits no longer logs "Uncaught (in promise)"
// when it fails (the clock listens to every fetch), and requests of its web workers are not
// counted (init scripts do not run in workers).
// A navigation to another document needs no account here: once it has started, Playwright runs
// every evaluation and lookup in the document that replaces this one.
(() => {
  if (window.__rcClock) return;
  const SHORT_MS = 50;
  const INPUT_MS = 1000;
  const TYPING = new Set(["input", "change", "keydown", "keyup", "keypress", "paste", "cut",
    "compositionend", "beforeinput"]);
  // The event the page is handling right now, if any (`window.event` during its dispatch).
  const typing = () => {
    const event = window.event;
    return !!event && TYPING.has(event.type);
  };
  const GRACE_MS = 50;
  const LOOP_LIMIT = 4;
  const MESSAGE_LOOP_LIMIT = 50;
  const LOOP_WINDOW_MS = 250;
  const now = () => performance.now();
  const originalSetTimeout = window.setTimeout;
  const deferred = new Map();
  const timerTimes = [];
  const messageTimes = [];
  let intervals = 0;
  let timerRan = 0;
  let messageRan = 0;
  const clock = { last: now(), inflight: 0, deferred, wake: new Set() };
  Object.defineProperty(window, "__rcClock", { value: clock });
  const wakeAll = () => {
    for (const wake of clock.wake) wake();
  };
  const mark = () => {
    clock.last = now();
    wakeAll();
  };
  const recent = (times, t) => {
    while (times.length && times[0] < t - LOOP_WINDOW_MS) times.shift();
    return times.length;
  };
  const ticking = (t) => intervals > 0 || recent(timerTimes, t) > LOOP_LIMIT;
  clock.left = (quiet, brief) => {
    if (clock.inflight > 0) return Infinity;
    const t = now();
    const timerLoop = ticking(t);
    const messageLoop = recent(messageTimes, t) > MESSAGE_LOOP_LIMIT;
    // What a callback that ran did in its microtasks shows only after it returned: give it
    // `brief` ms too.
    let wait = (timerLoop || messageLoop ? quiet : brief) - (t - clock.last);
    if (!timerLoop) wait = Math.max(wait, brief - (t - timerRan));
    if (!messageLoop) wait = Math.max(wait, brief - (t - messageRan));
    for (const [key, { until, timer }] of deferred) {
      if (until <= t) deferred.delete(key);
      else if (!(timer ? timerLoop : messageLoop)) wait = Math.max(wait, until - t);
    }
    return wait;
  };
  clock.after = (ms, fn) => Reflect.apply(originalSetTimeout, window, [fn, ms]);
  clock.all = () => {
    const all = [clock];
    for (let i = 0; i < window.frames.length; i++) {
      try {
        if (window.frames[i].__rcClock) all.push(window.frames[i].__rcClock);
      } catch (error) {}  // a frame of another origin: its own business
    }
    return all;
  };
  clock.pageLeft = (quiet, brief) => {
    if (document.readyState !== "complete") return Infinity;
    let wait = -Infinity;
    for (const c of clock.all()) wait = Math.max(wait, c.left(quiet, brief));
    return wait;
  };
  const { preventDefault } = Event.prototype;  // (as the page found it, whatever it does later)
  document.addEventListener("__rcclock_still", (event) => {
    const [brief, quiet] = String(event.detail).split(",").map(Number);
    if (clock.pageLeft(quiet, brief) <= 0) Reflect.apply(preventDefault, event, []);
  });

  let keys = 0;
  const defer = (delay, timer = true) => {
    const t = now();
    const times = timer ? timerTimes : messageTimes;
    times.push(t);
    if (times.length > 64) times.shift();
    const key = ++keys;
    deferred.set(key, { until: t + delay + GRACE_MS, timer });
    wakeAll();
    return key;
  };
  const ran = (key) => {
    const entry = deferred.get(key);
    if (!entry) return;
    deferred.delete(key);
    if (entry.timer) timerRan = now();
    else messageRan = now();
    wakeAll();
  };
  const intercept = (owner, name, apply) => {
    const original = owner && owner[name];
    if (typeof original !== "function") return null;
    owner[name] = new Proxy(original, { apply });
    return original;
  };
  const wrap = (owner, name, around) =>
    intercept(owner, name, (target, self, args) =>
      around(() => Reflect.apply(target, self, args), self));

  // Requests.
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

  // Deferred work: a callback the page asked to run soon counts until it has run. Returns
  // what cancelling one does (by the id the page was given).
  const deferrable = (scheduleName, delayOf) => {
    const pending = new Map();
    intercept(window, scheduleName, (target, self, args) => {
      const [callback] = args;
      const delay = delayOf(args);
      const counted = delay <= SHORT_MS || (delay <= INPUT_MS && typing());
      if (typeof callback !== "function" || !counted) {
        return Reflect.apply(target, self, args);
      }
      const key = defer(delay);
      let id;
      const run = function (...callbackArgs) {
        pending.delete(id);
        try {
          return Reflect.apply(callback, this, callbackArgs);
        } finally {
          ran(key);
        }
      };
      id = Reflect.apply(target, self, [run, ...args.slice(1)]);
      pending.set(id, key);
      return id;
    });
    return (id) => {
      const key = pending.get(id);
      if (key === undefined) return;
      pending.delete(id);
      ran(key);
    };
  };
  const timeoutDelay = (args) => Math.max(0, Number(args[1]) || 0);
  const cancelTimeout = deferrable("setTimeout", timeoutDelay);
  const cancelFrame = deferrable("requestAnimationFrame", () => 17);

  // A short setInterval makes the page tick until it is cleared.
  const running = new Set();
  intercept(window, "setInterval", (target, self, args) => {
    const id = Reflect.apply(target, self, args);
    if (timeoutDelay(args) <= SHORT_MS) {
      running.add(id);
      intervals += 1;
    }
    return id;
  });
  const stopInterval = (id) => {
    if (!running.delete(id)) return;
    intervals -= 1;
    wakeAll();
  };
  const clearing = (...cancels) => (target, self, args) => {
    for (const cancel of cancels) cancel(args[0]);
    return Reflect.apply(target, self, args);
  };
  // (Timeouts and intervals share their ids: either function clears either.)
  intercept(window, "clearTimeout", clearing(cancelTimeout, stopInterval));
  intercept(window, "clearInterval", clearing(cancelTimeout, stopInterval));
  intercept(window, "cancelAnimationFrame", clearing(cancelFrame));

  // A message to a MessagePort runs its handler in a later task; an echo sent on a channel of
  // the clock's own right after it arrives after it.
  if (window.MessageChannel && window.MessagePort) {
    const echo = new MessageChannel();
    const waiting = [];
    echo.port1.onmessage = () => ran(waiting.shift());
    const post = intercept(MessagePort.prototype, "postMessage", (target, self, args) => {
      const result = Reflect.apply(target, self, args);
      if (self !== echo.port2) {
        waiting.push(defer(0, false));
        Reflect.apply(target, echo.port2, [null]);
      }
      return result;
    });
    if (!post) echo.port1.close();
  }

  document.addEventListener("readystatechange", mark);
  new MutationObserver(mark).observe(document, {
    subtree: true, childList: true, attributes: true, characterData: true,
  });
})();
