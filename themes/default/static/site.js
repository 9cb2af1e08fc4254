/* planpress default theme: progressive enhancement for every page.
   - Tables with `data-sortable` get sort buttons in their header cells (aria-sort).
   - `.filters[data-filter-for=TABLE]` controls are shown and filter the table's rows by
     words, type and status, announcing the count in a polite live region. On one page of
     a paged listing (`data-paged`) they say the count is of this page's plans, and offer
     a search of every plan for the same words (`a[data-filter-search]`).
   - The plan page's contents mark the section in view.
   No dependencies, no innerHTML: every text is set with textContent. */
(function () {
  "use strict";

  function cellValue(row, index) {
    var cell = row.cells[index];
    if (!cell) return "";
    var v = cell.getAttribute("data-sort");
    return v !== null ? v : cell.textContent.trim();
  }

  function compare(type) {
    if (type === "number") {
      return function (a, b) {
        var x = parseFloat(a), y = parseFloat(b);
        if (isNaN(x)) x = -Infinity;
        if (isNaN(y)) y = -Infinity;
        return x - y;
      };
    }
    var collator = new Intl.Collator(document.documentElement.lang || undefined, { numeric: true, sensitivity: "base" });
    return function (a, b) {
      // empty values last whichever the direction
      if (a === "" && b !== "") return 1;
      if (b === "" && a !== "") return -1;
      return collator.compare(a, b);
    };
  }

  function announce(region, text) {
    if (!region) return;
    region.textContent = "";
    window.setTimeout(function () { region.textContent = text; }, 50);
  }

  function makeSortable(table) {
    var head = table.tHead;
    if (!head || !table.tBodies.length) return;
    var body = table.tBodies[0];
    var status = document.createElement("p");
    status.className = "visually-hidden";
    status.setAttribute("aria-live", "polite");
    table.parentNode.insertBefore(status, table.nextSibling);
    var headers = head.rows[0].cells;
    table.classList.add("js-sortable");
    Array.prototype.forEach.call(headers, function (th, index) {
      var type = th.getAttribute("data-sort-type");
      if (!type) return;
      var label = th.textContent.trim();
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(headers, function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var cmp = compare(type);
        var rows = Array.prototype.slice.call(body.rows);
        rows.forEach(function (row, i) { row._pos = i; });
        rows.sort(function (a, b) {
          var r = cmp(cellValue(a, index), cellValue(b, index));
          if (!ascending) r = -r;
          return r || a._pos - b._pos;
        });
        rows.forEach(function (row) { body.appendChild(row); });
        announce(status, "Sorted by " + label + ", " + (ascending ? "ascending" : "descending") + ".");
      });
    });
  }

  function wireFilters(box) {
    var table = document.getElementById(box.getAttribute("data-filter-for"));
    if (!table || !table.tBodies.length) return;
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var noun = box.getAttribute("data-noun") || "rows";
    var text = box.querySelector("[data-filter-text]");
    var count = box.querySelector("[data-filter-count]");
    var paged = box.hasAttribute("data-paged");
    var more = box.querySelector("[data-filter-more]");
    var searchLink = box.querySelector("a[data-filter-search]");
    var searchUrl = searchLink ? searchLink.getAttribute("href") : null;
    var selects = Array.prototype.slice.call(box.querySelectorAll("select[data-filter-attr]"));
    selects.forEach(function (select) {
      var attr = "data-" + select.getAttribute("data-filter-attr");
      var seen = {};
      var values = [];
      rows.forEach(function (row) {
        var v = row.getAttribute(attr);
        if (v && !seen[v]) { seen[v] = true; values.push(v); }
      });
      values.sort();
      if (values.length < 2) {
        select.parentNode.hidden = true;
        return;
      }
      values.forEach(function (v) {
        var option = document.createElement("option");
        option.value = v;
        option.textContent = v;
        select.appendChild(option);
      });
    });
    var timer = null;
    function apply() {
      var words = (text ? text.value : "").toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      rows.forEach(function (row) {
        var ok = selects.every(function (select) {
          return !select.value || row.getAttribute("data-" + select.getAttribute("data-filter-attr")) === select.value;
        });
        if (ok && words.length) {
          var hay = row.textContent.toLowerCase();
          ok = words.every(function (w) { return hay.indexOf(w) !== -1; });
        }
        row.hidden = !ok;
        if (ok) shown++;
      });
      var filtered = words.length || selects.some(function (s) { return s.value; });
      var message = !filtered ? ""
        : paged ? "Showing " + shown + " of the " + rows.length + " " + noun + " on this page."
        : "Showing " + shown + " of " + rows.length + " " + noun + ".";
      if (count && count.textContent !== message) announce(count, message);
      if (more && searchLink) {
        // The whole listing is beyond this page: search it for the same words.
        more.hidden = !words.length;
        if (words.length) {
          var q = text.value.trim().replace(/\s+/g, " ");
          searchLink.href = searchUrl + (searchUrl.indexOf("?") === -1 ? "?" : "&") + "q=" + encodeURIComponent(q);
          searchLink.textContent = "Search all " + searchLink.getAttribute("data-total") + " " + noun + " for “" + q + "”";
        }
      }
    }
    if (text) text.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(apply, 200);
    });
    selects.forEach(function (s) { s.addEventListener("change", apply); });
    box.hidden = false;
  }

  function markCurrentSection(nav) {
    if (!("IntersectionObserver" in window)) return;
    var links = {};
    var targets = [];
    Array.prototype.forEach.call(nav.querySelectorAll("a[href^='#']"), function (a) {
      var id = decodeURIComponent(a.getAttribute("href").slice(1));
      var el = document.getElementById(id);
      if (el) { links[id] = a; targets.push(el); }
    });
    var current = null;
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (!entry.isIntersecting) return;
        if (current) current.classList.remove("is-current");
        current = links[entry.target.id];
        if (current) current.classList.add("is-current");
      });
    }, { rootMargin: "0px 0px -70% 0px" });
    targets.forEach(function (t) { observer.observe(t); });
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("table[data-sortable]"), makeSortable);
    Array.prototype.forEach.call(document.querySelectorAll(".filters[data-filter-for]"), wireFilters);
    var nav = document.querySelector(".sidenav");
    if (nav) markCurrentSection(nav);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
