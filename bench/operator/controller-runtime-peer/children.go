package main

import (
	"bytes"
	"encoding/json"
	"strconv"

	autoscalingv2 "k8s.io/api/autoscaling/v2"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
	appsv1ac "k8s.io/client-go/applyconfigurations/apps/v1"
	autoscalingv2ac "k8s.io/client-go/applyconfigurations/autoscaling/v2"
	corev1ac "k8s.io/client-go/applyconfigurations/core/v1"
	metav1ac "k8s.io/client-go/applyconfigurations/meta/v1"
)

// fieldManager is the operator's (operator/src/labels.ts FIELD_MANAGER): same owner of the same fields.
const fieldManager = "fincoach-operator"

// queueBacklogMetric is QUEUE_BACKLOG_METRIC of desired-sync-schedule-children.ts.
const queueBacklogMetric = "fincoach_queue_backlog"

// childLabels is commonLabels("sync-worker", name) plus the schedule label (operator/src/labels.ts).
func childLabels(name string) map[string]string {
	return map[string]string{
		"app.kubernetes.io/component":  "sync-worker",
		"app.kubernetes.io/instance":   name,
		"app.kubernetes.io/managed-by": fieldManager,
		"app.kubernetes.io/part-of":    "fincoach",
		"fincoach.dev/sync-schedule":   name,
	}
}

func ownerRef(ss *SyncSchedule) *metav1ac.OwnerReferenceApplyConfiguration {
	return metav1ac.OwnerReference().
		WithAPIVersion(GroupVersion.String()).WithKind("SyncSchedule").
		WithName(ss.Name).WithUID(ss.UID).
		WithController(true).WithBlockOwnerDeletion(true)
}

// workerDeployment is workerDeployment() of desired-sync-schedule-children.ts. No replicas:
// the HPA owns them.
func workerDeployment(ss *SyncSchedule, workerEnvSecret string) *appsv1ac.DeploymentApplyConfiguration {
	labels := childLabels(ss.Name)
	w := ss.Spec.Workers
	container := corev1ac.Container().WithName("worker").WithImage(w.Image).WithEnv(
		corev1ac.EnvVar().WithName("SYNC_QUEUE").WithValue(syncQueueName(ss.Namespace, ss.Name)),
		corev1ac.EnvVar().WithName("SYNC_CONCURRENCY").WithValue(strconv.FormatInt(w.Concurrency, 10)),
		corev1ac.EnvVar().WithName("SYNC_SOURCE").WithValue(ss.Spec.Source),
		corev1ac.EnvVar().WithName("SYNC_SCHEDULE").WithValue(ss.Namespace+"/"+ss.Name),
	)
	if workerEnvSecret != "" {
		container.WithEnvFrom(corev1ac.EnvFromSource().WithSecretRef(corev1ac.SecretEnvSource().WithName(workerEnvSecret)))
	}
	if r := w.Resources; r != nil {
		res := corev1ac.ResourceRequirements()
		if r.Requests != nil {
			res.WithRequests(resourceList(r.Requests))
		}
		if r.Limits != nil {
			res.WithLimits(resourceList(r.Limits))
		}
		container.WithResources(res)
	}
	container.WithSecurityContext(corev1ac.SecurityContext().
		WithAllowPrivilegeEscalation(false).WithReadOnlyRootFilesystem(true).WithRunAsNonRoot(true).
		WithCapabilities(corev1ac.Capabilities().WithDrop("ALL")).
		WithSeccompProfile(corev1ac.SeccompProfile().WithType(corev1.SeccompProfileTypeRuntimeDefault)))
	return appsv1ac.Deployment(workersName(ss.Name), ss.Namespace).
		WithLabels(labels).WithOwnerReferences(ownerRef(ss)).
		WithSpec(appsv1ac.DeploymentSpec().
			WithSelector(metav1ac.LabelSelector().WithMatchLabels(map[string]string{
				"app.kubernetes.io/component": "sync-worker",
				"app.kubernetes.io/instance":  ss.Name,
			})).
			WithTemplate(corev1ac.PodTemplateSpec().WithLabels(labels).WithSpec(
				corev1ac.PodSpec().WithAutomountServiceAccountToken(false).WithContainers(container))))
}

// workerHpa is workerHpa() of desired-sync-schedule-children.ts: one External backlog metric.
func workerHpa(ss *SyncSchedule) *autoscalingv2ac.HorizontalPodAutoscalerApplyConfiguration {
	w := ss.Spec.Workers
	target := resource.MustParse(strconv.FormatInt(w.TargetBacklogPerReplica, 10))
	return autoscalingv2ac.HorizontalPodAutoscaler(workersName(ss.Name), ss.Namespace).
		WithLabels(childLabels(ss.Name)).WithOwnerReferences(ownerRef(ss)).
		WithSpec(autoscalingv2ac.HorizontalPodAutoscalerSpec().
			WithScaleTargetRef(autoscalingv2ac.CrossVersionObjectReference().
				WithAPIVersion("apps/v1").WithKind("Deployment").WithName(workersName(ss.Name))).
			WithMinReplicas(w.MinReplicas).WithMaxReplicas(w.MaxReplicas).
			WithMetrics(autoscalingv2ac.MetricSpec().WithType(autoscalingv2.ExternalMetricSourceType).
				WithExternal(autoscalingv2ac.ExternalMetricSource().
					WithMetric(autoscalingv2ac.MetricIdentifier().WithName(queueBacklogMetric).
						WithSelector(metav1ac.LabelSelector().WithMatchLabels(map[string]string{
							"queue": syncQueueName(ss.Namespace, ss.Name),
						}))).
					WithTarget(autoscalingv2ac.MetricTarget().
						WithType(autoscalingv2.AverageValueMetricType).WithAverageValue(target)))))
}

// scheduleHandoff is ScheduleHandoff of packages/contracts/src/schedule-handoff.ts, fields in
// the order renderScheduleHandoff writes them.
type scheduleHandoff struct {
	Namespace               string                `json:"namespace"`
	Name                    string                `json:"name"`
	UID                     string                `json:"uid"`
	Generation              int64                 `json:"generation"`
	Schedule                string                `json:"schedule"`
	TimeZone                string                `json:"timeZone"`
	Suspend                 bool                  `json:"suspend"`
	Source                  string                `json:"source"`
	UserSelector            *metav1.LabelSelector `json:"userSelector"`
	StartingDeadlineSeconds *int64                `json:"startingDeadlineSeconds"`
	ConcurrencyPolicy       string                `json:"concurrencyPolicy"`
	Queue                   string                `json:"queue"`
}

// handoffConfigMap is the schedule handed to beat, rendered as JSON.stringify(value, null, 2) + "\n".
func handoffConfigMap(ss *SyncSchedule) (*corev1ac.ConfigMapApplyConfiguration, error) {
	selector := ss.Spec.UserSelector
	if selector == nil {
		selector = &metav1.LabelSelector{}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	err := enc.Encode(scheduleHandoff{
		Namespace: ss.Namespace, Name: ss.Name, UID: string(ss.UID), Generation: max(ss.Generation, 1),
		Schedule: ss.Spec.Schedule, TimeZone: ss.Spec.TimeZone, Suspend: ss.Spec.Suspend, Source: ss.Spec.Source,
		UserSelector: selector, StartingDeadlineSeconds: ss.Spec.StartingDeadlineSeconds,
		ConcurrencyPolicy: ss.Spec.ConcurrencyPolicy, Queue: syncQueueName(ss.Namespace, ss.Name),
	})
	if err != nil {
		return nil, err
	}
	labels := childLabels(ss.Name)
	labels["fincoach.dev/handoff"] = "sync-schedule"
	return corev1ac.ConfigMap(handoffConfigMapName(ss.Name), ss.Namespace).
		WithLabels(labels).WithOwnerReferences(ownerRef(ss)).
		WithData(map[string]string{"schedule.json": buf.String()}), nil
}

func resourceList(in map[string]intstr.IntOrString) corev1.ResourceList {
	out := corev1.ResourceList{}
	for k, v := range in {
		if q, err := resource.ParseQuantity(v.String()); err == nil {
			out[corev1.ResourceName(k)] = q
		}
	}
	return out
}
