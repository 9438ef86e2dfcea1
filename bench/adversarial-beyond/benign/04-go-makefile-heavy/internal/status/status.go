package status

//go:generate stringer -type=Status

// Status of an order.
type Status int

const (
	Pending Status = iota
	Paid
	Shipped
)
