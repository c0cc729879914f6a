// Conveniences only: every page works without this file.
// Stops a second click on a form's submit button while the first submission is on its way (the server also
// records a form once, whatever the browser does).
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (form.dataset.submitted === "yes") { event.preventDefault(); return; }
  form.dataset.submitted = "yes";
  window.setTimeout(function () { form.dataset.submitted = ""; }, 5000);
});
