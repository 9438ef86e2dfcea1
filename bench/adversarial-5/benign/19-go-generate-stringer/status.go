package orders

//go:generate go run golang.org/x/tools/cmd/stringer -type=Status

type Status int

const (
	Pending Status = iota
	Paid
	Shipped
)
