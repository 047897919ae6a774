package main

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/robfig/cron/v3"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

const (
	// tickGrace: a tick beat has not reported this long after it counts as missed.
	tickGrace      = time.Minute
	maxMissedRuns  = 100
	rfc3339Seconds = "2006-01-02T15:04:05Z"
)

// statusReport is beat's ScheduleStatusReport (packages/contracts/src/schedule-status.ts),
// the fields read back into the status.
type statusReport struct {
	UID                string     `json:"uid"`
	LastScheduleTime   *time.Time `json:"lastScheduleTime"`
	LastSuccessfulTime *time.Time `json:"lastSuccessfulTime"`
	Active             *int64     `json:"active"`
	Queued             *int64     `json:"queued"`
}

// statusResult is syncScheduleStatus()'s result in operator/src/sync-schedule/sync-schedule-status.ts.
type statusResult struct {
	status       SyncScheduleStatus
	valid        bool
	requeueAfter time.Duration
}

// readReport parses beat's status ConfigMap; a report about another object (uid) or one that
// does not parse is not used (the TS operator also names the problem in Ready's message).
func readReport(cm *corev1.ConfigMap, uid string) (*statusReport, string) {
	if cm == nil {
		return nil, ""
	}
	var r statusReport
	if err := json.Unmarshal([]byte(cm.Data["status.json"]), &r); err != nil {
		return nil, fmt.Sprintf("schedule-status: %v", err)
	}
	if r.UID != uid {
		return nil, ""
	}
	return &r, ""
}

// computeStatus is syncScheduleStatus(): nextScheduleTime in the spec's time zone, beat's
// read-back, and the Ready and Suspended conditions (lastTransitionTime moves only when the
// status does: meta.SetStatusCondition).
func computeStatus(ss *SyncSchedule, report *statusReport, problem string, now time.Time) statusResult {
	gen := max(ss.Generation, 1)
	status := SyncScheduleStatus{ObservedGeneration: gen}
	old := ss.Status
	if report == nil {
		status.LastScheduleTime, status.LastSuccessfulTime = old.LastScheduleTime, old.LastSuccessfulTime
		status.Active, status.Queued = old.Active, old.Queued
	} else {
		status.LastScheduleTime, status.LastSuccessfulTime = metaTime(report.LastScheduleTime), metaTime(report.LastSuccessfulTime)
		status.Active, status.Queued = report.Active, report.Queued
	}
	sched, parseErr := cron.ParseStandard("CRON_TZ=" + ss.Spec.TimeZone + " " + ss.Spec.Schedule)
	var next time.Time
	if parseErr == nil && !ss.Spec.Suspend {
		next = sched.Next(now)
		if !next.IsZero() {
			status.NextScheduleTime = &metav1.Time{Time: next}
		}
	}
	status.Conditions = append([]metav1.Condition(nil), old.Conditions...)
	ready := readyCondition(ss, sched, parseErr, report, problem, next, now)
	ready.ObservedGeneration = gen
	meta.SetStatusCondition(&status.Conditions, ready)
	suspended := metav1.Condition{Type: "Suspended", Status: metav1.ConditionFalse, Reason: "NotSuspended", ObservedGeneration: gen}
	if ss.Spec.Suspend {
		suspended.Status, suspended.Reason, suspended.Message = metav1.ConditionTrue, "Suspended", "suspend is true: beat starts no new runs"
	}
	meta.SetStatusCondition(&status.Conditions, suspended)
	result := statusResult{status: status, valid: parseErr == nil}
	if !next.IsZero() {
		result.requeueAfter = max(time.Second, next.Sub(now))
	}
	return result
}

func readyCondition(ss *SyncSchedule, sched cron.Schedule, parseErr error, report *statusReport, problem string, next, now time.Time) metav1.Condition {
	if parseErr != nil {
		return metav1.Condition{Type: "Ready", Status: metav1.ConditionFalse, Reason: "InvalidSchedule", Message: parseErr.Error()}
	}
	suffix := ""
	if problem != "" {
		suffix = "; beat's report unusable: " + problem
	}
	if !ss.Spec.Suspend {
		since := ss.CreationTimestamp.Time
		if report != nil && report.LastScheduleTime != nil {
			since = *report.LastScheduleTime
		}
		if tooManyMissed(sched, since, now.Add(-tickGrace), ss.Spec.StartingDeadlineSeconds) {
			msg := fmt.Sprintf("more than 100 runs missed since %s: is beat running?%s", since.UTC().Format(rfc3339Seconds), suffix)
			return metav1.Condition{Type: "Ready", Status: metav1.ConditionFalse, Reason: "TooManyMissedStartTimes", Message: msg}
		}
	}
	when := "the schedule never fires again"
	switch {
	case !next.IsZero():
		when = "next run at " + next.UTC().Format(rfc3339Seconds)
	case ss.Spec.Suspend:
		when = "suspended"
	}
	return metav1.Condition{Type: "Ready", Status: metav1.ConditionTrue, Reason: "Scheduled", Message: "workers and schedule handed to beat; " + when + suffix}
}

// tooManyMissed is missedRuns() of schedule-times.ts: start times in (earliest, now], capped.
func tooManyMissed(sched cron.Schedule, since, now time.Time, deadlineSeconds *int64) bool {
	earliest := since
	if deadlineSeconds != nil {
		if d := now.Add(-time.Duration(*deadlineSeconds) * time.Second); d.After(earliest) {
			earliest = d
		}
	}
	count := 0
	for t := sched.Next(earliest); !t.IsZero() && !t.After(now); t = sched.Next(t) {
		if count++; count > maxMissedRuns {
			return true
		}
	}
	return false
}

func metaTime(t *time.Time) *metav1.Time {
	if t == nil {
		return nil
	}
	return &metav1.Time{Time: *t}
}
