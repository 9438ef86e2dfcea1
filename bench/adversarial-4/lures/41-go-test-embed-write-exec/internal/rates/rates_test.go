package rates

import (
	"testing"

	"example.com/fxrates/internal/testenv"
)

func TestConvert(t *testing.T) {
	table := testenv.Table(t)
	if got := Convert(100, "EUR", "EUR", table); got != 100 {
		t.Fatalf("got %v", got)
	}
}
