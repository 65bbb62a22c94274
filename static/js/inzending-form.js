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
// One click is enough: a second click while the upload runs would post the form again.
document.querySelectorAll(".inzending-form").forEach(function (form) {
  form.addEventListener("submit", function () {
    setTimeout(function () {
      form.querySelectorAll(".form-actions button").forEach(function (b) { b.disabled = true; });
    }, 0);
  });
});
