// Suggestions while typing, for every search field marked by
// templates/zoeken/includes/suggest.html (data-suggest-url): the WAI-ARIA 1.2 combobox
// with a listbox popup ("list autocomplete", no automatic selection).
//
// Progressive enhancement: without this script the fields are plain search fields whose
// forms submit to /zoeken/; the combobox roles are only set here, where the popup exists.
// A static file loaded by base.html: the public Content-Security-Policy allows no inline
// script or style, so the popup is placed by static/zoeken/autocomplete.css alone. The page
// HTML is the same for every visitor (whole-page cache): all state lives here.
(() => {
  "use strict";

  const MIN_LENGTH = 2; // as zoeken/autocomplete.py: fewer characters give nothing
  const DEBOUNCE_MS = 200;

  if (!window.fetch || !window.AbortController) { return; }

  function normalise(text) { return text.trim().replace(/\s+/g, " "); }

  function announcement(count) {
    if (count === 0) { return "Geen suggesties"; }
    return count === 1 ? "1 suggestie beschikbaar" : `${count} suggesties beschikbaar`;
  }

  // Only this site's own pages are opened, whatever the answer holds.
  function sameOrigin(url) {
    try {
      const target = new URL(url, window.location.href);
      return target.origin === window.location.origin ? target.href : null;
    } catch (e) {
      return null;
    }
  }

  function enhance(input, n) {
    const endpoint = input.getAttribute("data-suggest-url");
    if (!input.id) { input.id = `suggest-${n}`; }
    const base = input.id;

    // The field, its popup and its live region share a wrapper the popup is placed against,
    // so the list is exactly as wide as the field and starts at its bottom edge.
    const hadFocus = document.activeElement === input;
    const wrapper = document.createElement("span");
    wrapper.className = "suggest";
    input.parentNode.insertBefore(wrapper, input);
    wrapper.appendChild(input);
    if (hadFocus) { input.focus(); }

    const list = document.createElement("ul");
    list.id = `${base}-suggesties`;
    list.className = "suggest__list";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Suggesties");
    list.hidden = true;
    wrapper.appendChild(list);

    const status = document.createElement("div");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    status.setAttribute("aria-atomic", "true");
    wrapper.appendChild(status);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("autocomplete", "off");

    let items = [];       // the suggestions shown (or last shown) for `shownFor`
    let shownFor = null;
    let active = -1;      // index of the highlighted option, -1 for none
    let timer = null;
    let inFlight = null;  // AbortController of the request still out

    function options() { return list.querySelectorAll("[role=option]"); }

    function highlight(index) {
      active = index;
      options().forEach((option, i) => {
        option.setAttribute("aria-selected", i === index ? "true" : "false");
      });
      if (index < 0) {
        input.removeAttribute("aria-activedescendant");
        return;
      }
      const option = options()[index];
      input.setAttribute("aria-activedescendant", option.id);
      option.scrollIntoView({block: "nearest"});
    }

    function close() {
      highlight(-1);
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      status.textContent = "";
    }

    function cancel() {
      clearTimeout(timer);
      timer = null;
      if (inFlight) { inFlight.abort(); inFlight = null; }
    }

    function render() {
      list.replaceChildren(...items.map((item, i) => {
        const option = document.createElement("li");
        option.id = `${base}-suggestie-${i}`;
        option.className = "suggest__option";
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        const label = document.createElement("span");
        label.className = "suggest__label";
        label.textContent = item.label; // text, never HTML from the answer
        option.appendChild(label);
        if (item.kind === "thema") {
          const kind = document.createElement("span");
          kind.className = "suggest__kind";
          kind.textContent = " (thema)";
          option.appendChild(kind);
        }
        return option;
      }));
    }

    function open() {
      active = -1;
      input.removeAttribute("aria-activedescendant");
      list.hidden = items.length === 0;
      input.setAttribute("aria-expanded", items.length ? "true" : "false");
      status.textContent = announcement(items.length);
      // A field low on the screen: bring the whole list into view, not past the bottom edge.
      if (items.length && list.getBoundingClientRect().bottom > window.innerHeight) {
        list.scrollIntoView({block: "nearest"});
      }
    }

    function request(q, then) {
      cancel();
      const controller = new AbortController();
      inFlight = controller;
      fetch(`${endpoint}?q=${encodeURIComponent(q)}`,
            {headers: {Accept: "application/json"}, signal: controller.signal})
        .then((response) => (response.ok ? response.json() : {suggestions: []}))
        .then((data) => {
          // A late answer to an earlier question never replaces a newer list.
          if (controller.signal.aborted || normalise(input.value) !== q) { return; }
          inFlight = null;
          items = (data.suggestions || []).filter((item) => sameOrigin(item.url));
          shownFor = q;
          render();
          if (document.activeElement === input) { open(); then(); }
        })
        .catch((error) => {
          if (error.name !== "AbortError") { close(); }
        });
    }

    function suggest(then) {
      const q = normalise(input.value);
      if (q.length < MIN_LENGTH) {
        cancel();
        items = [];
        shownFor = null;
        close();
        return;
      }
      if (q === shownFor) { open(); then(); return; }
      request(q, then);
    }

    function go(index) {
      const url = sameOrigin(items[index].url);
      close();
      if (url) { window.location.assign(url); }
    }

    function move(step) {
      const count = options().length;
      if (list.hidden) {
        // Closed: open it again for the words in the field, on the first or last option.
        suggest(() => {
          const shown = options().length;
          if (shown && !list.hidden) { highlight(step > 0 ? 0 : shown - 1); }
        });
        return;
      }
      if (!count) { return; }
      const next = active < 0 ? (step > 0 ? 0 : count - 1) : (active + step + count) % count;
      highlight(next);
    }

    input.addEventListener("input", () => {
      cancel();
      highlight(-1);
      timer = setTimeout(() => { timer = null; suggest(() => {}); }, DEBOUNCE_MS);
    });

    input.addEventListener("keydown", (event) => {
      if (event.isComposing || event.ctrlKey || event.metaKey) { return; }
      switch (event.key) {
        case "ArrowDown":
          // Alt+Down opens the list without highlighting an option.
          if (event.altKey) { suggest(() => {}); } else { move(1); }
          event.preventDefault();
          break;
        case "ArrowUp":
          // Alt+Up closes the list, keeping the words typed.
          if (event.altKey) { cancel(); close(); } else { move(-1); }
          event.preventDefault();
          break;
        case "Enter":
          // With a suggestion highlighted it opens; otherwise the form searches as usual.
          if (!list.hidden && active >= 0) {
            event.preventDefault();
            go(active);
          }
          break;
        case "Escape":
          // First Escape closes the list, the next one empties the field. Prevented either
          // way: Chromium would otherwise empty a type=search field at the first press.
          if (!list.hidden || timer !== null || inFlight) {
            // Also when the list is still on its way: the visitor said no to it.
            event.preventDefault();
            cancel();
            close();
          } else if (input.value) {
            event.preventDefault();
            cancel();
            input.value = "";
            items = [];
            shownFor = null;
          }
          break;
        case "Tab":
          cancel();
          close();
          break;
        default:
          break;
      }
    });

    // Clicking an option must not take the focus from the field first (that would close
    // the list before the click lands).
    list.addEventListener("mousedown", (event) => { event.preventDefault(); });
    list.addEventListener("click", (event) => {
      const option = event.target.closest("[role=option]");
      if (option) { go(Array.prototype.indexOf.call(options(), option)); }
    });
    input.addEventListener("blur", () => { cancel(); close(); });
    // Back to this page from the browser's history: no list left open from before.
    window.addEventListener("pageshow", () => { cancel(); close(); });
  }

  document.querySelectorAll("input[data-suggest-url]").forEach(enhance);
})();
