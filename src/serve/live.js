// planpress live reload, included only by `planpress serve`. It listens to the server's
// events: `reload` reloads the page when it is among the pages named, `error` shows the build's diagnostics over the last good
// page, `ok` removes them. It reconnects when the server restarts, and reloads then.
(function () {
  "use strict";
  var EVENTS = "/__planpress/events";
  var OVERLAY = "planpress-build-error";
  var serverId = null;
  var retryTimer = null;

  function hideOverlay() {
    var box = document.getElementById(OVERLAY);
    if (box) box.parentNode.removeChild(box);
  }

  function showOverlay(text) {
    var box = document.getElementById(OVERLAY);
    if (box) {
      // Update in place: focus and scroll stay where the reader left them.
      box.querySelector("pre").textContent = text;
      return;
    }
    box = document.createElement("div");
    box.id = OVERLAY;
    box.setAttribute("role", "alertdialog");
    box.setAttribute("aria-live", "assertive");
    box.setAttribute("aria-labelledby", OVERLAY + "-title");
    box.style.cssText =
      "position:fixed;top:1rem;left:1rem;right:1rem;max-height:calc(100vh - 2rem);z-index:2147483647;" +
      "overflow:auto;box-sizing:border-box;" +
      "padding:1rem 1.25rem;background:#1b1b1b;color:#fff;border:3px solid #ff6b6b;" +
      "border-radius:6px;font:16px/1.4 system-ui,sans-serif;text-align:left;";

    var heading = document.createElement("h2");
    heading.id = OVERLAY + "-title";
    heading.textContent = "Build failed: showing the last good version";
    heading.style.cssText = "margin:0 0 .75rem;font-size:1.25rem;color:#fff;";

    var pre = document.createElement("pre");
    // Diagnostics are text, never HTML.
    pre.textContent = text;
    pre.style.cssText =
      "margin:0 0 1rem;white-space:pre-wrap;overflow-wrap:anywhere;color:#fff;background:none;" +
      "font:14px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;";

    var close = document.createElement("button");
    close.type = "button";
    close.textContent = "Close";
    close.style.cssText =
      "font:inherit;padding:.4rem 1rem;background:#fff;color:#1b1b1b;border:2px solid #fff;" +
      "border-radius:4px;cursor:pointer;outline-offset:3px;";
    close.addEventListener("click", hideOverlay);

    box.addEventListener("keydown", function (event) {
      if (event.key === "Escape") hideOverlay();
    });
    box.appendChild(heading);
    box.appendChild(pre);
    box.appendChild(close);
    document.body.appendChild(box);
    close.focus();
  }

  function connect() {
    retryTimer = null;
    var source = new EventSource(EVENTS);
    source.addEventListener("hello", function (event) {
      // A different id means the server restarted: the site may have changed meanwhile.
      if (serverId !== null && serverId !== event.data) {
        location.reload();
        return;
      }
      serverId = event.data;
    });
    source.addEventListener("reload", function (event) {
      // The data names the pages that changed (one path a line), or "*" for all.
      var pages = String(event.data || "*").split("\n");
      var here = location.pathname.replace(/index\.html$/, "");
      if (pages.indexOf("*") !== -1 || pages.indexOf(here) !== -1) location.reload();
    });
    source.addEventListener("ok", hideOverlay);
    source.addEventListener("error", function (event) {
      if (typeof event.data === "string") {
        // The server's `error` event: the build failed.
        showOverlay(event.data);
      } else if (source.readyState === EventSource.CLOSED && retryTimer === null) {
        // The browser gave up (the server answered badly); try again ourselves.
        source.close();
        retryTimer = setTimeout(connect, 1000);
      }
      // Otherwise the connection dropped and the browser reconnects by itself.
    });
  }

  if (typeof EventSource === "undefined") return;
  if (document.body) {
    connect();
  } else {
    document.addEventListener("DOMContentLoaded", connect);
  }
})();
