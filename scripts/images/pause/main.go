// Command pause is the pod sandbox's process for the single-node cluster (containerd's
// sandbox_image), built from this file because no registry is reachable to pull
// registry.k8s.io/pause. Like the upstream one it sleeps until SIGINT or SIGTERM, and as the
// PID 1 of a pod that shares its process namespace it reaps orphaned children.
package main

import (
	"os"
	"os/signal"
	"syscall"
)

func main() {
	signals := make(chan os.Signal, 16)
	signal.Notify(signals, syscall.SIGINT, syscall.SIGTERM, syscall.SIGCHLD)
	for sig := range signals {
		if sig != syscall.SIGCHLD {
			os.Exit(0)
		}
		// One SIGCHLD may stand for several exits: reap until none is left.
		for {
			var status syscall.WaitStatus
			pid, err := syscall.Wait4(-1, &status, syscall.WNOHANG, nil)
			if pid <= 0 || err != nil {
				break
			}
		}
	}
}
