// A form with data-confirm asks before it is sent: deletes, and accepting many items at once.
// A file, not an inline handler, so that it works under a Content-Security-Policy.
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (form instanceof HTMLFormElement && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
    event.preventDefault();
  }
});
