// Stopping a server a test spawned: SIGTERM, then SIGKILL after 5 s; and, should the test process
// exit first (a crashed file), SIGKILL on the way out. `group` signals the child's whole process
// group (spawned detached), for servers that start servers of their own (wrangler dev → workerd).
import type { ChildProcess } from "node:child_process";

export function stopper(child: ChildProcess, group = false): () => Promise<void> {
  const signal = (sig: NodeJS.Signals) => {
    if (child.exitCode !== null || child.pid === undefined) return;
    try {
      if (group) process.kill(-child.pid, sig);
      else child.kill(sig);
    } catch {}
  };
  const reap = () => signal("SIGKILL");
  process.once("exit", reap);
  return async () => {
    process.off("exit", reap);
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    signal("SIGTERM");
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
    signal("SIGKILL");
  };
}
