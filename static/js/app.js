// Balatkop: behaviour that would otherwise be inline script (forbidden by our CSP).
document.addEventListener("DOMContentLoaded", () => {
  // <button data-confirm="...">: ask before a destructive action.
  document.body.addEventListener("click", (event) => {
    const target = event.target.closest("[data-confirm]");
    if (target && !window.confirm(target.dataset.confirm)) {
      event.preventDefault();
    }
  });
  // <button data-print>: open the print dialog.
  document.querySelectorAll("[data-print]").forEach((button) => {
    button.addEventListener("click", () => window.print());
  });
});
