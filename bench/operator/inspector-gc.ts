/**
 * Forces a full garbage collection in a Node process started with
 * `--inspect-port=127.0.0.1:<port>`: SIGUSR1 opens its inspector (it is not listening
 * before), then one `HeapProfiler.collectGarbage` over the DevTools protocol. The heap
 * measured afterwards is what is live, not what the collector has yet to reclaim.
 */
export const collectGarbage = async (pid: number, port: number): Promise<void> => {
  process.kill(pid, "SIGUSR1");
  const url = await debuggerUrl(port);
  const ws = new WebSocket(url);
  await new Promise<void>((resolve, reject) => {
    ws.onerror = () => reject(new Error(`inspector ${url}: connection failed`));
    ws.onopen = () => ws.send(JSON.stringify({ id: 1, method: "HeapProfiler.collectGarbage" }));
    ws.onmessage = (event) => {
      if ((JSON.parse(String(event.data)) as { id?: number }).id === 1) resolve();
    };
  });
  ws.close();
};

const debuggerUrl = async (port: number): Promise<string> => {
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      const targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as {
        webSocketDebuggerUrl: string;
      }[];
      if (targets[0]) return targets[0].webSocketDebuggerUrl;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};
