/* The Streamlit v2 component's entry, an ES module that Streamlit serves as a file of the
 * component's asset folder (see builders/app/component.py): the browser loads it, and the scripts
 * it imports, once per page and keeps them, so a rerun sends only the graph's data.
 * It mounts the graph once, then draws each payload it is given. A click sets the component
 * state value "selected" to {kind: "node" | "edge", id} or null.
 */
import "./vendor/vis-network.min.js";
import "./labels.js";
import "./graph.js";

export default function (component) {
  const { data, parentElement, setStateValue } = component;
  let root = parentElement.querySelector(".pa-root");
  if (!root) {
    root = document.createElement("div");
    root.className = "pa-root";
    parentElement.appendChild(root);
  }
  if (!root.paGraph) {
    // echoed: a click's rerun sends the selection back in its payload, which draws it.
    root.paGraph = globalThis.PainAtlasGraph.mount(root, { onSelect: function () {}, echoed: true });
  }
  // Rebind on every render: Streamlit hands a fresh setStateValue to each call.
  root.paGraph.callbacks.onSelect = function (picked) { setStateValue("selected", picked); };
  // The payload comes as JSON bytes (see builders/app/component.py::encoded).
  root.paGraph.update(typeof data === "string" || data instanceof Uint8Array
    ? JSON.parse(typeof data === "string" ? data : new TextDecoder().decode(data)) : data);
}
