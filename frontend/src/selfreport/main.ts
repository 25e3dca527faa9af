import { mountSelfReport } from "./app";
import "./selfreport.css";

const root = document.getElementById("selfreport");
if (root) void mountSelfReport(root, window.location.pathname);

// Keeps the page itself on the phone, so that it opens with no connection (public/r/sw.js).
if ("serviceWorker" in navigator) {
  navigator.serviceWorker.register("/r/sw.js", { scope: "/r/" }).catch(() => {
    // Without it the page still works online.
  });
}
