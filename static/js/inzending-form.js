/* The submission form (templates/voorbeelden/inzendingen/form.html); a separate file because
   the Content-Security-Policy allows no inline scripts. */
// Say a file is too large before it is uploaded; the server checks again (voorbeelden/uploads.py).
document.querySelectorAll("input[type=file][data-max-bytes]").forEach(function (input) {
  input.addEventListener("change", function () {
    var max = Number(input.dataset.maxBytes), tooBig = [];
    Array.prototype.forEach.call(input.files, function (f) { if (f.size > max) tooBig.push(f.name); });
    input.setCustomValidity(tooBig.length ? "Te groot (meer dan 10 MB): " + tooBig.join(", ") + ". Kies een kleiner bestand." : "");
    input.reportValidity();
  });
});
// The file field in Dutch: a "Kies bestanden" button (a label of the input, which stays
// focusable off screen) and the chosen names beside it, told to screen readers as well.
document.querySelectorAll(".bestanden").forEach(function (wrap) {
  var input = wrap.querySelector("input[type=file]"), chosen = wrap.querySelector(".bestanden__keuze");
  function show() {
    var names = Array.prototype.map.call(input.files, function (f) { return f.name; });
    chosen.textContent = names.length ? names.join(", ") : "Geen bestand gekozen";
  }
  input.setAttribute("aria-describedby", ((input.getAttribute("aria-describedby") || "") + " " + chosen.id).trim());
  input.addEventListener("change", show);
  show();
  wrap.querySelectorAll("[hidden]").forEach(function (el) { el.hidden = false; });
  wrap.classList.add("bestanden--js");
});
// One click is enough: a second click while the upload runs would post the form again.
document.querySelectorAll(".inzending-form").forEach(function (form) {
  form.addEventListener("submit", function () {
    setTimeout(function () {
      form.querySelectorAll(".form-actions button").forEach(function (b) { b.disabled = true; });
    }, 0);
  });
});
