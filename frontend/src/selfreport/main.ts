import { mountSelfReport } from "./app";
import "./selfreport.css";

const root = document.getElementById("selfreport");
if (root) void mountSelfReport(root, window.location.pathname);
