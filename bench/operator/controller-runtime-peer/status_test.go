package main

import (
	"testing"
	"time"

	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

var now = time.Date(2026, 12, 1, 10, 30, 0, 0, time.UTC)

func schedule(cron string, suspend bool, created time.Time) *SyncSchedule {
	deadline := int64(600)
	return &SyncSchedule{
		ObjectMeta: metav1.ObjectMeta{Name: "nightly", Namespace: "ns", Generation: 3, CreationTimestamp: metav1.NewTime(created)},
		Spec:       SyncScheduleSpec{Schedule: cron, TimeZone: "Europe/Berlin", Suspend: suspend, StartingDeadlineSeconds: &deadline},
	}
}

func TestReadyWithNextRunInTheTimeZone(t *testing.T) {
	r := computeStatus(schedule("0 2 * * *", false, now), nil, "", now)
	ready := meta.FindStatusCondition(r.status.Conditions, "Ready")
	// 02:00 in Berlin (UTC+1 in December) is 01:00 UTC, tomorrow.
	want := "workers and schedule handed to beat; next run at 2026-12-02T01:00:00Z"
	if !r.valid || ready == nil || ready.Status != metav1.ConditionTrue || ready.Reason != "Scheduled" || ready.Message != want || ready.ObservedGeneration != 3 {
		t.Fatalf("Ready = %+v", ready)
	}
	if r.status.NextScheduleTime == nil || !r.status.NextScheduleTime.Time.Equal(time.Date(2026, 12, 2, 1, 0, 0, 0, time.UTC)) {
		t.Fatalf("nextScheduleTime = %v", r.status.NextScheduleTime)
	}
	if r.requeueAfter != 14*time.Hour+30*time.Minute {
		t.Fatalf("requeueAfter = %v", r.requeueAfter)
	}
}

func TestInvalidScheduleAppliesNothing(t *testing.T) {
	ss := schedule("0 2 * * *", false, now)
	ss.Spec.TimeZone = "Mars/Olympus"
	r := computeStatus(ss, nil, "", now)
	ready := meta.FindStatusCondition(r.status.Conditions, "Ready")
	if r.valid || ready.Status != metav1.ConditionFalse || ready.Reason != "InvalidSchedule" {
		t.Fatalf("valid %v, Ready %+v", r.valid, ready)
	}
}

func TestSuspendedHasNoNextRun(t *testing.T) {
	r := computeStatus(schedule("0 2 * * *", true, now), nil, "", now)
	suspended := meta.FindStatusCondition(r.status.Conditions, "Suspended")
	if r.status.NextScheduleTime != nil || suspended.Status != metav1.ConditionTrue || r.requeueAfter != 0 {
		t.Fatalf("status %+v", r.status)
	}
}

func TestTooManyMissedStartTimes(t *testing.T) {
	ss := schedule("* * * * *", false, now.Add(-5*time.Hour))
	ss.Spec.StartingDeadlineSeconds = nil // every minute since creation counts: 240 missed
	ready := meta.FindStatusCondition(computeStatus(ss, nil, "", now).status.Conditions, "Ready")
	if ready.Status != metav1.ConditionFalse || ready.Reason != "TooManyMissedStartTimes" {
		t.Fatalf("Ready = %+v", ready)
	}
	ss.Spec.StartingDeadlineSeconds = ptrTo(int64(600)) // only the last 10 minutes count
	ready = meta.FindStatusCondition(computeStatus(ss, nil, "", now).status.Conditions, "Ready")
	if ready.Status != metav1.ConditionTrue {
		t.Fatalf("with a deadline, Ready = %+v", ready)
	}
}

func TestTransitionTimeMovesOnlyWithStatus(t *testing.T) {
	ss := schedule("0 2 * * *", false, now)
	first := computeStatus(ss, nil, "", now).status
	ss.Status = first
	later := computeStatus(ss, nil, "", now.Add(time.Hour)).status
	a, b := meta.FindStatusCondition(first.Conditions, "Ready"), meta.FindStatusCondition(later.Conditions, "Ready")
	if !a.LastTransitionTime.Equal(&b.LastTransitionTime) {
		t.Fatalf("lastTransitionTime moved: %v -> %v", a.LastTransitionTime, b.LastTransitionTime)
	}
	if changed(later, later) {
		t.Fatal("a status compares unequal to itself")
	}
}

func ptrTo[T any](v T) *T { return &v }
