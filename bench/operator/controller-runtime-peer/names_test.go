package main

import "testing"

// Values printed by packages/contracts (hash32, syncQueueName) under Node: the peer must
// name queues and children exactly as the TS operator does.
func TestNamesMatchContracts(t *testing.T) {
	if got := hash32(""); got != 2872998923 {
		t.Errorf("hash32(\"\") = %d", got)
	}
	if got := hash32("sync-bench-ss-1"); got != 1230424719 {
		t.Errorf("hash32 = %d", got)
	}
	long := syncQueueName("fincoach-production-namespace", "a-very-long-sync-schedule-name-for-the-nightly-bank-run")
	if long != "sync-fincoach-production-namespace-a-very-long-sync-sc-862055b2" {
		t.Errorf("syncQueueName = %q", long)
	}
	if got := syncQueueName("bench", "ss-1"); got != "sync-bench-ss-1" {
		t.Errorf("short syncQueueName = %q", got)
	}
}
