// Participants: small helpers for the nomination form (kept out of templates by the CSP).
document.addEventListener("DOMContentLoaded", () => {
  // NIK and NIB are digits only: drop the spaces, dots and dashes people paste from documents.
  ["id_nik", "id_nib"].forEach((id) => {
    const input = document.getElementById(id);
    if (!input) return;
    input.addEventListener("blur", () => {
      input.value = input.value.replace(/[\s.\-]/g, "");
    });
  });
});
