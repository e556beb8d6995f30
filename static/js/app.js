// Balatkop: behaviour that would otherwise be inline script (forbidden by our CSP).
document.addEventListener("DOMContentLoaded", () => {
  // <button data-confirm="...">: ask before a destructive action.
  document.body.addEventListener("click", (event) => {
    const target = event.target.closest("[data-confirm]");
    if (target && !window.confirm(target.dataset.confirm)) {
      event.preventDefault();
    }
  });
  // A table that scrolls sideways must be reachable by keyboard (WCAG 2.1.1).
  document.querySelectorAll(".table-responsive").forEach((region) => {
    if (region.scrollWidth > region.clientWidth && !region.hasAttribute("tabindex")) {
      region.tabIndex = 0;
      if (!region.hasAttribute("role")) {
        region.setAttribute("role", "region");
        region.setAttribute("aria-label", "Tabel (geser ke samping)");
      }
    }
  });
  // <button data-copy="#field">: copy the field's text (the self-report link) to the clipboard.
  document.querySelectorAll("[data-copy]").forEach((button) => {
    button.addEventListener("click", () => {
      const field = document.querySelector(button.dataset.copy);
      field.select();
      navigator.clipboard?.writeText(field.value);
      button.textContent = "Tersalin";
    });
  });
  // <button data-print>: open the print dialog.
  document.querySelectorAll("[data-print]").forEach((button) => {
    button.addEventListener("click", () => window.print());
  });
});
