package ratelimit

import (
	"testing"

	"example.com/ratelimit/internal/testutil"
)

func TestAllow(t *testing.T) {
	_ = testutil.Golden("allow.json")
	if !Allow(1, 1, 2) {
		t.Fatal("expected allow")
	}
}
