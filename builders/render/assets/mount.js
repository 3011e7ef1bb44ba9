/* The Streamlit v2 component's entry: mount the graph once, then draw each payload it is given.
 * A click sets the component state value "selected" to {kind: "node" | "edge", id} or null.
 */
export default function (component) {
  const { data, parentElement, setStateValue } = component;
  let root = parentElement.querySelector(".pa-root");
  if (!root) {
    root = document.createElement("div");
    root.className = "pa-root";
    parentElement.appendChild(root);
  }
  if (!root.paGraph) {
    root.paGraph = globalThis.PainAtlasGraph.mount(root, { onSelect: function () {} });
  }
  // Rebind on every render: Streamlit hands a fresh setStateValue to each call.
  root.paGraph.callbacks.onSelect = function (picked) { setStateValue("selected", picked); };
  root.paGraph.update(data);
}
