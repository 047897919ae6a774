package main

import (
	"context"
	"net/http"
	"runtime"
	"runtime/debug"
	"sync/atomic"

	"github.com/prometheus/client_golang/prometheus"
	appsv1 "k8s.io/api/apps/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/manager"
	"sigs.k8s.io/controller-runtime/pkg/metrics"
	"sigs.k8s.io/controller-runtime/pkg/reconcile"
)

// The names bench/operator reads from our operator's /metrics, so one harness drives both.
var (
	reconcilesTotal = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "fincoach_operator_reconciles_total", Help: "Reconciles by result.",
	}, []string{"result"})
	isLeader = prometheus.NewGauge(prometheus.GaugeOpts{
		Name: "fincoach_operator_is_leader", Help: "1 while this process holds the Lease.",
	})
)

func init() { metrics.Registry.MustRegister(reconcilesTotal, isLeader) }

// countReconciles wraps a reconciler to count by result, as fincoach_operator_reconciles_total does.
func countReconciles(r reconcile.Reconciler) reconcile.Reconciler {
	return reconcile.Func(func(ctx context.Context, req reconcile.Request) (reconcile.Result, error) {
		res, err := r.Reconcile(ctx, req)
		result := "success"
		if err != nil {
			result = "error"
		}
		reconcilesTotal.WithLabelValues(result).Inc()
		return res, err
	})
}

// probes serves /readyz (leading and every cache synced: what our operator's /readyz means)
// and /debug/gc (a full collection returning memory to the OS, the peer's equivalent of the
// inspector's HeapProfiler.collectGarbage) beside /metrics.
type probes struct{ ready atomic.Bool }

func newProbes() *probes { return &probes{} }

func (p *probes) handlers() map[string]http.Handler {
	return map[string]http.Handler{
		"/readyz": http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			if !p.ready.Load() {
				w.WriteHeader(http.StatusServiceUnavailable)
			}
		}),
		"/debug/gc": http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			runtime.GC()
			debug.FreeOSMemory()
		}),
	}
}

// runnable waits for the Lease, then for the informers the controller uses, and marks ready.
func (p *probes) runnable(mgr manager.Manager) manager.Runnable {
	return manager.RunnableFunc(func(ctx context.Context) error {
		select {
		case <-mgr.Elected():
		case <-ctx.Done():
			return nil
		}
		isLeader.Set(1)
		for _, obj := range []client.Object{&SyncSchedule{}, metadataOf(appsv1.SchemeGroupVersion.WithKind("Deployment")),
			metadataOf(autoscalingv2.SchemeGroupVersion.WithKind("HorizontalPodAutoscaler")), &corev1.ConfigMap{}} {
			if _, err := mgr.GetCache().GetInformer(ctx, obj); err != nil {
				return err
			}
		}
		if mgr.GetCache().WaitForCacheSync(ctx) {
			p.ready.Store(true)
			ctrl.Log.Info("leading, caches synced")
		}
		<-ctx.Done()
		return nil
	})
}

// metadataOf is the cache key of a metadata-only informer (builder.OnlyMetadata).
func metadataOf(gvk schema.GroupVersionKind) client.Object {
	m := &metav1.PartialObjectMetadata{}
	m.SetGroupVersionKind(gvk)
	return m
}
