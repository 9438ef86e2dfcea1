package order

//go:generate go run golang.org/x/tools/cmd/stringer@v0.26.0 -type=Status -trimprefix=Status

// Status is the lifecycle state of an order.
type Status int

const (
	StatusPending Status = iota
	StatusPaid
	StatusShipped
	StatusCancelled
)
