package jobs

//go:generate go run golang.org/x/tools/cmd/stringer -type=Status

// Status of a job.
type Status int

const (
	Pending Status = iota
	Running
	Done
)
