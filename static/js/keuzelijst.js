// A long list to choose from that can be searched: a text field with a <datalist> marked
// data-keuzelijst (portaal/organisaties.py: the organisation on the submission form) becomes
// a WAI-ARIA 1.2 combobox with a listbox popup that finds an option by any part of its text,
// case and accents ignored ("ggz" finds "de Nederlandse GGZ"). Nothing is chosen
// automatically: arrow keys move through the list, Enter or a click picks, Escape closes
// and then empties the field.
//
// Progressive enhancement: without this script the field is a text field with the browser's
// own suggestions, and the server finds the organisation by the name sent. A separate file:
// the Content-Security-Policy allows no inline script or style (the popup is placed by
// static/css/leden.css; it is shown and hidden with the hidden attribute).
(() => {
  "use strict";

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/\s+/g, " ").trim();
  }

  function announcement(count) {
    if (count === 0) { return "Geen treffers in de lijst"; }
    return count === 1 ? "1 treffer in de lijst" : `${count} treffers in de lijst`;
  }

  function enhance(input) {
    const datalist = document.getElementById(input.getAttribute("list") || "");
    if (!datalist || !input.id) { return; }
    const labels = Array.from(datalist.options, (option) => option.value).filter(Boolean);
    const folded = labels.map(fold);
    input.removeAttribute("list"); // one popup: this one, not the browser's as well

    const hadFocus = document.activeElement === input;
    const wrapper = document.createElement("div");
    wrapper.className = "keuzelijst";
    input.parentNode.insertBefore(wrapper, input);
    wrapper.appendChild(input);
    if (hadFocus) { input.focus(); }

    const list = document.createElement("ul");
    list.id = `${input.id}-opties`;
    list.className = "keuzelijst__lijst";
    list.setAttribute("role", "listbox");
    const label = input.labels && input.labels[0];
    if (label) {
      if (!label.id) { label.id = `${input.id}-label`; }
      list.setAttribute("aria-labelledby", label.id);
    }
    list.hidden = true;
    wrapper.appendChild(list);

    const status = document.createElement("div");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    wrapper.appendChild(status);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);

    let shown = [];
    let active = -1;
    let announceTimer = 0;

    function setActive(index) {
      active = index;
      Array.prototype.forEach.call(list.children, (option, i) => {
        option.setAttribute("aria-selected", i === index ? "true" : "false");
      });
      if (index >= 0) {
        const option = list.children[index];
        input.setAttribute("aria-activedescendant", option.id);
        option.scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      setActive(-1);
    }

    function choose(index) {
      input.value = labels[shown[index]];
      close();
      input.dispatchEvent(new Event("change", { bubbles: true }));
    }

    function open() {
      const query = fold(input.value);
      shown = [];
      folded.forEach((text, i) => { if (text.includes(query)) { shown.push(i); } });
      list.replaceChildren(...shown.map((labelIndex, i) => {
        const option = document.createElement("li");
        option.id = `${list.id}-${i}`;
        option.className = "keuzelijst__optie";
        option.setAttribute("role", "option");
        option.textContent = labels[labelIndex];
        // Keep the focus in the field; the click picks.
        option.addEventListener("mousedown", (event) => event.preventDefault());
        option.addEventListener("click", () => choose(i));
        return option;
      }));
      list.hidden = shown.length === 0;
      input.setAttribute("aria-expanded", shown.length ? "true" : "false");
      setActive(-1);
      window.clearTimeout(announceTimer);
      announceTimer = window.setTimeout(() => { status.textContent = announcement(shown.length); }, 400);
    }

    input.addEventListener("input", open);
    input.addEventListener("blur", close);
    input.addEventListener("keydown", (event) => {
      const isOpen = !list.hidden;
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        if (!isOpen) { open(); return; }
        const step = event.key === "ArrowDown" ? 1 : -1;
        setActive((active + step + shown.length + (active < 0 && step < 0 ? 1 : 0)) % shown.length);
      } else if (event.key === "Enter" && isOpen && active >= 0) {
        event.preventDefault(); // picks; it does not send the form
        choose(active);
      } else if (event.key === "Escape") {
        if (isOpen) { close(); } else { input.value = ""; }
        event.preventDefault();
      } else if (event.key === "Tab") {
        close();
      }
    });
  }

  document.querySelectorAll("input[data-keuzelijst][list]").forEach(enhance);
})();
