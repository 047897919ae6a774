import { execFile } from "node:child_process";
import { writeFileSync } from "node:fs";
import { promisify } from "node:util";
import { BRIDGE, NODE_IP, POD_CIDR, SERVICE_CIDR } from "./node-layout.ts";

const run = promisify(execFile);
const EGRESS_CHAIN = "FINCOACH-NODE-EGRESS";

/**
 * The host side of the pod network, before anything starts: the pod bridge with the node's
 * address (so the apiserver, CoreDNS and metrics-server can bind to it), forwarding on, and
 * two fences that keep every packet on this machine whatever the cluster's state: Service
 * addresses route into the bridge (a ClusterIP kube-proxy has not programmed yet must not
 * follow the default route out), and pods may not send anything out of the bridge.
 * The teardown undoes all of it from the machine snapshot (link, iptables, sysctls).
 */
export const setUpNodeNetwork = async (): Promise<void> => {
  await run("ip", ["link", "add", BRIDGE, "type", "bridge"]);
  await run("ip", ["addr", "add", `${NODE_IP}/${POD_CIDR.split("/")[1]}`, "dev", BRIDGE]);
  await run("ip", ["link", "set", BRIDGE, "up"]);
  await run("ip", ["route", "add", SERVICE_CIDR, "dev", BRIDGE]);
  writeFileSync("/proc/sys/net/ipv4/ip_forward", "1");
  await run("iptables", ["-N", EGRESS_CHAIN]);
  await run("iptables", ["-A", EGRESS_CHAIN, "-s", POD_CIDR, "!", "-o", BRIDGE, "-j", "DROP"]);
  await run("iptables", ["-I", "FORWARD", "1", "-j", EGRESS_CHAIN]);
};
