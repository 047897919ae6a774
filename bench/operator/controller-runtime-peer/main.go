// Command controller-runtime-peer reconciles FinCoach's SyncSchedule CRD exactly as
// operator/ does (same children, fields, owner references, field manager and Ready
// condition) on sigs.k8s.io/controller-runtime, so `npm run bench:operator` can set our
// TypeScript operator beside the stock Go stack. Benchmark-only: never shipped.
//
// Environment (as bench/operator/operator-process.ts gives our operator): KUBECONFIG,
// POD_NAMESPACE (the Lease's), HOST + METRICS_PORT (/metrics, /readyz, /debug/gc),
// WORKERS (concurrent reconciles, default 4 like ours), WORKER_ENV_SECRET.
package main

import (
	"fmt"
	"os"
	"strconv"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime"
	clientgoscheme "k8s.io/client-go/kubernetes/scheme"
	"k8s.io/klog/v2"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/builder"
	"sigs.k8s.io/controller-runtime/pkg/cache"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/controller"
	metricsserver "sigs.k8s.io/controller-runtime/pkg/metrics/server"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "controller-runtime-peer:", err)
		os.Exit(1)
	}
}

func run() error {
	ctrl.SetLogger(klog.NewKlogr())
	scheme := runtime.NewScheme()
	if err := clientgoscheme.AddToScheme(scheme); err != nil {
		return err
	}
	if err := addKnownTypes(scheme); err != nil {
		return err
	}
	workers, err := strconv.Atoi(envOr("WORKERS", "4"))
	if err != nil {
		return fmt.Errorf("WORKERS: %w", err)
	}
	probes := newProbes()
	mgr, err := ctrl.NewManager(ctrl.GetConfigOrDie(), ctrl.Options{
		Scheme:                  scheme,
		LeaderElection:          true,
		LeaderElectionID:        "fincoach-operator", // the Lease operator/rbac/ lets it update
		LeaderElectionNamespace: os.Getenv("POD_NAMESPACE"),
		Metrics: metricsserver.Options{
			BindAddress:   envOr("HOST", "0.0.0.0") + ":" + envOr("METRICS_PORT", "9464"),
			ExtraHandlers: probes.handlers(),
		},
		HealthProbeBindAddress: "0",
		Cache:                  cacheOptions(),
	})
	if err != nil {
		return err
	}
	r := &syncScheduleReconciler{client: mgr.GetClient(), workerEnvSecret: os.Getenv("WORKER_ENV_SECRET"), now: time.Now}
	err = ctrl.NewControllerManagedBy(mgr).
		For(&SyncSchedule{}).
		// Children are only mapped to their owner: their metadata is all the peer reads.
		Owns(&appsv1.Deployment{}, builder.OnlyMetadata).
		Owns(&autoscalingv2.HorizontalPodAutoscaler{}, builder.OnlyMetadata).
		Owns(&corev1.ConfigMap{}).
		WithOptions(controller.Options{MaxConcurrentReconciles: workers}).
		Complete(countReconciles(r))
	if err != nil {
		return err
	}
	if err := mgr.Add(probes.runnable(mgr)); err != nil {
		return err
	}
	return mgr.Start(ctrl.SetupSignalHandler())
}

// cacheOptions are the stock knobs a controller-runtime operator uses to keep its caches to
// what it made (the TS operator's informers use the same label selectors, operator/src/informers.ts).
func cacheOptions() cache.Options {
	managed := labels.SelectorFromSet(labels.Set{"app.kubernetes.io/managed-by": fieldManager})
	partOf := labels.SelectorFromSet(labels.Set{"app.kubernetes.io/part-of": "fincoach"})
	return cache.Options{
		DefaultTransform: cache.TransformStripManagedFields(),
		ByObject: map[client.Object]cache.ByObject{
			&appsv1.Deployment{}:                     {Label: managed},
			&autoscalingv2.HorizontalPodAutoscaler{}: {Label: managed},
			&corev1.ConfigMap{}:                      {Label: partOf, Transform: slimConfigMap},
		},
	}
}

// slimConfigMap drops managedFields and, of the peer's own handoffs, the data (only beat's
// status reports are read), as operator/src/informers.ts slimConfigMap does.
func slimConfigMap(obj any) (any, error) {
	if cm, ok := obj.(*corev1.ConfigMap); ok {
		cm.ManagedFields = nil
		if cm.Labels["fincoach.dev/handoff"] == "sync-schedule" {
			cm.Data = nil
		}
	}
	return obj, nil
}

func envOr(key, fallback string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return fallback
}
