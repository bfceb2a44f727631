
(function () {
  "use strict";
  var pinned = null;
  function popOf(btn) { return document.getElementById(btn.getAttribute("aria-controls")); }
  function place(pop) {
    pop.style.left = "";
    if (window.matchMedia("(max-width: 640px)").matches) { return; }
    var r = pop.getBoundingClientRect(), room = document.documentElement.clientWidth - 8;
    if (r.right > room) { pop.style.left = (-Math.min(r.right - room, r.left - 8)) + "px"; }
  }
  function hide(btn) {
    popOf(btn).hidden = true;
    btn.setAttribute("aria-expanded", "false");
    if (pinned === btn) { pinned = null; }
  }
  function show(btn) {
    Array.prototype.forEach.call(document.querySelectorAll('.cite[aria-expanded="true"]'), function (b) {
      if (b !== btn) { hide(b); }
    });
    var pop = popOf(btn);
    pop.hidden = false;
    btn.setAttribute("aria-expanded", "true");
    place(pop);
  }
  Array.prototype.forEach.call(document.querySelectorAll(".cite"), function (btn) {
    var wrap = btn.parentNode;
    btn.addEventListener("click", function (ev) {
      ev.stopPropagation();
      if (pinned === btn) { hide(btn); } else { show(btn); pinned = btn; }
    });
    btn.addEventListener("focus", function () { show(btn); });
    wrap.addEventListener("mouseenter", function () { if (!pinned) { show(btn); } });
    wrap.addEventListener("mouseleave", function () { if (pinned !== btn) { hide(btn); } });
    wrap.addEventListener("focusout", function (ev) {
      if (!wrap.contains(ev.relatedTarget) && pinned !== btn) { hide(btn); }
    });
  });
  document.addEventListener("keydown", function (ev) {
    if (ev.key !== "Escape") { return; }
    var active = document.activeElement;
    Array.prototype.forEach.call(document.querySelectorAll('.cite[aria-expanded="true"]'), function (btn) {
      var inside = active && btn.parentNode.contains(active) && active !== btn;
      hide(btn);
      if (inside) { btn.focus(); hide(btn); }
    });
    pinned = null;
  });
  document.addEventListener("click", function (ev) {
    if (pinned && !pinned.parentNode.contains(ev.target)) { hide(pinned); }
  });
  Array.prototype.forEach.call(document.querySelectorAll("[data-toggle]"), function (box) {
    var target = document.getElementById(box.getAttribute("data-target"));
    function sync() { target.classList.toggle(box.getAttribute("data-toggle"), box.checked); }
    box.addEventListener("change", sync);
    sync();
  });
  Array.prototype.forEach.call(document.querySelectorAll("[data-hide]"), function (box) {
    var target = document.getElementById("articles");
    function sync() { target.classList.toggle(box.getAttribute("data-hide"), !box.checked); }
    box.addEventListener("change", sync);
    sync();
  });
  function flash() {
    Array.prototype.forEach.call(document.querySelectorAll(".flash"), function (el) { el.classList.remove("flash"); });
    var el = location.hash.length > 1 ? document.getElementById(decodeURIComponent(location.hash.slice(1))) : null;
    var group = el && el.getAttribute("data-v");
    if (!group) { return; }
    Array.prototype.forEach.call(document.querySelectorAll('[data-v="' + group + '"]'), function (piece) {
      piece.classList.add("flash");
    });
  }
  window.addEventListener("hashchange", flash);
  flash();
}());
