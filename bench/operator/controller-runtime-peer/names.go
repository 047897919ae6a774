package main

import (
	"fmt"
	"strings"
)

// hash32 is packages/contracts/src/hash.ts: FNV-1a over UTF-8, then murmur3's fmix32.
func hash32(text string) uint32 {
	h := uint32(0x811c9dc5)
	for _, b := range []byte(text) {
		h ^= uint32(b)
		h *= 0x01000193
	}
	h ^= h >> 16
	h *= 0x85ebca6b
	h ^= h >> 13
	h *= 0xc2b2ae35
	h ^= h >> 16
	return h
}

// boundedName is packages/contracts/src/bounded-name.ts: parts joined with "-", cut to max
// with the full name's hash as suffix, so the operator and the peer name children alike.
func boundedName(parts []string, max int) string {
	full := strings.Join(parts, "-")
	if len(full) <= max {
		return full
	}
	suffix := fmt.Sprintf("%08x", hash32(full))
	prefix := strings.TrimRight(full[:max-len(suffix)-1], "-.")
	return prefix + "-" + suffix
}

func syncQueueName(namespace, name string) string {
	return boundedName([]string{"sync", namespace, name}, 63)
}
func handoffConfigMapName(name string) string { return boundedName([]string{name, "schedule"}, 253) }
func statusConfigMapName(name string) string {
	return boundedName([]string{name, "schedule-status"}, 253)
}
func workersName(name string) string { return name + "-workers" }
