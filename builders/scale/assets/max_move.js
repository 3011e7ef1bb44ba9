/* How far the pyvis nodes still move in one second, in canvas pixels (evaluated by Playwright). */
() => new Promise(resolve => {
  const before = network.getPositions();
  setTimeout(() => {
    const after = network.getPositions();
    let most = 0;
    for (const id in after) {
      if (before[id]) most = Math.max(most, Math.hypot(after[id].x - before[id].x, after[id].y - before[id].y));
    }
    resolve(most);
  }, 1000);
})
