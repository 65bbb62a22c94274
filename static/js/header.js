// The header's disclosure buttons (templates/includes/header.html): "Menu" on narrower
// screens, "Zoeken" and a member's "Mijn account". Each button shows or hides the element
// its aria-controls names (the class is-open; static/css/portaal.css hides the closed ones
// only when scripts run). Escape closes the open one and returns focus to its button.
// A static file: the public Content-Security-Policy allows no inline script.
(() => {
  "use strict";

  const buttons = [...document.querySelectorAll(".site-header__toggle[aria-controls]")];

  function panelOf(button) {
    return document.getElementById(button.getAttribute("aria-controls"));
  }

  function setOpen(button, open) {
    const panel = panelOf(button);
    if (!panel) { return; }
    button.setAttribute("aria-expanded", String(open));
    panel.classList.toggle("is-open", open);
  }

  function isOpen(button) {
    return button.getAttribute("aria-expanded") === "true";
  }

  buttons.forEach((button) => {
    button.addEventListener("click", () => {
      const open = !isOpen(button);
      // One panel at a time, except the ones this button sits in (the search in the menu).
      buttons.forEach((other) => {
        const panel = panelOf(other);
        if (other !== button && isOpen(other) && panel && !panel.contains(button)) {
          setOpen(other, false);
        }
      });
      setOpen(button, open);
      // Opening the search puts the cursor in its field; opening the menu (which holds the
      // search box too) does not, so a phone does not raise its keyboard.
      const field = open && panelOf(button).querySelector(":scope > form input[type=search]");
      if (field && field.offsetParent !== null) { field.focus(); }
    });
  });

  document.addEventListener("keydown", (event) => {
    // The search field's suggestions use Escape first (static/zoeken/autocomplete.js).
    if (event.key !== "Escape" || event.defaultPrevented) { return; }
    // The innermost open panel that holds the focus, else the last one opened.
    const open = buttons.filter(isOpen);
    const inside = open.filter((b) => panelOf(b).contains(document.activeElement));
    const button = inside.length ? inside[inside.length - 1] : open[open.length - 1];
    if (!button) { return; }
    setOpen(button, false);
    button.focus();
  });
})();
