// "Afdrukken" on detail pages: the button only works with script, so it stays hidden without.
// Kept out of the HTML: the public Content-Security-Policy allows no inline script.
document.querySelectorAll("[data-afdrukken]").forEach((tools) => {
  const button = tools.querySelector("button");
  button.addEventListener("click", () => window.print());
  tools.hidden = false;
});
