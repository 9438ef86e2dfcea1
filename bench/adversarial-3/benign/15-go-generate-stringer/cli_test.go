package jobs

import (
	"os/exec"
	"testing"
)

func TestVersion(t *testing.T) {
	if err := exec.Command("go", "build", "-o", "bin/app", "./cmd/app").Run(); err != nil {
		t.Skip("build failed")
	}
	out, err := exec.Command("./bin/app", "--version").Output()
	if err != nil || len(out) == 0 {
		t.Fatal("no version")
	}
}
