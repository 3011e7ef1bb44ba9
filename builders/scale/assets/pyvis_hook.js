/* Injected into the pyvis page after `new vis.Network`: records, in page time, the first drawing
 * and the end of stabilisation (the graph stops moving at "stabilized"). */
window.__paBench = {};
network.once("afterDrawing", function () { window.__paBench.firstDrawn = performance.now(); });
network.once("stabilizationIterationsDone", function () { window.__paBench.iterationsDone = performance.now(); });
network.once("stabilized", function () { window.__paBench.stabilized = performance.now(); });
