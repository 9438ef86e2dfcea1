package order

import "testing"

func TestString(t *testing.T) {
	if StatusPaid.String() != "Paid" {
		t.Fatal(StatusPaid.String())
	}
}
