// faceleak console: keyboard shortcuts for the alerts queue and copy buttons.
// Served from this server (the Content-Security-Policy allows no inline script). No fetches.
"use strict";

function typing(event) {
  const t = event.target;
  return t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT" ||
               t.isContentEditable);
}

function rows() {
  return Array.from(document.querySelectorAll(".alert-row"));
}

function select(row) {
  for (const r of rows()) r.classList.remove("selected");
  if (row) {
    row.classList.add("selected");
    row.scrollIntoView({block: "nearest"});
  }
}

function selected() {
  return document.querySelector(".alert-row.selected") || rows()[0] || null;
}

document.addEventListener("keydown", (event) => {
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  if (event.key === "Escape" && typing(event)) { event.target.blur(); return; }
  if (typing(event)) return;
  if (event.key === "/") {
    const search = document.getElementById("global-search");
    if (search) { event.preventDefault(); search.focus(); }
    return;
  }
  const all = rows();
  if (!all.length) return;
  const row = selected();
  const at = all.indexOf(row);
  if (event.key === "j") { select(all[Math.min(at + 1, all.length - 1)]); return; }
  if (event.key === "k") { select(all[Math.max(at - 1, 0)]); return; }
  if (event.key === "Enter" && row && row.dataset.href && row.tagName === "TR") {
    window.location.assign(row.dataset.href); return;
  }
  if (event.key === "n" && row) {
    const note = row.querySelector("input.note");
    if (note) { event.preventDefault(); note.focus(); }
    return;
  }
  if (row) {
    const button = row.querySelector(`button[data-key="${CSS.escape(event.key)}"]`);
    if (button) { event.preventDefault(); button.click(); }
  }
});

document.addEventListener("click", (event) => {
  const row = event.target.closest && event.target.closest("tr.alert-row");
  if (row) select(row);
  const button = event.target.closest && event.target.closest("button.copy");
  if (!button) return;
  const value = button.dataset.copy || "";
  const done = () => { button.textContent = "copied"; };
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(value).then(done, () => { button.textContent = "copy failed"; });
  } else {
    const code = button.previousElementSibling;
    if (code) window.getSelection().selectAllChildren(code);
    button.textContent = "selected: press Ctrl+C";
  }
});

document.addEventListener("DOMContentLoaded", () => { if (rows().length) select(rows()[0]); });
