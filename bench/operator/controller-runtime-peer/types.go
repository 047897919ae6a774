package main

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/intstr"
)

// GroupVersion of the CRDs in crds/ (fincoach.dev/v1alpha1).
var GroupVersion = schema.GroupVersion{Group: "fincoach.dev", Version: "v1alpha1"}

// SyncSchedule mirrors crds/fincoach.dev_syncschedules.yaml: the fields the operator reads
// and writes. Hand-written (no controller-gen) because the peer is benchmark-only.
type SyncSchedule struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
	Spec              SyncScheduleSpec   `json:"spec"`
	Status            SyncScheduleStatus `json:"status,omitempty"`
}

// SyncScheduleSpec is the desired state; the apiserver has applied the CRD's defaults.
type SyncScheduleSpec struct {
	Schedule                string                `json:"schedule"`
	TimeZone                string                `json:"timeZone"`
	Suspend                 bool                  `json:"suspend"`
	Source                  string                `json:"source"`
	UserSelector            *metav1.LabelSelector `json:"userSelector,omitempty"`
	StartingDeadlineSeconds *int64                `json:"startingDeadlineSeconds,omitempty"`
	ConcurrencyPolicy       string                `json:"concurrencyPolicy"`
	Workers                 Workers               `json:"workers"`
}

// Workers is spec.workers.
type Workers struct {
	Image                   string     `json:"image"`
	MinReplicas             int32      `json:"minReplicas"`
	MaxReplicas             int32      `json:"maxReplicas"`
	TargetBacklogPerReplica int64      `json:"targetBacklogPerReplica"`
	Concurrency             int64      `json:"concurrency"`
	Resources               *Resources `json:"resources,omitempty"`
}

// Resources is spec.workers.resources (quantities are int-or-string in the CRD).
type Resources struct {
	Requests map[string]intstr.IntOrString `json:"requests,omitempty"`
	Limits   map[string]intstr.IntOrString `json:"limits,omitempty"`
}

// SyncScheduleStatus is what the operator writes (beat's read-back fields kept as they are).
type SyncScheduleStatus struct {
	ObservedGeneration int64              `json:"observedGeneration,omitempty"`
	LastScheduleTime   *metav1.Time       `json:"lastScheduleTime,omitempty"`
	LastSuccessfulTime *metav1.Time       `json:"lastSuccessfulTime,omitempty"`
	NextScheduleTime   *metav1.Time       `json:"nextScheduleTime,omitempty"`
	Active             *int64             `json:"active,omitempty"`
	Queued             *int64             `json:"queued,omitempty"`
	Conditions         []metav1.Condition `json:"conditions,omitempty"`
}

// SyncScheduleList is the list kind the cache lists with.
type SyncScheduleList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`
	Items           []SyncSchedule `json:"items"`
}

func copyQuantities(in map[string]intstr.IntOrString) map[string]intstr.IntOrString {
	if in == nil {
		return nil
	}
	out := make(map[string]intstr.IntOrString, len(in))
	for k, v := range in {
		out[k] = v
	}
	return out
}

func copyTime(t *metav1.Time) *metav1.Time {
	if t == nil {
		return nil
	}
	c := *t
	return &c
}

func copyInt(p *int64) *int64 {
	if p == nil {
		return nil
	}
	c := *p
	return &c
}

// DeepCopy copies every pointer, map and slice (what controller-gen would generate).
func (in *SyncSchedule) DeepCopy() *SyncSchedule {
	if in == nil {
		return nil
	}
	out := *in
	in.ObjectMeta.DeepCopyInto(&out.ObjectMeta)
	out.Spec.UserSelector = in.Spec.UserSelector.DeepCopy()
	out.Spec.StartingDeadlineSeconds = copyInt(in.Spec.StartingDeadlineSeconds)
	if r := in.Spec.Workers.Resources; r != nil {
		out.Spec.Workers.Resources = &Resources{Requests: copyQuantities(r.Requests), Limits: copyQuantities(r.Limits)}
	}
	s := &out.Status
	s.LastScheduleTime = copyTime(in.Status.LastScheduleTime)
	s.LastSuccessfulTime = copyTime(in.Status.LastSuccessfulTime)
	s.NextScheduleTime = copyTime(in.Status.NextScheduleTime)
	s.Active = copyInt(in.Status.Active)
	s.Queued = copyInt(in.Status.Queued)
	if in.Status.Conditions != nil {
		s.Conditions = make([]metav1.Condition, len(in.Status.Conditions))
		for i := range in.Status.Conditions {
			in.Status.Conditions[i].DeepCopyInto(&s.Conditions[i])
		}
	}
	return &out
}

// DeepCopyObject implements runtime.Object.
func (in *SyncSchedule) DeepCopyObject() runtime.Object { return in.DeepCopy() }

// DeepCopyObject implements runtime.Object.
func (in *SyncScheduleList) DeepCopyObject() runtime.Object {
	if in == nil {
		return nil
	}
	out := *in
	in.ListMeta.DeepCopyInto(&out.ListMeta)
	if in.Items != nil {
		out.Items = make([]SyncSchedule, len(in.Items))
		for i := range in.Items {
			out.Items[i] = *in.Items[i].DeepCopy()
		}
	}
	return &out
}

func addKnownTypes(scheme *runtime.Scheme) error {
	scheme.AddKnownTypes(GroupVersion, &SyncSchedule{}, &SyncScheduleList{})
	metav1.AddToGroupVersion(scheme, GroupVersion)
	return nil
}
