package db

import (
	"os"
	"testing"
)

func TestMain(m *testing.M) {
	if os.Getenv("TEST_DATABASE_URL") == "" {
		os.Exit(0)
	}
	os.Exit(m.Run())
}
