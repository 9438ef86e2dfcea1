package build

var (
	Version = "dev"
	Commit  = ""
	Date    = ""
)
