package main

import (
	"bytes"
	"context"
	"encoding/json"
	"time"

	"golang.org/x/sync/errgroup"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/types"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"
)

// syncScheduleReconciler is reconcileSyncSchedule() of operator/src/sync-schedule/: apply the
// worker Deployment, its HPA and the handoff ConfigMap (only when the schedule parses), read
// beat's report back, write the status when it changed, come back at the next tick.
type syncScheduleReconciler struct {
	client          client.Client
	workerEnvSecret string
	now             func() time.Time
}

func (r *syncScheduleReconciler) Reconcile(ctx context.Context, req ctrl.Request) (ctrl.Result, error) {
	var ss SyncSchedule
	if err := r.client.Get(ctx, req.NamespacedName, &ss); err != nil {
		return ctrl.Result{}, client.IgnoreNotFound(err)
	}
	if ss.DeletionTimestamp != nil {
		return ctrl.Result{}, nil // children go by garbage collection (ownerReferences)
	}
	report, problem, err := r.report(ctx, &ss)
	if err != nil {
		return ctrl.Result{}, err
	}
	result := computeStatus(&ss, report, problem, r.now())
	if result.valid {
		if err := r.applyChildren(ctx, &ss); err != nil {
			return ctrl.Result{}, err
		}
	}
	if changed(ss.Status, result.status) {
		if err := r.applyStatus(ctx, &ss, result.status); err != nil {
			if apierrors.IsConflict(err) {
				// Computed from a stale cache read: the update event brings the newer object.
				return ctrl.Result{Requeue: true}, nil
			}
			return ctrl.Result{}, err
		}
	}
	return ctrl.Result{RequeueAfter: result.requeueAfter}, nil
}

func (r *syncScheduleReconciler) report(ctx context.Context, ss *SyncSchedule) (*statusReport, string, error) {
	var cm corev1.ConfigMap
	key := types.NamespacedName{Namespace: ss.Namespace, Name: statusConfigMapName(ss.Name)}
	if err := r.client.Get(ctx, key, &cm); err != nil {
		return nil, "", client.IgnoreNotFound(err)
	}
	report, problem := readReport(&cm, string(ss.UID))
	return report, problem, nil
}

// applyChildren server-side applies the three children at once, as the TS operator does.
func (r *syncScheduleReconciler) applyChildren(ctx context.Context, ss *SyncSchedule) error {
	handoff, err := handoffConfigMap(ss)
	if err != nil {
		return err
	}
	opts := []client.ApplyOption{client.FieldOwner(fieldManager), client.ForceOwnership}
	g, ctx := errgroup.WithContext(ctx)
	g.Go(func() error { return r.client.Apply(ctx, workerDeployment(ss, r.workerEnvSecret), opts...) })
	g.Go(func() error { return r.client.Apply(ctx, workerHpa(ss), opts...) })
	g.Go(func() error { return r.client.Apply(ctx, handoff, opts...) })
	return g.Wait()
}

// applyStatus is OperatorClient.applyStatus: server-side apply of the status subresource
// with the read resourceVersion as a precondition (409 when the read was stale).
func (r *syncScheduleReconciler) applyStatus(ctx context.Context, ss *SyncSchedule, status SyncScheduleStatus) error {
	body, err := json.Marshal(map[string]any{
		"apiVersion": GroupVersion.String(),
		"kind":       "SyncSchedule",
		"metadata":   map[string]any{"name": ss.Name, "namespace": ss.Namespace, "resourceVersion": ss.ResourceVersion},
		"status":     status,
	})
	if err != nil {
		return err
	}
	u := &unstructured.Unstructured{}
	if err := u.UnmarshalJSON(body); err != nil {
		return err
	}
	return r.client.Status().Patch(ctx, u, client.Apply, client.FieldOwner(fieldManager), client.ForceOwnership)
}

// changed compares as the apiserver stores them (times to the second), like the TS
// operator's normalize().
func changed(old, desired SyncScheduleStatus) bool {
	a, errA := json.Marshal(old)
	b, errB := json.Marshal(desired)
	return errA != nil || errB != nil || !bytes.Equal(a, b)
}
