"""How a browser session waits for a page to settle: how long it must be still, for what, and
the one script that watches it (:meth:`runtime.browser.session.BrowserSession.settle`)."""

from __future__ import annotations

QUIET_JS = """([quiet, sinceAction, sinceAnswer, answerKey, answerMs, typingMs, cap]) =>
new Promise((resolve) => {
  const start = performance.now();
  const action = start - sinceAction;
  let dom = -Infinity;  // the last change seen, from the start of this wait on
  // What page_changes.js noted in this document and its same-origin frames, in this clock.
  const noted = (key) => {
    let value = -Infinity;
    for (const w of [window, ...Array.from({ length: frames.length }, (_, i) => frames[i])]) {
      try {
        const changes = w.__rcChanges;
        const offset = w.performance.timeOrigin - performance.timeOrigin;
        if (changes) value = Math.max(value, changes[key] + offset);
      } catch (error) {}  // a frame of another origin: its own business
    }
    return value;
  };
  let timer = 0;
  const observer = new MutationObserver(() => {
    dom = performance.now();
    check();
  });
  const finish = (still) => {
    window.__rcSettledAt = performance.now();  // (runtime/browser/dialogs.py: changed since?)
    observer.disconnect();
    clearTimeout(timer);
    removeEventListener("load", check);
    resolve(still);
  };
  function check() {
    clearTimeout(timer);
    const t = performance.now();
    // The last answer: the session's, at the page's own time of it if the page saw it (the
    // session hears of an answer a moment late); or one the page saw since, if later.
    let told = sinceAnswer === null ? -Infinity : start - sinceAnswer;
    const seen = answerKey === null || !window.__rcChanges ? undefined
      : window.__rcChanges.answers.get(answerKey[0]);
    if (seen && seen[0] === answerKey[1]) told = seen[1];
    const answer = Math.max(told, noted("answer"));
    let until = Math.max(action + quiet, dom + quiet);
    if (answer > action && Math.max(dom, noted("dom")) < answer) {
      until = Math.max(until, answer + answerMs);
    }
    if (typingMs > 0 && dom < action) until = Math.max(until, action + typingMs);
    if (document.readyState !== "complete") until = Infinity;
    if (t >= until) finish(true);
    else if (t - start >= cap) finish(false);
    else timer = setTimeout(check, Math.max(1, Math.min(until - t, start + cap - t)));
  }
  const options = { subtree: true, childList: true, attributes: true, characterData: true };
  observer.observe(document, options);
  for (let i = 0; i < frames.length; i++) {
    try {
      observer.observe(frames[i].document, options);
    } catch (error) {}  // a frame of another origin: its own business
  }
  addEventListener("load", check);
  check();
})"""
"""Resolves ``true`` once the document has loaded, its DOM (and that of its same-origin frames)
has not changed for ``quiet`` ms, and ``quiet`` ms have passed since the last action; if a
request was answered after the action, once a change follows (or ``answerMs`` passed); after
typing, once the page changed (or ``typingMs`` passed). ``false`` if that takes more than
``cap`` ms. ``sinceAction``, ``sinceAnswer``: how many ms ago the session saw them (``null``:
no answer since the action); ``answerKey``: that answer's ``[url, how many answers that URL had
in this document]`` if it was a fetch or XMLHttpRequest of the main frame, else ``null``.

Times are the page's own where ``page_changes.js`` noted them. The session hears of an answer a
few ms after the page has it, so an answer it heard of after a navigation's end may in truth
have come before it (during the load), with its render; the page's own time of that answer
(found by ``answerKey``) tells. Stillness is measured by a ``MutationObserver`` of the
evaluation's own, from its start: what changed before is not held against the page. Whether the
page changed after an answer, though, counts changes from before the evaluation too: a page
renders an answer within milliseconds, often before this evaluation reaches it, which then
waited ``answerMs`` in vain. Together these took the shop replay's waits from 216 to 187 ms,
medians of 30 replays (bench/overhead.py's task); counting earlier changes in the stillness too
measured slower (417 ms against 344 ms, medians of 15). Nothing of the page is patched, and no
script of the session's waits in the page; the wait leaves one number behind,
``window.__rcSettledAt`` (when it ended, in the page's clock), by which a click's check tells
whether the page changed since the settle before the click (:mod:`runtime.browser.dialogs`)."""

SNAPSHOT_QUIET_MS = 50
"""How long the page must be still before the model is shown it: the model reads the page once
per turn and must see where it ended up."""
LOOKUP_QUIET_MS = 20
"""How long the DOM must be unchanged before a replayed step looks for an element or reads, and
how long after the last action at least: a page's immediate reaction to an action (a render in
a microtask, a timeout of 0, an animation frame) shows within it. Longer than one animation
frame (16.7 ms), so that a page changing on every frame is not taken for still."""
ANSWER_QUIET_MS = 60
"""How long after the answer to one of the page's requests a look waits for the page to change,
at most: a page often renders an answer a moment later (a short timeout, a few animation frames,
a scheduler's slices), with no change to see in between."""
TYPING_WAIT_MS = 500
"""How long the model's view of the page waits, after typing, for the page's first answer (a
suggestion list behind a debounce of up to this long). A replay does not wait for it: a read
that found something when it was recorded waits until it finds something again, and a click on
a suggestion waits for its element (``nonempty`` reads, locators' auto-waiting)."""
REQUEST_WAIT_MS = 50
"""While the page's requests are in flight, how long one wait for the last of them to finish
lasts at most before the session looks again (one that fails ends no such wait)."""
TRACKED_REQUESTS = frozenset({"document", "fetch", "xhr"})
"""The requests a wait waits for (Playwright's resource types): a page's data and its
navigations — not images, fonts, an event stream or a beacon, which may never end."""
TYPING_ACTIONS = frozenset({"fill", "press"})
"""Actions after which the model's view waits for the page's answer (:data:`TYPING_WAIT_MS`)."""
FORM_ACTIONS = frozenset({"fill", "select_option", "check", "uncheck", "upload_file", "press"})
"""Actions that type into the page's form: a click on that page after one records the page's
form fields (:mod:`runtime.browser.form_fields`)."""
