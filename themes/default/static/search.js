/* planpress default theme: full-text search in the browser.
   Loads SITE/search/index.json ({"shards": [...], "count": N}), then each shard in turn
   (an array of {t: title, u: url, s: summary, j: jurisdictions, x: other text}), and shows
   results as shards arrive, so a large site never loads one huge file up front.
   A plan matches when every word of the query occurs in it (case-insensitive); title
   matches rank first; at most 50 results are shown. No innerHTML: text is set with
   textContent and text nodes. The index and shards are found from the form's data
   attributes, which a site built with relative_urls writes relative to the page; opened
   from a folder (file://), where browsers refuse to load them, search says it needs a web
   server. */
(function () {
  "use strict";

  var MAX_RESULTS = 50;
  var form = document.querySelector("form[data-search-index]");
  if (!form) return;
  var input = form.querySelector("input[name=q]");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var base = form.getAttribute("data-search-base") || "/";
  var indexUrl = form.getAttribute("data-search-index");

  var progress = document.createElement("p");
  progress.className = "search-progress";
  progress.hidden = true;
  status.parentNode.insertBefore(progress, list);

  var docs = [];          // loaded documents, each with a lower-cased haystack
  var shardCount = 0;
  var shardsLoaded = 0;
  var loading = null;     // the promise of the whole load
  var failed = false;
  var complete = false;   // every shard loaded
  var query = "";
  var lastMessage = "";

  function words(q) {
    return q.toLowerCase().split(/\s+/).filter(Boolean);
  }

  function prepare(d) {
    var title = String(d.t || "");
    return {
      t: title,
      u: String(d.u || ""),
      s: String(d.s || ""),
      j: String(d.j || ""),
      title: title.toLowerCase(),
      hay: (title + "\n" + (d.j || "") + "\n" + (d.s || "") + "\n" + (d.x || "")).toLowerCase()
    };
  }

  function search(q) {
    var ws = words(q);
    if (!ws.length) return { total: 0, hits: [] };
    var hits = [];
    for (var i = 0; i < docs.length; i++) {
      var d = docs[i];
      var all = true;
      for (var k = 0; k < ws.length; k++) {
        if (d.hay.indexOf(ws[k]) === -1) { all = false; break; }
      }
      if (!all) continue;
      var inTitle = 0;
      for (k = 0; k < ws.length; k++) if (d.title.indexOf(ws[k]) !== -1) inTitle++;
      hits.push({ doc: d, score: inTitle === ws.length ? 2 : (inTitle > 0 ? 1 : 0), order: i });
    }
    hits.sort(function (a, b) { return b.score - a.score || a.order - b.order; });
    return { total: hits.length, hits: hits.slice(0, MAX_RESULTS) };
  }

  /* Appends `text` to `parent`, wrapping the query's words in <mark>. */
  function appendMarked(parent, text, ws) {
    var lower = text.toLowerCase();
    var pos = 0;
    while (pos < text.length) {
      var best = -1, len = 0;
      for (var k = 0; k < ws.length; k++) {
        var at = lower.indexOf(ws[k], pos);
        if (at !== -1 && (best === -1 || at < best || (at === best && ws[k].length > len))) { best = at; len = ws[k].length; }
      }
      if (best === -1) break;
      if (best > pos) parent.appendChild(document.createTextNode(text.slice(pos, best)));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(best, best + len);
      parent.appendChild(mark);
      pos = best + len;
    }
    if (pos < text.length) parent.appendChild(document.createTextNode(text.slice(pos)));
  }

  function safeUrl(u) {
    return /^(\/|https?:\/\/)/i.test(u) ? u : base + u.replace(/^\.?\//, "");
  }

  function setStatus(message) {
    if (message === lastMessage) return;
    lastMessage = message;
    status.textContent = message;
  }

  function render() {
    while (list.firstChild) list.removeChild(list.firstChild);
    var ws = words(query);
    if (!ws.length) {
      setStatus("");
      progress.hidden = true;
      return;
    }
    var result = search(query);
    result.hits.forEach(function (hit) {
      var d = hit.doc;
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.className = "result__title";
      a.href = safeUrl(d.u);
      appendMarked(a, d.t, ws);
      li.appendChild(a);
      if (d.j) {
        var where = document.createElement("p");
        where.className = "result__where";
        where.textContent = d.j;
        li.appendChild(where);
      }
      if (d.s) {
        var summary = document.createElement("p");
        summary.className = "result__summary";
        appendMarked(summary, d.s, ws);
        li.appendChild(summary);
      }
      list.appendChild(li);
    });
    var done = complete;
    progress.hidden = done || failed;
    progress.textContent = done ? "" : (shardCount ? "Still searching: " + shardsLoaded + " of " + shardCount + " parts of the index loaded." : "Loading the search index…");
    if (failed && !docs.length) return;
    if (!done) {
      // Announce once while loading; the final count is announced when every part is in.
      setStatus(result.total ? "Searching… " + result.total + " found so far." : "Searching…");
      return;
    }
    var shown = result.hits.length;
    var quoted = "“" + query.trim() + "”";
    if (!result.total) setStatus("No plans match " + quoted + ". Try fewer or shorter words.");
    else if (result.total > shown) setStatus(result.total + " plans match " + quoted + "; the first " + shown + " are shown. Add words to narrow the search.");
    else setStatus(result.total + (result.total === 1 ? " plan matches " : " plans match ") + quoted + ".");
  }

  function showFailure() {
    failed = true;
    lastMessage = "";
    // A page opened from a folder (file://) may not load other files: say so, and link
    // the plans' own file, as a folder opened from disk shows no index.html.
    var fromFolder = window.location.protocol === "file:";
    while (status.firstChild) status.removeChild(status.firstChild);
    status.appendChild(document.createTextNode(fromFolder
      ? "Search needs the site to be on a web server: a browser does not let a page opened from a folder load the search index. You can "
      : "The search index could not be loaded. You can "));
    var a = document.createElement("a");
    a.href = base + (fromFolder ? "plans/index.html" : "plans/");
    a.textContent = "browse every plan";
    status.appendChild(a);
    status.appendChild(document.createTextNode(" instead."));
    progress.hidden = true;
  }

  function getJson(url) {
    return fetch(url, { credentials: "same-origin" }).then(function (r) {
      if (!r.ok) throw new Error(url + ": HTTP " + r.status);
      return r.json();
    });
  }

  function load() {
    if (loading) return loading;
    loading = getJson(indexUrl).then(function (index) {
      var shards = Array.isArray(index.shards) ? index.shards : [];
      shardCount = shards.length;
      var chain = Promise.resolve();
      shards.forEach(function (path) {
        chain = chain.then(function () {
          var url = /^(\/|https?:\/\/)/i.test(path) ? path : base + String(path).replace(/^\.?\//, "");
          return getJson(url).then(function (entries) {
            if (Array.isArray(entries)) entries.forEach(function (d) { docs.push(prepare(d)); });
            shardsLoaded++;
            render();
          });
        });
      });
      return chain;
    }).then(function () {
      complete = true;
      render();
    }, function () {
      showFailure();
    });
    return loading;
  }

  function run(q, push) {
    query = q;
    if (push && window.history && history.replaceState) {
      var url = new URL(window.location.href);
      if (q.trim()) url.searchParams.set("q", q.trim());
      else url.searchParams.delete("q");
      history.replaceState(null, "", url.toString());
    }
    if (words(q).length) {
      load();
      render();
    } else {
      render();
    }
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    run(input.value, true);
  });
  var timer = null;
  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(function () { run(input.value, true); }, 250);
  });

  var initial = new URLSearchParams(window.location.search).get("q") || "";
  if (initial) {
    input.value = initial;
    run(initial, false);
  }
})();
